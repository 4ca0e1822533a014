//! Fixed random association layers: the A-units of Rosenblatt's S-A-R
//! perceptron.

use rand_core::{Rng, SeedableRng};

use crate::activation::{Activation, Precision};
use crate::rng::{Xoshiro128PlusPlus, standard_normal};
use crate::vector::{dot, matvec};

/// A fixed layer of `A` association units over `S` sensory inputs.
///
/// Implemented by [`StoredAssociation`], which keeps its weights in memory,
/// and [`SeededAssociation`], which keeps only a seed and regenerates them.
pub trait AssociationLayer<const S: usize, const A: usize> {
    /// Writes the output of every association unit for `input` into
    /// `features`. The caller has checked that `input` is finite.
    fn features(&self, input: &[f32; S], features: &mut [f32; A]);
}

/// How the fixed random weights into an association unit are drawn.
///
/// Each unit's bias is drawn from N(0, 1) after its weights, and both
/// distributions give weights of variance `1 / S`, so the weighted sum of an
/// input with elements of size about 1 has a spread comparable to the bias.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum RandomWeights {
    /// Normal weights N(0, 1/S), two 32-bit draws each.
    Gaussian,
    /// Weights `±1/√S` with equal probability, Rosenblatt's excitatory and
    /// inhibitory connections: one 32-bit draw per 32 weights, so much cheaper
    /// to regenerate.
    Signs,
}

/// The parameters shared by both kinds of association layer.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Spec {
    seed: u64,
    weights: RandomWeights,
    activation: Activation,
    precision: Precision,
}

impl Spec {
    /// Draws the weights of association unit `unit` into `row` and returns
    /// its bias.
    ///
    /// Unit `unit` has its own xoshiro128++ generator, seeded with outputs
    /// `2 unit` and `2 unit + 1` (counting from 0) of SplitMix64 started at
    /// `seed`, so any unit can be regenerated without the others.
    fn draw_unit<const S: usize>(&self, unit: usize, row: &mut [f32; S]) -> f32 {
        let first = splitmix64_output(self.seed, 2 * unit as u64);
        let second = splitmix64_output(self.seed, 2 * unit as u64 + 1);
        let mut seed = [0u8; 16];
        seed[..8].copy_from_slice(&first.to_le_bytes());
        seed[8..].copy_from_slice(&second.to_le_bytes());
        let mut rng = Xoshiro128PlusPlus::from_seed(seed);

        let scale = 1.0 / libm::sqrtf(S as f32);
        match self.weights {
            RandomWeights::Gaussian => {
                for w in row.iter_mut() {
                    *w = scale * standard_normal(&mut rng);
                }
            }
            RandomWeights::Signs => {
                for group in row.chunks_mut(32) {
                    let mut bits = rng.next_u32();
                    for w in group {
                        *w = if bits & 1 == 1 { scale } else { -scale };
                        bits >>= 1;
                    }
                }
            }
        }
        standard_normal(&mut rng)
    }

    /// Returns the output of a unit whose weighted input is `product` and
    /// whose bias is `bias`.
    fn output(&self, product: f32, bias: f32) -> f32 {
        self.activation.apply(product + bias, self.precision)
    }
}

/// Returns output `index` (counting from 0) of the SplitMix64 generator
/// (Steele, Lea and Flood, 2014) started at `seed`.
fn splitmix64_output(seed: u64, index: u64) -> u64 {
    const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut z = seed.wrapping_add(index.wrapping_add(1).wrapping_mul(GAMMA));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// An association layer that stores its `A × S` weights and `A` biases:
/// `4 A (S + 1)` bytes, and one dot product per unit at run time.
///
/// It contains exactly the weights a [`SeededAssociation`] with the same seed
/// and parameters regenerates, so the two give bit-identical outputs.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAssociation<const S: usize, const A: usize> {
    spec: Spec,
    weights: [[f32; S]; A],
    bias: [f32; A],
}

impl<const S: usize, const A: usize> StoredAssociation<S, A> {
    const SHAPE_IS_VALID: () = assert!(
        S > 0 && A > 0,
        "an association layer needs at least one input and one unit"
    );

