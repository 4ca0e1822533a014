//! Plain-loop versions of the bit-packed kernels.
//!
//! Each function returns exactly what its counterpart in the parent module
//! returns: the integer ones because integer sums do not depend on the order
//! of addition, and [`field_f32`] because it adds in the same order as
//! [`super::field_f32`]. They are the reference for tests and the baseline
//! for benchmarks.

use super::{bit, check_state_len};
use crate::vector::{LANES, sum_lanes};

/// Returns the local field `Σ_j w_j σ_j` of an `i8` weight row.
///
/// # Panics
///
/// Panics unless `state` has `row.len().div_ceil(32)` words.
pub fn field_i8(row: &[i8], state: &[u32]) -> i32 {
    check_state_len(row.len(), state);
    let mut sum = 0i32;
    for (j, &w) in row.iter().enumerate() {
        let w = i32::from(w);
        sum += if bit(state, j) { w } else { -w };
    }
    sum
}

/// Returns the local field `Σ_j w_j σ_j` of an `i16` weight row.
///
/// # Panics
///
/// Panics unless `state` has `row.len().div_ceil(32)` words.
pub fn field_i16(row: &[i16], state: &[u32]) -> i32 {
    check_state_len(row.len(), state);
    let mut sum = 0i32;
    for (j, &w) in row.iter().enumerate() {
        let w = i32::from(w);
        sum += if bit(state, j) { w } else { -w };
    }
    sum
}

/// Returns the local field `Σ_j w_j σ_j` of an `f32` weight row.
///
/// # Panics
///
/// Panics unless `state` has `row.len().div_ceil(32)` words.
pub fn field_f32(row: &[f32], state: &[u32]) -> f32 {
    check_state_len(row.len(), state);
    let full = row.len() - row.len() % LANES;

    let mut partial = [0.0f32; LANES];
    for j in 0..full {
        partial[j % LANES] += if bit(state, j) { row[j] } else { -row[j] };
    }

    let mut sum = sum_lanes(partial);
    for (j, &w) in row.iter().enumerate().skip(full) {
        sum += if bit(state, j) { w } else { -w };
    }
    sum
}

/// Returns the population count of `a XOR b`.
///
/// # Panics
///
/// Panics if `a` and `b` have different lengths.
pub fn xor_count_ones(a: &[u32], b: &[u32]) -> u32 {
    assert_eq!(
        a.len(),
        b.len(),
        "xor_count_ones: slices of different lengths"
    );
    a.iter().zip(b).map(|(x, y)| (x ^ y).count_ones()).sum()
}

/// Returns the local field of a row of ternary weights stored as a sign
/// plane and a nonzero plane, as [`super::ternary_field`] does.
///
/// # Panics
///
/// Panics if the three slices have different lengths.
pub fn ternary_field(signs: &[u32], nonzero: &[u32], state: &[u32]) -> i32 {
    assert!(
        signs.len() == nonzero.len() && signs.len() == state.len(),
        "ternary_field: slices of different lengths"
    );
    let mut sum = 0i32;
    for ((s, m), x) in signs.iter().zip(nonzero).zip(state) {
        for k in 0..32 {
            if m >> k & 1 == 1 {
                sum += if (s ^ x) >> k & 1 == 0 { 1 } else { -1 };
            }
        }
    }
    sum
}
