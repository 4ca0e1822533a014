//! The McCulloch-Pitts threshold unit and the logic gates built from it.

use super::bits::BitVec;
use crate::Error;

/// A McCulloch-Pitts unit over `N` binary inputs: integer weights, an
/// integer threshold, and absolute inhibition.
///
/// For an input vector `x` of 0/1 values the unit computes the net input
/// `h = Σ w_i x_i` and fires (outputs 1) iff
///
/// - no input in its veto set is active (absolute inhibition: one active
///   vetoing input blocks firing whatever the other inputs are), and
/// - `h ≥ threshold`.
///
/// McCulloch and Pitts ("A logical calculus of the ideas immanent in nervous
/// activity", Bull. Math. Biophys. 5, 1943) used equal excitatory weights and
/// absolute inhibition only. The integer weights here add graded excitation
/// (`w > 0`) and relative, subtractive inhibition (`w < 0`).
///
/// # Storage and evaluation
///
/// Each weight has `WEIGHT_BITS` magnitude bits and a sign, so it lies in
/// `-MAX_WEIGHT..=MAX_WEIGHT` with `MAX_WEIGHT = 2^WEIGHT_BITS - 1`. The unit
/// stores bit `b` of every positive weight in one bit vector (an excitatory
/// plane) and bit `b` of every negative weight's magnitude in another (an
/// inhibitory plane), and computes
///
/// `h = Σ_b 2^b (count(x AND excitatory_b) - count(x AND inhibitory_b))`
///
/// with [`and_count_ones`](super::and_count_ones). With `WEIGHT_BITS = 1`
/// the weights are -1, 0 and 1, and a unit stores `3 WORDS` words besides its
/// threshold.
///
/// `WORDS` must equal [`words_for`](super::words_for)`(N)`, `WEIGHT_BITS`
/// must lie in `1..=16`, and `MAX_WEIGHT * N` must fit an `i32` so that no
/// net input overflows. Other values fail to compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThresholdUnit<const N: usize, const WORDS: usize, const WEIGHT_BITS: usize> {
    excitatory: [BitVec<N, WORDS>; WEIGHT_BITS],
    inhibitory: [BitVec<N, WORDS>; WEIGHT_BITS],
    vetoes: BitVec<N, WORDS>,
    threshold: i32,
}

