//! Bit-packed bipolar patterns and network states.

use rand_core::Rng;

use super::kernels::{bit, xor_count_ones};
use super::weight::MAX_UNITS;
use crate::rng::below;

/// The word count for `N` bits; the same function as in [`crate::threshold`],
/// because both modules pack states the same way.
pub use crate::threshold::words_for;

/// A pattern or network state of `N` bipolar units `σ_j ∈ {-1, +1}`, packed
/// into `WORDS` words of 32 bits.
///
/// Unit `j` is bit `j % 32` (from the least significant) of word `j / 32`;
/// a set bit is `+1` and a clear bit is `-1`. The bits of the last word past
/// `N` are always clear, so whole words can be XORed and counted.
///
/// `N` must be between 1 and [`MAX_UNITS`] (65 535) and `WORDS` must equal
/// [`words_for`]`(N)`. Other values fail to compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BipolarPattern<const N: usize, const WORDS: usize> {
    words: [u32; WORDS],
}

impl<const N: usize, const WORDS: usize> BipolarPattern<N, WORDS> {
    pub(crate) const SHAPE_IS_VALID: () = assert!(
        N > 0 && N <= MAX_UNITS && WORDS == words_for(N),
        "BipolarPattern<N, WORDS> needs 0 < N <= 65 535 and WORDS == words_for(N)"
    );

    /// The bits of the last word that lie below `N`.
    const LAST_WORD_MASK: u32 = if N.is_multiple_of(32) {
        u32::MAX
    } else {
        (1u32 << (N % 32)) - 1
    };

    /// Creates a pattern with every unit `+1` if `positive`, else `-1`.
    pub const fn filled(positive: bool) -> Self {
        let () = Self::SHAPE_IS_VALID;
        let fill = if positive { u32::MAX } else { 0 };
        Self::from_words([fill; WORDS])
    }

    /// Creates a pattern from packed words. Bits past `N` in the last word are
    /// cleared.
    pub const fn from_words(mut words: [u32; WORDS]) -> Self {
        let () = Self::SHAPE_IS_VALID;
        words[WORDS - 1] &= Self::LAST_WORD_MASK;
        Self { words }
    }

    /// Creates a pattern whose unit `j` is `+1` where `positive(j)` returns
    /// true and `-1` elsewhere.
    pub fn from_fn(mut positive: impl FnMut(usize) -> bool) -> Self {
        let mut pattern = Self::filled(false);
        for j in 0..N {
            if positive(j) {
                pattern.words[j / 32] |= 1 << (j % 32);
            }
        }
        pattern
    }

    /// Creates a pattern from signs: elements greater than zero become `+1`,
    /// all others `-1`.
    pub fn from_signs(signs: &[i8; N]) -> Self {
        Self::from_fn(|j| signs[j] > 0)
    }

    /// Draws a pattern whose units are independent and `±1` with probability
    /// ½ each, one 32-bit draw per word.
    pub fn random<R: Rng + ?Sized>(rng: &mut R) -> Self {
        Self::from_words(core::array::from_fn(|_| rng.next_u32()))
    }

    /// Returns the packed words. The bits past `N` are clear.
    pub const fn words(&self) -> &[u32; WORDS] {
        &self.words
    }

    /// Returns whether unit `j` is `+1`.
    ///
    /// # Panics
    ///
    /// Panics if `j >= N`.
    #[inline]
    pub fn is_positive(&self, j: usize) -> bool {
        assert!(j < N, "unit {j} is out of range for {N} units");
        bit(&self.words, j)
    }

    /// Returns unit `j` as `+1` or `-1`.
    ///
    /// # Panics
    ///
    /// Panics if `j >= N`.
    #[inline]
    pub fn sign(&self, j: usize) -> i8 {
        if self.is_positive(j) { 1 } else { -1 }
    }

    /// Sets unit `j` to `+1` if `positive`, else to `-1`.
    ///
    /// # Panics
    ///
    /// Panics if `j >= N`.
    #[inline]
    pub fn set(&mut self, j: usize, positive: bool) {
        assert!(j < N, "unit {j} is out of range for {N} units");
        let mask = 1u32 << (j % 32);
        if positive {
            self.words[j / 32] |= mask;
        } else {
            self.words[j / 32] &= !mask;
        }
    }

