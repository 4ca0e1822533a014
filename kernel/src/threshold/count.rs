//! Counting the bits two bit-packed vectors have in common.
//!
//! A threshold unit with 0/1 inputs and 0/1 weights computes its net input as
//! the number of set bits in `input AND weights`. [`and_count_ones`] does this
//! eight words at a time with [`wide::u32x8`]: one AND, then a population
//! count in each lane by shifts, masks and adds, because `wide` has no
//! lane-wise popcount. Words past the last full group of eight use
//! [`u32::count_ones`]. [`scalar::and_count_ones`] is the plain loop.
//!
//! Both are exact integer computations, so they return the same count on
//! every target. On a Cortex-M4F `wide` runs the eight lanes as plain `u32`
//! operations, and the core has no popcount instruction either.

use wide::u32x8;

/// The number of words [`and_count_ones`] processes per step.
pub const LANES: usize = 8;

/// Returns the number of bits set in both `a[k]` and `b[k]`, summed over `k`.
///
/// # Panics
///
/// Panics if `a` and `b` have different lengths.
#[inline]
pub fn and_count_ones(a: &[u32], b: &[u32]) -> u32 {
    assert_eq!(
        a.len(),
        b.len(),
        "and_count_ones: slices of different lengths"
    );
    let (a_groups, a_tail) = a.as_chunks::<LANES>();
    let (b_groups, b_tail) = b.as_chunks::<LANES>();

    // The count fits a u32 for fewer than 2^27 words (512 MiB of bits).
    let mut acc = u32x8::ZERO;
    for (x, y) in a_groups.iter().zip(b_groups) {
        acc += count_ones_per_lane(u32x8::new(*x) & u32x8::new(*y));
    }

    let mut total = acc.reduce_add();
    for (x, y) in a_tail.iter().zip(b_tail) {
        total += (x & y).count_ones();
    }
    total
}

/// Returns the number of set bits in each lane.
#[inline(always)]
fn count_ones_per_lane(x: u32x8) -> u32x8 {
    let m1 = u32x8::splat(0x5555_5555);
    let m2 = u32x8::splat(0x3333_3333);
    let m4 = u32x8::splat(0x0F0F_0F0F);
    // Two-bit fields hold the count of their two bits, then four-bit fields
    // of their four, then each byte the count of its eight.
    let x = x - ((x >> 1) & m1);
    let x = (x & m2) + ((x >> 2) & m2);
    let x = (x + (x >> 4)) & m4;
    // Add the four byte counts into the low byte; the total is at most 32.
    let x = x + (x >> 8);
    let x = x + (x >> 16);
    x & u32x8::splat(0x3F)
}

/// Plain-loop version of the counting kernel, the reference in tests.
pub mod scalar {
    /// Returns the number of bits set in both `a[k]` and `b[k]`, summed over
    /// `k`, one word at a time.
    ///
    /// # Panics
    ///
    /// Panics if `a` and `b` have different lengths.
    pub fn and_count_ones(a: &[u32], b: &[u32]) -> u32 {
        assert_eq!(
            a.len(),
            b.len(),
            "and_count_ones: slices of different lengths"
        );
        a.iter().zip(b).map(|(x, y)| (x & y).count_ones()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Xoshiro128PlusPlus;
    use crate::threshold::words_for;
    use rand_core::{Rng, SeedableRng};

    /// The largest word count the tests use: 513 bits.
    const MAX_WORDS: usize = 17;

    /// Clears the bits of `words` at positions `bits` and above.
    fn truncate(words: &mut [u32], bits: usize) {
        for (k, word) in words.iter_mut().enumerate() {
            let start = k * 32;
            if start >= bits {
                *word = 0;
            } else if bits - start < 32 {
                *word &= (1u32 << (bits - start)) - 1;
            }
        }
    }

    #[test]
    fn wide_matches_scalar_at_lane_edges() {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(0);
        let special = [0u32, u32::MAX, 0x8000_0001, 0x5555_5555, 0xAAAA_AAAA];
        for bits in [1, 31, 32, 33, 224, 255, 256, 257, 511, 512, 513] {
            let words = words_for(bits);
            let pairs = special.len() * special.len();
            for trial in 0..pairs + 50 {
                let mut a = [0u32; MAX_WORDS];
                let mut b = [0u32; MAX_WORDS];
                for (x, y) in a.iter_mut().zip(b.iter_mut()) {
                    // The first trials use every pair of special words, the
                    // rest random ones.
                    if trial < pairs {
                        *x = special[trial % special.len()];
                        *y = special[trial / special.len()];
                    } else {
                        *x = rng.next_u32();
                        *y = rng.next_u32();
                    }
                }
                truncate(&mut a[..words], bits);
                truncate(&mut b[..words], bits);
                let (a, b) = (&a[..words], &b[..words]);

                let got = and_count_ones(a, b);
                let expected = scalar::and_count_ones(a, b);
                assert_eq!(
                    got, expected,
                    "{bits} bits, trial {trial}, a = {a:08x?}, b = {b:08x?}: wide {got}, scalar {expected}"
                );
            }
        }
    }

    #[test]
    fn all_ones_counts_every_bit() {
        for words in [0, 1, 7, 8, 9, 16, 17] {
            let ones = [u32::MAX; MAX_WORDS];
            let got = and_count_ones(&ones[..words], &ones[..words]);
            let expected = 32 * words as u32;
            assert_eq!(
                got, expected,
                "{words} words of ones: got {got}, expected {expected}"
            );
        }
    }
}
