//! Inner products of weight rows with bit-packed bipolar states.
//!
//! A state of `n` units is packed into `n.div_ceil(32)` words: unit `j` is
//! bit `j % 32` of word `j / 32`, set for `+1` and clear for `-1`. The
//! functions here compute the local field `Σ_j w_j σ_j` of one weight row
//! and the bit counts that the bit-packed memories need.
//!
//! # Lanes
//!
//! - `i8` and `i16` rows are widened to `i16x16` and multiplied with a
//!   `±1` lane vector built from 16 state bits by [`wide::i16x16::dot`],
//!   which adds adjacent products into `i32x8` lanes.
//! - `f32` rows use `f32x8`: the state bit flips the sign bit of the weight,
//!   which is exactly the product with `±1`.
//! - Bit counts XOR 8 words at a time in `u32x8` and count bits with the
//!   SWAR population count (shifts, masks and one multiply per lane), because
//!   neither Cortex-M4 nor baseline x86-64 has a vector population count.
//!
//! # Results
//!
//! The integer kernels return exact sums, so their results equal those of
//! the plain loops in [`scalar`] whatever the order of addition. The callers
//! keep every sum within `i32`: a row of `n` weights of magnitude at most
//! `m` gives a field of magnitude at most `n m`, and each memory checks at
//! compile time that this fits (see [`Weight::MAX_UNITS`]).
//!
//! The `f32` kernel adds in the order that [`crate::vector`] documents: eight
//! partial sums, where element `j` of each full group of eight goes to sum
//! `j % 8`, added pairwise, then the remaining elements one at a time. Its
//! counterpart in [`scalar`] follows the same order, so the two return
//! bit-identical results on every target.
//!
//! [`Weight::MAX_UNITS`]: super::Weight::MAX_UNITS

use core::ops::{Add, Neg};

use wide::{f32x8, i8x16, i16x16, i32x8, u32x8};

use crate::vector::sum_lanes;

pub mod scalar;

/// Bit `k` of a 16-bit group selects lane `k`.
const I16_LANE_BITS: i16x16 = i16x16::new([
    1 << 0,
    1 << 1,
    1 << 2,
    1 << 3,
    1 << 4,
    1 << 5,
    1 << 6,
    1 << 7,
    1 << 8,
    1 << 9,
    1 << 10,
    1 << 11,
    1 << 12,
    1 << 13,
    1 << 14,
    i16::MIN,
]);

/// Bit `k` of an 8-bit group selects lane `k`.
const U32_LANE_BITS: u32x8 = u32x8::new([1, 2, 4, 8, 16, 32, 64, 128]);

/// The sign bit of an `f32`.
const F32_SIGN_BIT: u32 = 0x8000_0000;

/// Panics unless `words` has exactly the word count of `units` units.
#[track_caller]
pub(crate) fn check_state_len(units: usize, words: &[u32]) {
    assert_eq!(
        words.len(),
        units.div_ceil(32),
        "a state of {units} units needs {} words, got {}",
        units.div_ceil(32),
        words.len()
    );
}

/// Returns bit `j` of a packed state.
#[inline(always)]
pub(crate) fn bit(words: &[u32], j: usize) -> bool {
    words[j / 32] >> (j % 32) & 1 == 1
}

/// Returns `±1` lanes from 16 bits: `+1` where the bit is set.
#[inline(always)]
fn signs_i16(bits: u32) -> i16x16 {
    let clear = (i16x16::splat(bits as u16 as i16) & I16_LANE_BITS).simd_eq(i16x16::ZERO);
    // `clear` is -1 where the bit is clear and 0 where it is set, so
    // `2 clear + 1` is -1 or +1.
    (clear << 1) | i16x16::ONE
}

/// Returns the sign-bit mask for 8 `f32` lanes: the sign bit where the state
/// bit is clear (`σ = -1`), zero where it is set.
#[inline(always)]
fn sign_flips_f32(bits: u32) -> u32x8 {
    let clear = (u32x8::splat(bits) & U32_LANE_BITS).simd_eq(u32x8::ZERO);
    clear & u32x8::splat(F32_SIGN_BIT)
}

/// Returns the number of set bits in each lane (SWAR population count).
#[inline(always)]
fn count_ones_lanes(x: u32x8) -> u32x8 {
    let x = x - ((x >> 1) & u32x8::splat(0x5555_5555));
    let x = (x & u32x8::splat(0x3333_3333)) + ((x >> 2) & u32x8::splat(0x3333_3333));
    let x = (x + (x >> 4)) & u32x8::splat(0x0F0F_0F0F);
    (x * u32x8::splat(0x0101_0101)) >> 24
}

/// Returns the local field `Σ_j w_j σ_j` of an `i8` weight row.
///
/// # Panics
///
/// Panics unless `state` has `row.len().div_ceil(32)` words.
#[inline]
pub fn field_i8(row: &[i8], state: &[u32]) -> i32 {
    check_state_len(row.len(), state);
    let (groups, tail) = row.as_chunks::<16>();

    let mut acc = i32x8::ZERO;
    for (g, group) in groups.iter().enumerate() {
        let bits = state[g / 2] >> (16 * (g % 2));
        let weights = i16x16::from_i8x16(i8x16::new(*group));
        acc += weights.dot(signs_i16(bits));
    }

    add_signed_tail(acc.reduce_add(), tail, state, groups.len() * 16, i32::from)
}