impl<const N: usize, const WORDS: usize, const WEIGHT_BITS: usize>
    ThresholdUnit<N, WORDS, WEIGHT_BITS>
{
    const SHAPE_IS_VALID: () = {
        assert!(
            WEIGHT_BITS >= 1 && WEIGHT_BITS <= 16,
            "ThresholdUnit needs WEIGHT_BITS in 1..=16"
        );
        assert!(
            N <= i32::MAX as usize / ((1usize << WEIGHT_BITS) - 1),
            "ThresholdUnit: MAX_WEIGHT * N must fit an i32"
        );
    };

    /// The largest weight magnitude the unit stores, `2^WEIGHT_BITS - 1`.
    pub const MAX_WEIGHT: i32 = (1 << WEIGHT_BITS) - 1;

    /// Creates a unit with all weights zero, no vetoes and the given
    /// threshold. With `threshold ≤ 0` it fires on every input, with
    /// `threshold > 0` on none.
    pub const fn new(threshold: i32) -> Self {
        let () = Self::SHAPE_IS_VALID;
        Self {
            excitatory: [BitVec::zeros(); WEIGHT_BITS],
            inhibitory: [BitVec::zeros(); WEIGHT_BITS],
            vetoes: BitVec::zeros(),
            threshold,
        }
    }

    /// Creates a unit from one weight per input, a threshold and a veto set.
    ///
    /// # Errors
    ///
    /// [`Error::WeightOutOfRange`] for the first weight whose magnitude
    /// exceeds [`MAX_WEIGHT`](Self::MAX_WEIGHT).
    pub fn from_weights(
        weights: &[i32; N],
        threshold: i32,
        vetoes: BitVec<N, WORDS>,
    ) -> Result<Self, Error> {
        let mut unit = Self::new(threshold);
        for (i, &w) in weights.iter().enumerate() {
            unit.set_weight(i, w)?;
        }
        unit.vetoes = vetoes;
        Ok(unit)
    }

    /// Returns the weight on input `i`.
    ///
    /// # Panics
    ///
    /// Panics if `i >= N`.
    #[track_caller]
    pub fn weight(&self, i: usize) -> i32 {
        let mut weight = 0;
        for b in 0..WEIGHT_BITS {
            if self.excitatory[b].get(i) {
                weight += 1 << b;
            }
            if self.inhibitory[b].get(i) {
                weight -= 1 << b;
            }
        }
        weight
    }

    /// Sets the weight on input `i`.
    ///
    /// # Errors
    ///
    /// [`Error::WeightOutOfRange`] if `|weight|` exceeds
    /// [`MAX_WEIGHT`](Self::MAX_WEIGHT); the unit is then unchanged.
    ///
    /// # Panics
    ///
    /// Panics if `i >= N`.
    #[track_caller]
    pub fn set_weight(&mut self, i: usize, weight: i32) -> Result<(), Error> {
        assert!(i < N, "input {i} is out of range for a unit of {N} inputs");
        if weight.unsigned_abs() > Self::MAX_WEIGHT as u32 {
            return Err(Error::WeightOutOfRange {
                index: i,
                weight,
                max: Self::MAX_WEIGHT,
            });
        }
        let magnitude = weight.unsigned_abs();
        for b in 0..WEIGHT_BITS {
            let bit = magnitude >> b & 1 == 1;
            self.excitatory[b].set(i, weight > 0 && bit);
            self.inhibitory[b].set(i, weight < 0 && bit);
        }
        Ok(())
    }

    /// The threshold.
    pub fn threshold(&self) -> i32 {
        self.threshold
    }

    /// Sets the threshold.
    pub fn set_threshold(&mut self, threshold: i32) {
        self.threshold = threshold;
    }

    /// The inputs with absolute inhibition: any one of them active blocks
    /// firing.
    pub fn vetoes(&self) -> &BitVec<N, WORDS> {
        &self.vetoes
    }

    /// Sets the inputs with absolute inhibition.
    pub fn set_vetoes(&mut self, vetoes: BitVec<N, WORDS>) {
        self.vetoes = vetoes;
    }

    /// Returns the net input `Σ w_i x_i`.
    pub fn net_input(&self, x: &BitVec<N, WORDS>) -> i32 {
        let mut sum = 0i32;
        for b in 0..WEIGHT_BITS {
            let excited = self.excitatory[b].and_count_ones(x) as i32;
            let inhibited = self.inhibitory[b].and_count_ones(x) as i32;
            sum += (excited - inhibited) << b;
        }
        sum
    }

    /// Returns whether an active input vetoes firing.
    pub fn is_vetoed(&self, x: &BitVec<N, WORDS>) -> bool {
        self.vetoes.intersects(x)
    }

    /// Returns whether the unit fires on `x`: no veto is active and the net
    /// input reaches the threshold.
    pub fn fires(&self, x: &BitVec<N, WORDS>) -> bool {
        !self.is_vetoed(x) && self.net_input(x) >= self.threshold
    }

    /// Returns the margin `h - threshold` if the unit fires on `x`, and
    /// `None` if it does not.
    pub(crate) fn firing_margin(&self, x: &BitVec<N, WORDS>) -> Option<i64> {
        if self.is_vetoed(x) {
            return None;
        }
        let margin = i64::from(self.net_input(x)) - i64::from(self.threshold);
        (margin >= 0).then_some(margin)
    }

    /// Creates a unit with weight 1 (if `excitatory`) or -1 on each input in
    /// `inputs`, and zero elsewhere.
    fn with_unit_weights(inputs: &BitVec<N, WORDS>, excitatory: bool, threshold: i32) -> Self {
        let mut unit = Self::new(threshold);
        let plane = if excitatory {
            &mut unit.excitatory[0]
        } else {
            &mut unit.inhibitory[0]
        };
        *plane = *inputs;
        unit
    }

    /// Creates an AND gate: fires iff every input in `inputs` is active
    /// (weights 1, threshold `|inputs|`). With no inputs it always fires.
    pub fn and(inputs: &BitVec<N, WORDS>) -> Self {
        Self::with_unit_weights(inputs, true, inputs.count_ones() as i32)
    }

    /// Creates an OR gate: fires iff some input in `inputs` is active
    /// (weights 1, threshold 1). With no inputs it never fires.
    pub fn or(inputs: &BitVec<N, WORDS>) -> Self {
        Self::with_unit_weights(inputs, true, 1)
    }

    /// Creates a NOT gate on input `input` the way McCulloch and Pitts built
    /// it: threshold 0, so the unit fires on its own, and absolute
    /// inhibition from `input`.
    ///
    /// # Panics
    ///
    /// Panics if `input >= N`.
    #[track_caller]
    pub fn not(input: usize) -> Self {
        let mut unit = Self::new(0);
        unit.vetoes.set(input, true);
        unit
    }

    /// Creates a NAND gate: fires unless every input in `inputs` is active
    /// (weights -1, threshold `1 - |inputs|`). With no inputs it never
    /// fires, as NOT of an empty AND.
    pub fn nand(inputs: &BitVec<N, WORDS>) -> Self {
        Self::with_unit_weights(inputs, false, 1 - inputs.count_ones() as i32)
    }

    /// Creates a NOR gate: fires iff no input in `inputs` is active
    /// (weights -1, threshold 0). With no inputs it always fires.
    pub fn nor(inputs: &BitVec<N, WORDS>) -> Self {
        Self::with_unit_weights(inputs, false, 0)
    }

    /// Creates a majority gate: fires iff more than half of the inputs in
    /// `inputs` are active (weights 1, threshold `⌊|inputs| / 2⌋ + 1`). For
    /// an even number of inputs a tie does not fire. With no inputs it never
    /// fires.
    pub fn majority(inputs: &BitVec<N, WORDS>) -> Self {
        Self::with_unit_weights(inputs, true, inputs.count_ones() as i32 / 2 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Xoshiro128PlusPlus, below};
    use crate::threshold::words_for;
    use rand_core::{Rng, SeedableRng};

    type Unit3 = ThresholdUnit<3, 1, 1>;

    /// Returns the three-input vector with bits `a`, `b`, `c`.
    fn input3(a: bool, b: bool, c: bool) -> BitVec<3, 1> {
        BitVec::from_fn(|i| [a, b, c][i])
    }

    #[test]
    fn gates_match_truth_tables() {
        let two = BitVec::<3, 1>::from_indices(&[0, 1]);
        let three = BitVec::<3, 1>::ones();
        let and = Unit3::and(&two);
        let or = Unit3::or(&two);
        let not = Unit3::not(0);
        let nand = Unit3::nand(&two);
        let nor = Unit3::nor(&two);
        let majority = Unit3::majority(&three);

        for code in 0..8u8 {
            let (a, b, c) = (code & 1 == 1, code & 2 == 2, code & 4 == 4);
            let x = input3(a, b, c);
            let votes = u8::from(a) + u8::from(b) + u8::from(c);
            let cases = [
                ("AND", and.fires(&x), a && b),
                ("OR", or.fires(&x), a || b),
                ("NOT", not.fires(&x), !a),
                ("NAND", nand.fires(&x), !(a && b)),
                ("NOR", nor.fires(&x), !(a || b)),
                ("MAJORITY", majority.fires(&x), votes >= 2),
            ];
            for (gate, got, expected) in cases {
                assert_eq!(
                    got, expected,
                    "{gate} on (a, b, c) = ({a}, {b}, {c}): got {got}, expected {expected}"
                );
            }
        }
    }

    #[test]
    fn gates_with_no_inputs() {
        let none = BitVec::<3, 1>::zeros();
        let x = BitVec::<3, 1>::ones();
        assert!(Unit3::and(&none).fires(&x), "AND of no inputs is true");
        assert!(!Unit3::or(&none).fires(&x), "OR of no inputs is false");
        assert!(!Unit3::nand(&none).fires(&x), "NAND of no inputs is false");
        assert!(Unit3::nor(&none).fires(&x), "NOR of no inputs is true");
        assert!(
            !Unit3::majority(&none).fires(&x),
            "MAJORITY of no inputs is false"
        );
    }

    #[test]
    fn majority_of_four_needs_three() {
        let unit = ThresholdUnit::<4, 1, 1>::majority(&BitVec::ones());
        for code in 0..16u32 {
            let x = BitVec::<4, 1>::from_words([code]).unwrap();
            let expected = code.count_ones() >= 3;
            let got = unit.fires(&x);
            assert_eq!(
                got, expected,
                "majority of 4 on {code:04b}: got {got}, expected {expected}"
            );
        }
    }

    #[test]
    fn absolute_inhibition_vetoes_any_excitation() {
        // Input 0 vetoes; inputs 1..=7 excite with the largest weight.
        let mut weights = [ThresholdUnit::<8, 1, 3>::MAX_WEIGHT; 8];
        weights[0] = 0;
        let vetoes = BitVec::from_indices(&[0]);
        let unit = ThresholdUnit::<8, 1, 3>::from_weights(&weights, 1, vetoes).unwrap();

        let excited = BitVec::<8, 1>::from_indices(&[1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(unit.net_input(&excited), 49);
        assert!(
            unit.fires(&excited),
            "all excitatory inputs active and no veto"
        );

        let vetoed = excited.or(&BitVec::from_indices(&[0]));
        assert_eq!(
            unit.net_input(&vetoed),
            49,
            "a veto does not change the net input"
        );
        assert!(
            !unit.fires(&vetoed),
            "one active vetoing input must block firing"
        );
    }

    #[test]
    fn relative_inhibition_subtracts() {
        let unit = ThresholdUnit::<3, 1, 2>::from_weights(&[3, -2, 1], 2, BitVec::zeros()).unwrap();
        for (bits, expected_input) in [([0], 3), ([1], -2), ([2], 1)] {
            let x = BitVec::<3, 1>::from_indices(&bits);
            assert_eq!(unit.net_input(&x), expected_input, "net input on {bits:?}");
        }
        assert!(unit.fires(&BitVec::from_indices(&[0])));
        assert!(
            !unit.fires(&BitVec::from_indices(&[0, 1])),
            "3 - 2 is below 2"
        );
        assert!(
            unit.fires(&BitVec::from_indices(&[0, 1, 2])),
            "3 - 2 + 1 reaches 2"
        );
    }

    #[test]
    fn weight_out_of_range_is_rejected() {
        let mut unit = ThresholdUnit::<3, 1, 2>::new(0);
        let before = unit;
        assert_eq!(
            unit.set_weight(1, -4),
            Err(Error::WeightOutOfRange {
                index: 1,
                weight: -4,
                max: 3
            })
        );
        assert_eq!(
            unit, before,
            "a rejected weight must leave the unit unchanged"
        );
        assert_eq!(
            ThresholdUnit::<3, 1, 2>::from_weights(&[0, 4, 0], 0, BitVec::zeros()),
            Err(Error::WeightOutOfRange {
                index: 1,
                weight: 4,
                max: 3
            })
        );
        unit.set_weight(1, -3).unwrap();
        assert_eq!(unit.weight(1), -3);
    }

    /// Checks the bit-plane net input against `Σ w_i x_i` with random
    /// weights and inputs at sizes around the 8-word lane width.
    fn check_net_input<const N: usize, const WORDS: usize>(rng: &mut Xoshiro128PlusPlus) {
        for trial in 0..20 {
            let weights: [i32; N] = core::array::from_fn(|_| below(rng, 31) as i32 - 15);
            let unit =
                ThresholdUnit::<N, WORDS, 4>::from_weights(&weights, 0, BitVec::zeros()).unwrap();
            let x = BitVec::<N, WORDS>::from_fn(|_| rng.next_u32() & 1 == 1);
            let expected: i32 = (0..N).filter(|&i| x.get(i)).map(|i| weights[i]).sum();
            let got = unit.net_input(&x);
            assert_eq!(
                got, expected,
                "{N} inputs, trial {trial}: got {got}, expected {expected}"
            );
            for (i, &w) in weights.iter().enumerate() {
                assert_eq!(unit.weight(i), w, "{N} inputs: weight {i} read back");
            }
        }
    }

    #[test]
    fn net_input_matches_weighted_sum() {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(0);
        check_net_input::<1, { words_for(1) }>(&mut rng);
        check_net_input::<31, { words_for(31) }>(&mut rng);
        check_net_input::<32, { words_for(32) }>(&mut rng);
        check_net_input::<33, { words_for(33) }>(&mut rng);
        check_net_input::<255, { words_for(255) }>(&mut rng);
        check_net_input::<256, { words_for(256) }>(&mut rng);
        check_net_input::<257, { words_for(257) }>(&mut rng);
    }
}
