//! Bit-packed vectors of 0/1 unit states.

use super::count::and_count_ones;

/// The number of bits in one storage word.
pub const WORD_BITS: usize = u32::BITS as usize;

/// Returns the number of `u32` words that hold `bits` bits.
///
/// Stable Rust cannot compute an array length from a generic parameter, so
/// the types here take the word count as a second const generic. Pass
/// `words_for(N)` for it, for example `BitVec<257, { words_for(257) }>`.
pub const fn words_for(bits: usize) -> usize {
    bits.div_ceil(WORD_BITS)
}

/// `N` bits packed into `WORDS` words of 32 bits.
///
/// Bit `i` is bit `i % 32` (counting from the least significant) of word
/// `i / 32`. The bits of the last word past `N` are always zero, so whole
/// words can be counted and compared directly.
///
/// `WORDS` must equal [`words_for`]`(N)`; any other value fails to compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BitVec<const N: usize, const WORDS: usize> {
    words: [u32; WORDS],
}

impl<const N: usize, const WORDS: usize> Default for BitVec<N, WORDS> {
    fn default() -> Self {
        Self::zeros()
    }
}

impl<const N: usize, const WORDS: usize> BitVec<N, WORDS> {
    const SIZE_IS_VALID: () = assert!(
        WORDS == words_for(N),
        "BitVec<N, WORDS> needs WORDS == words_for(N)"
    );

    /// The mask of the bits of the last word that lie below `N`.
    const LAST_WORD_MASK: u32 = if N.is_multiple_of(WORD_BITS) {
        u32::MAX
    } else {
        (1u32 << (N % WORD_BITS)) - 1
    };

    /// Creates a vector with every bit clear.
    pub const fn zeros() -> Self {
        let () = Self::SIZE_IS_VALID;
        Self { words: [0; WORDS] }
    }

    /// Creates a vector with all `N` bits set.
    pub const fn ones() -> Self {
        let () = Self::SIZE_IS_VALID;
        let mut words = [u32::MAX; WORDS];
        if WORDS > 0 {
            words[WORDS - 1] = Self::LAST_WORD_MASK;
        }
        Self { words }
    }

    /// Creates a vector from its storage words, or returns `None` if a bit
    /// at position `N` or above is set.
    pub const fn from_words(words: [u32; WORDS]) -> Option<Self> {
        let () = Self::SIZE_IS_VALID;
        if WORDS > 0 && words[WORDS - 1] & !Self::LAST_WORD_MASK != 0 {
            return None;
        }
        Some(Self { words })
    }

    /// Creates a vector whose bit `i` is `bit(i)`.
    pub fn from_fn(mut bit: impl FnMut(usize) -> bool) -> Self {
        let mut bits = Self::zeros();
        for i in 0..N {
            if bit(i) {
                bits.set(i, true);
            }
        }
        bits
    }

    /// Creates a vector with the bits at `indices` set.
    ///
    /// # Panics
    ///
    /// Panics if an index is `N` or larger.
    pub fn from_indices(indices: &[usize]) -> Self {
        let mut bits = Self::zeros();
        for &i in indices {
            bits.set(i, true);
        }
        bits
    }

    /// The storage words.
    pub const fn words(&self) -> &[u32; WORDS] {
        &self.words
    }

    /// Returns bit `i`.
    ///
    /// # Panics
    ///
    /// Panics if `i >= N`.
    #[track_caller]
    pub fn get(&self, i: usize) -> bool {
        assert!(i < N, "bit {i} is out of range for a BitVec of {N} bits");
        self.words[i / WORD_BITS] >> (i % WORD_BITS) & 1 == 1
    }

    /// Sets bit `i` to `value`.
    ///
    /// # Panics
    ///
    /// Panics if `i >= N`.
    #[track_caller]
    pub fn set(&mut self, i: usize, value: bool) {
        assert!(i < N, "bit {i} is out of range for a BitVec of {N} bits");
        let mask = 1u32 << (i % WORD_BITS);
        if value {
            self.words[i / WORD_BITS] |= mask;
        } else {
            self.words[i / WORD_BITS] &= !mask;
        }
    }