    /// Creates the layer determined by `seed`.
    pub fn from_seed(
        seed: u64,
        weights: RandomWeights,
        activation: Activation,
        precision: Precision,
    ) -> Self {
        let () = Self::SHAPE_IS_VALID;
        let spec = Spec {
            seed,
            weights,
            activation,
            precision,
        };
        let mut layer = Self {
            spec,
            weights: [[0.0; S]; A],
            bias: [0.0; A],
        };
        for (unit, (row, bias)) in layer.weights.iter_mut().zip(&mut layer.bias).enumerate() {
            *bias = spec.draw_unit(unit, row);
        }
        layer
    }

    /// Creates a layer from a seed drawn from `rng` (one `next_u64`).
    pub fn random<R: Rng + ?Sized>(
        rng: &mut R,
        weights: RandomWeights,
        activation: Activation,
        precision: Precision,
    ) -> Self {
        Self::from_seed(rng.next_u64(), weights, activation, precision)
    }

    /// The seed the weights were drawn from.
    pub fn seed(&self) -> u64 {
        self.spec.seed
    }

    /// The weights; row `i` feeds association unit `i`.
    pub fn weights(&self) -> &[[f32; S]; A] {
        &self.weights
    }

    /// The biases.
    pub fn bias(&self) -> &[f32; A] {
        &self.bias
    }

    /// The association units' activation function.
    pub fn activation(&self) -> Activation {
        self.spec.activation
    }
}

impl<const S: usize, const A: usize> AssociationLayer<S, A> for StoredAssociation<S, A> {
    fn features(&self, input: &[f32; S], features: &mut [f32; A]) {
        // `matvec` returns each row's product bit for bit as `dot` does, so
        // this agrees with the seeded layer.
        matvec(&self.weights, input, features);
        for (feature, bias) in features.iter_mut().zip(&self.bias) {
            *feature = self.spec.output(*feature, *bias);
        }
    }
}

/// An association layer that stores only its seed and parameters (16 bytes)
/// and regenerates each unit's weights whenever it computes the unit's
/// output.
///
/// A forward pass regenerates all `A S` weights on top of the dot products,
/// so it trades time for `4 A (S + 1)` bytes of RAM. With
/// [`RandomWeights::Signs`] that costs one 32-bit draw per 32 weights. With
/// [`RandomWeights::Gaussian`] it costs two draws and a logarithm, square
/// root and cosine per weight. It needs `4 S` bytes of stack for one unit's weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeededAssociation<const S: usize, const A: usize> {
    spec: Spec,
}

impl<const S: usize, const A: usize> SeededAssociation<S, A> {
    const SHAPE_IS_VALID: () = assert!(
        S > 0 && A > 0,
        "an association layer needs at least one input and one unit"
    );

    /// Creates the layer determined by `seed`.
    pub fn from_seed(
        seed: u64,
        weights: RandomWeights,
        activation: Activation,
        precision: Precision,
    ) -> Self {
        let () = Self::SHAPE_IS_VALID;
        Self {
            spec: Spec {
                seed,
                weights,
                activation,
                precision,
            },
        }
    }

    /// Creates a layer from a seed drawn from `rng` (one `next_u64`).
    pub fn random<R: Rng + ?Sized>(
        rng: &mut R,
        weights: RandomWeights,
        activation: Activation,
        precision: Precision,
    ) -> Self {
        Self::from_seed(rng.next_u64(), weights, activation, precision)
    }

    /// The seed the weights are drawn from.
    pub fn seed(&self) -> u64 {
        self.spec.seed
    }

    /// The association units' activation function.
    pub fn activation(&self) -> Activation {
        self.spec.activation
    }

    /// Returns the stored form of this layer, with the same outputs.
    pub fn to_stored(&self) -> StoredAssociation<S, A> {
        let spec = self.spec;
        StoredAssociation::from_seed(spec.seed, spec.weights, spec.activation, spec.precision)
    }
}