    /// Flips unit `j`.
    ///
    /// # Panics
    ///
    /// Panics if `j >= N`.
    #[inline]
    pub fn flip(&mut self, j: usize) {
        assert!(j < N, "unit {j} is out of range for {N} units");
        self.words[j / 32] ^= 1 << (j % 32);
    }

    /// Flips `count` distinct units chosen uniformly at random, with exactly
    /// `count` draws from `rng` (Floyd's sampling algorithm).
    ///
    /// # Panics
    ///
    /// Panics if `count > N`.
    pub fn flip_random<R: Rng + ?Sized>(&mut self, count: usize, rng: &mut R) {
        assert!(count <= N, "cannot flip {count} of {N} units");
        // `chosen` marks the sampled units. Floyd's algorithm draws from
        // 0..=j for each j of the last `count` indices, and takes j itself
        // when the draw was already chosen.
        let mut chosen = Self::filled(false);
        for j in N - count..N {
            let draw = below(rng, (j + 1) as u32) as usize;
            let pick = if chosen.is_positive(draw) { j } else { draw };
            chosen.set(pick, true);
            self.flip(pick);
        }
    }

    /// Returns the pattern with every unit flipped.
    pub fn negated(&self) -> Self {
        Self::from_words(self.words.map(|w| !w))
    }

    /// Returns the units as `±1` values.
    pub fn to_signs(&self) -> [i8; N] {
        core::array::from_fn(|j| self.sign(j))
    }

    /// Returns the number of `+1` units.
    pub fn count_positive(&self) -> u32 {
        self.words.iter().map(|w| w.count_ones()).sum()
    }

    /// Returns the number of units in which `self` and `other` differ.
    pub fn hamming_distance(&self, other: &Self) -> u32 {
        xor_count_ones(&self.words, &other.words)
    }

    /// Returns the inner product `Σ_j ξ_j σ_j`, computed as
    /// `N - 2 · hamming_distance`.
    pub fn dot(&self, other: &Self) -> i32 {
        // N ≤ 65 535, so both counts fit in i32.
        N as i32 - 2 * self.hamming_distance(other) as i32
    }

    /// Returns the overlap `(1/N) Σ_j ξ_j σ_j`, between -1 and 1.
    pub fn overlap(&self, other: &Self) -> f32 {
        self.dot(other) as f32 / N as f32
    }
}

#[cfg(test)]
mod tests {
    use rand_core::SeedableRng;

    use super::*;
    use crate::rng::Xoshiro128PlusPlus;

    #[test]
    fn padding_bits_stay_clear() {
        let all = BipolarPattern::<33, 2>::filled(true);
        assert_eq!(all.words(), &[u32::MAX, 1], "33 positive units");
        let negated = BipolarPattern::<33, 2>::filled(false).negated();
        assert_eq!(negated, all, "negated all-negative pattern");
        let from_words = BipolarPattern::<33, 2>::from_words([0, u32::MAX]);
        assert_eq!(from_words.words(), &[0, 1], "from_words([0, MAX])");
    }

    #[test]
    fn signs_round_trip() {
        let signs: [i8; 37] = core::array::from_fn(|j| if j % 3 == 0 { 1 } else { -1 });
        let pattern = BipolarPattern::<37, 2>::from_signs(&signs);
        assert_eq!(pattern.to_signs(), signs);
        assert_eq!(pattern.count_positive(), 13, "units 0, 3, ..., 36");
    }

    #[test]
    fn dot_matches_sign_sum() {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(0);
        for _ in 0..20 {
            let a = BipolarPattern::<257, 9>::random(&mut rng);
            let b = BipolarPattern::<257, 9>::random(&mut rng);
            let expected: i32 = (0..257)
                .map(|j| i32::from(a.sign(j)) * i32::from(b.sign(j)))
                .sum();
            assert_eq!(a.dot(&b), expected, "dot of {a:?} and {b:?}");
        }
    }

    #[test]
    fn flip_random_flips_exactly_count() {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(1);
        let original = BipolarPattern::<100, 4>::random(&mut rng);
        for count in [0, 1, 17, 99, 100] {
            let mut damaged = original;
            damaged.flip_random(count, &mut rng);
            let distance = damaged.hamming_distance(&original);
            assert_eq!(
                distance, count as u32,
                "flip_random({count}) changed {distance} units"
            );
        }
    }
}