/// Returns the local field `Σ_j w_j σ_j` of an `i16` weight row.
///
/// Each `i32` lane first adds a pair of adjacent products, so a pair of
/// `i16::MIN` weights would overflow it. The memories never store
/// `i16::MIN`, because they keep weights in `±i16::MAX`.
///
/// # Panics
///
/// Panics unless `state` has `row.len().div_ceil(32)` words.
#[inline]
pub fn field_i16(row: &[i16], state: &[u32]) -> i32 {
    check_state_len(row.len(), state);
    let (groups, tail) = row.as_chunks::<16>();

    let mut acc = i32x8::ZERO;
    for (g, group) in groups.iter().enumerate() {
        let bits = state[g / 2] >> (16 * (g % 2));
        acc += i16x16::new(*group).dot(signs_i16(bits));
    }

    add_signed_tail(acc.reduce_add(), tail, state, groups.len() * 16, i32::from)
}

/// Returns the local field `Σ_j w_j σ_j` of an `f32` weight row, added in
/// the order set out in the module documentation.
///
/// NaN and infinity propagate as in IEEE 754 arithmetic.
///
/// # Panics
///
/// Panics unless `state` has `row.len().div_ceil(32)` words.
#[inline]
pub fn field_f32(row: &[f32], state: &[u32]) -> f32 {
    check_state_len(row.len(), state);
    let (groups, tail) = row.as_chunks::<8>();

    let mut acc = f32x8::ZERO;
    for (g, group) in groups.iter().enumerate() {
        let bits = state[g / 4] >> (8 * (g % 4));
        let signed = f32x8::new(*group).to_bits() ^ sign_flips_f32(bits);
        acc += f32x8::from_bits(signed);
    }

    add_signed_tail(
        sum_lanes(acc.to_array()),
        tail,
        state,
        groups.len() * 8,
        |w| w,
    )
}

/// Adds `±w` for each weight of `tail`, with the sign of its unit's state,
/// to `sum` one at a time in order; `tail[k]` belongs to unit `first + k`.
#[inline]
fn add_signed_tail<T: Copy, S: Copy + Add<Output = S> + Neg<Output = S>>(
    mut sum: S,
    tail: &[T],
    state: &[u32],
    first: usize,
    widen: impl Fn(T) -> S,
) -> S {
    for (k, &w) in tail.iter().enumerate() {
        let w = widen(w);
        sum = sum + if bit(state, first + k) { w } else { -w };
    }
    sum
}

/// Returns the number of bits that differ between `a` and `b`, the
/// population count of `a XOR b`.
///
/// For two bipolar states of `n` units with clear padding bits, the
/// inner product is `n - 2 · xor_count_ones(a, b)`.
///
/// # Panics
///
/// Panics if `a` and `b` have different lengths.
#[inline]
pub fn xor_count_ones(a: &[u32], b: &[u32]) -> u32 {
    assert_eq!(
        a.len(),
        b.len(),
        "xor_count_ones: slices of different lengths"
    );
    let (a_groups, a_tail) = a.as_chunks::<8>();
    let (b_groups, b_tail) = b.as_chunks::<8>();

    let mut acc = u32x8::ZERO;
    for (x, y) in a_groups.iter().zip(b_groups) {
        acc += count_ones_lanes(u32x8::new(*x) ^ u32x8::new(*y));
    }

    let mut count = acc.reduce_add();
    for (x, y) in a_tail.iter().zip(b_tail) {
        count += (x ^ y).count_ones();
    }
    count
}

/// Returns the local field `Σ_j c_j σ_j` of a row of ternary weights
/// `c_j ∈ {-1, 0, +1}`, stored as two bit planes: bit `j` of `nonzero` is set
/// where `c_j ≠ 0`, and bit `j` of `signs` is set where `c_j = +1`.
///
/// The field is `popcount(nonzero) - 2 · popcount(nonzero AND (signs XOR
/// state))`: every nonzero weight adds `+1` where its sign agrees with the
/// state bit and `-1` where it does not.
///
/// # Panics
///
/// Panics if the three slices have different lengths.
#[inline]
pub fn ternary_field(signs: &[u32], nonzero: &[u32], state: &[u32]) -> i32 {
    assert!(
        signs.len() == nonzero.len() && signs.len() == state.len(),
        "ternary_field: slices of different lengths"
    );
    let (s_groups, s_tail) = signs.as_chunks::<8>();
    let (m_groups, m_tail) = nonzero.as_chunks::<8>();
    let (x_groups, x_tail) = state.as_chunks::<8>();

    let mut active = u32x8::ZERO;
    let mut disagree = u32x8::ZERO;
    for ((s, m), x) in s_groups.iter().zip(m_groups).zip(x_groups) {
        let mask = u32x8::new(*m);
        active += count_ones_lanes(mask);
        disagree += count_ones_lanes(mask & (u32x8::new(*s) ^ u32x8::new(*x)));
    }

    let mut active = active.reduce_add();
    let mut disagree = disagree.reduce_add();
    for ((s, m), x) in s_tail.iter().zip(m_tail).zip(x_tail) {
        active += m.count_ones();
        disagree += (m & (s ^ x)).count_ones();
    }
    // Both counts are at most 32 · len ≤ i32::MAX for any slice a memory
    // can hold, because the memories limit a state to 65 535 units.
    active as i32 - 2 * disagree as i32
}