impl<const S: usize, const A: usize> AssociationLayer<S, A> for SeededAssociation<S, A> {
    fn features(&self, input: &[f32; S], features: &mut [f32; A]) {
        let mut row = [0.0; S];
        for (unit, feature) in features.iter_mut().enumerate() {
            let bias = self.spec.draw_unit(unit, &mut row);
            *feature = self.spec.output(dot(&row, input), bias);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::uniform_range;

    #[test]
    fn splitmix64_matches_reference_output() {
        // Outputs 0..3 for seed 1234567, computed with an independent Python
        // transcript of the reference C code (splitmix64.c by S. Vigna).
        let expected = [
            6_457_827_717_110_365_317,
            3_203_168_211_198_807_973,
            9_817_491_932_198_370_423,
            4_593_380_528_125_082_431,
        ];
        for (index, want) in expected.iter().enumerate() {
            let got = splitmix64_output(1_234_567, index as u64);
            assert_eq!(got, *want, "output {index}: got {got}, expected {want}");
        }
    }

    /// Checks that both layers built from `seed` give identical outputs on
    /// random inputs, bit for bit.
    fn check_identical<const S: usize, const A: usize>(
        seed: u64,
        weights: RandomWeights,
        activation: Activation,
    ) {
        let stored =
            StoredAssociation::<S, A>::from_seed(seed, weights, activation, Precision::Exact);
        let seeded =
            SeededAssociation::<S, A>::from_seed(seed, weights, activation, Precision::Exact);
        assert_eq!(seeded.to_stored(), stored);

        let mut rng = Xoshiro128PlusPlus::seed_from_u64(seed ^ 0xFF);
        for trial in 0..10 {
            let x: [f32; S] = core::array::from_fn(|_| uniform_range(&mut rng, -2.0, 2.0));
            let (mut from_stored, mut from_seed) = ([0.0; A], [0.0; A]);
            stored.features(&x, &mut from_stored);
            seeded.features(&x, &mut from_seed);
            for (i, (a, b)) in from_stored.iter().zip(&from_seed).enumerate() {
                assert_eq!(
                    a.to_bits(),
                    b.to_bits(),
                    "S = {S}, A = {A}, {weights:?}, {activation:?}, trial {trial}, unit {i}: stored {a}, seeded {b}"
                );
            }
        }
    }

    #[test]
    fn stored_and_seeded_agree() {
        for weights in [RandomWeights::Gaussian, RandomWeights::Signs] {
            for activation in [Activation::Sign, Activation::Step, Activation::Tanh] {
                check_identical::<1, 3>(1, weights, activation);
                check_identical::<7, 5>(2, weights, activation);
                check_identical::<8, 5>(3, weights, activation);
                check_identical::<9, 5>(4, weights, activation);
                check_identical::<33, 17>(5, weights, activation);
            }
        }
    }

    #[test]
    fn seeded_layer_takes_16_bytes() {
        let size = core::mem::size_of::<SeededAssociation<784, 4096>>();
        assert_eq!(size, 16, "SeededAssociation is {size} bytes");
    }

    #[test]
    fn random_draws_seed_from_caller() {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(9);
        let mut copy = rng.clone();
        let seeded = SeededAssociation::<4, 6>::random(
            &mut rng,
            RandomWeights::Gaussian,
            Activation::Tanh,
            Precision::Fast,
        );
        let stored = StoredAssociation::<4, 6>::random(
            &mut copy,
            RandomWeights::Gaussian,
            Activation::Tanh,
            Precision::Fast,
        );
        assert_eq!(seeded.seed(), stored.seed());
        assert_eq!(seeded.to_stored(), stored);
    }

    #[test]
    fn weights_have_stated_scale() {
        // Over 64 units of 256 inputs, the Gaussian weights should have
        // variance 1/256 within a few percent, and signs exactly ±1/16.
        const S: usize = 256;
        const A: usize = 64;
        let gaussian = StoredAssociation::<S, A>::from_seed(
            7,
            RandomWeights::Gaussian,
            Activation::Identity,
            Precision::Exact,
        );
        let n = (S * A) as f64;
        let variance = gaussian
            .weights()
            .iter()
            .flatten()
            .map(|w| f64::from(*w).powi(2))
            .sum::<f64>()
            / n;
        // The standard error of the estimate is √(2/n) / 256, about 4.4e-5.
        assert!(
            (variance - 1.0 / 256.0).abs() < 3e-4,
            "Gaussian weight variance {variance}, expected {} ± 3e-4",
            1.0 / 256.0
        );

        let signs = StoredAssociation::<S, A>::from_seed(
            7,
            RandomWeights::Signs,
            Activation::Sign,
            Precision::Exact,
        );
        let positive = signs
            .weights()
            .iter()
            .flatten()
            .filter(|&&w| w == 0.0625)
            .count();
        let negative = signs
            .weights()
            .iter()
            .flatten()
            .filter(|&&w| w == -0.0625)
            .count();
        assert_eq!(positive + negative, S * A, "every sign weight is ±1/16");
        assert!(
            (positive as f64 / n - 0.5).abs() < 0.02,
            "{positive} of {n} sign weights positive, expected about half"
        );
    }
}