    /// Returns the number of set bits.
    pub fn count_ones(&self) -> u32 {
        self.words.iter().map(|w| w.count_ones()).sum()
    }

    /// Returns whether no bit is set.
    pub fn is_zero(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Returns the number of bits set in both `self` and `other`, computed
    /// with [`and_count_ones`].
    pub fn and_count_ones(&self, other: &Self) -> u32 {
        and_count_ones(&self.words, &other.words)
    }

    /// Returns whether `self` and `other` have a set bit in common.
    pub fn intersects(&self, other: &Self) -> bool {
        self.words.iter().zip(&other.words).any(|(a, b)| a & b != 0)
    }

    /// Returns the bitwise AND.
    #[must_use]
    pub fn and(&self, other: &Self) -> Self {
        Self {
            words: core::array::from_fn(|k| self.words[k] & other.words[k]),
        }
    }

    /// Returns the bitwise OR.
    #[must_use]
    pub fn or(&self, other: &Self) -> Self {
        Self {
            words: core::array::from_fn(|k| self.words[k] | other.words[k]),
        }
    }

    /// Returns the bits of `self` that are not set in `other`.
    #[must_use]
    pub fn and_not(&self, other: &Self) -> Self {
        Self {
            words: core::array::from_fn(|k| self.words[k] & !other.words[k]),
        }
    }

    /// Returns the positions of the set bits in increasing order.
    pub fn iter_ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(k, &word)| {
            let mut rest = word;
            core::iter::from_fn(move || {
                if rest == 0 {
                    return None;
                }
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                Some(k * WORD_BITS + bit)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_for_rounds_up() {
        for (bits, expected) in [
            (0, 0),
            (1, 1),
            (31, 1),
            (32, 1),
            (33, 2),
            (256, 8),
            (257, 9),
        ] {
            let got = words_for(bits);
            assert_eq!(
                got, expected,
                "words_for({bits}) = {got}, expected {expected}"
            );
        }
    }

    #[test]
    fn ones_sets_exactly_n_bits() {
        let bits = BitVec::<33, 2>::ones();
        assert_eq!(bits.words(), &[u32::MAX, 1]);
        assert_eq!(bits.count_ones(), 33);
        let full = BitVec::<64, 2>::ones();
        assert_eq!(full.words(), &[u32::MAX, u32::MAX]);
    }

    #[test]
    fn from_words_rejects_padding_bits() {
        assert!(BitVec::<33, 2>::from_words([0, 1]).is_some());
        assert!(BitVec::<33, 2>::from_words([0, 2]).is_none());
        assert!(BitVec::<32, 1>::from_words([u32::MAX]).is_some());
    }

    #[test]
    fn set_get_and_iterate() {
        let mut bits = BitVec::<70, 3>::zeros();
        for i in [0, 5, 31, 32, 63, 64, 69] {
            bits.set(i, true);
        }
        let ones: heapless::Vec<usize, 8> = bits.iter_ones().collect();
        assert_eq!(ones.as_slice(), &[0, 5, 31, 32, 63, 64, 69]);
        assert!(bits.get(31), "bit 31 was set");
        assert!(!bits.get(30), "bit 30 was not set");
        bits.set(31, false);
        assert!(!bits.get(31));
        assert_eq!(bits.count_ones(), 6);
    }

    #[test]
    fn set_operations() {
        let a = BitVec::<40, 2>::from_indices(&[1, 2, 35]);
        let b = BitVec::<40, 2>::from_indices(&[2, 3, 35, 39]);
        assert_eq!(a.and(&b), BitVec::from_indices(&[2, 35]));
        assert_eq!(a.or(&b), BitVec::from_indices(&[1, 2, 3, 35, 39]));
        assert_eq!(a.and_not(&b), BitVec::from_indices(&[1]));
        assert_eq!(a.and_count_ones(&b), 2);
        assert!(a.intersects(&b));
        assert!(!a.intersects(&BitVec::from_indices(&[0, 39])));
    }

    #[test]
    #[should_panic(expected = "out of range")]
    fn get_past_end_panics() {
        BitVec::<10, 1>::zeros().get(10);
    }
}
