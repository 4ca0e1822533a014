//! Rosenblatt's three-layer S-A-R perceptron.

use super::association::AssociationLayer;
use super::linear::Average;
use super::multiclass::{MulticlassPerceptron, Rule};
use super::{Training, check_classes, check_data_set, check_rate, run_epochs};
use crate::Error;
use crate::error::{check_input, first_non_finite};

/// Rosenblatt's series-coupled perceptron: `S` sensory inputs feed `A`
/// association units through fixed random weights (the layer `L`), and a
/// [`MulticlassPerceptron`] of `CLASSES` response units learns on the
/// association units' outputs. Only the A→R weights learn.
///
/// With many more association units than samples, the random features of
/// distinct inputs are usually linearly separable in any labelling (compare
/// Cover's function counting theorem, 1965). So the readout can learn maps
/// such as XOR that no single unit on the raw inputs can. For two classes
/// use `CLASSES = 2`: Kesler's rule then makes the updates of a two-class
/// perceptron with rate `2η` on the difference of the two rows, with class
/// 1 as the positive label.
///
/// # Example
///
/// ```
/// use shinkei::activation::{Activation, Precision};
/// use shinkei::rosenblatt::{RandomWeights, Rule, SeededAssociation, ThreeLayerPerceptron};
///
/// let inputs = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let classes = [0, 1, 1, 0];
/// let layer = SeededAssociation::<2, 64>::from_seed(
///     1,
///     RandomWeights::Gaussian,
///     Activation::Sign,
///     Precision::Exact,
/// );
/// let mut net = ThreeLayerPerceptron::<2, 64, 2, _>::new(layer);
/// let training = net.train(&inputs, &classes, Rule::Kesler, 1.0, 1000)?;
/// assert!(training.is_converged());
/// assert_eq!(net.predict(&[1.0, 0.0])?, 1);
/// # Ok::<(), shinkei::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ThreeLayerPerceptron<const S: usize, const A: usize, const CLASSES: usize, L> {
    association: L,
    readout: MulticlassPerceptron<A, CLASSES>,
}

impl<const S: usize, const A: usize, const CLASSES: usize, L: AssociationLayer<S, A>>
    ThreeLayerPerceptron<S, A, CLASSES, L>
{
    /// Creates a perceptron with the given association layer and a readout
    /// with zero weights.
    pub fn new(association: L) -> Self {
        Self {
            association,
            readout: MulticlassPerceptron::new(),
        }
    }

    /// The association layer.
    pub fn association(&self) -> &L {
        &self.association
    }

    /// The trained readout, the R-units.
    pub fn readout(&self) -> &MulticlassPerceptron<A, CLASSES> {
        &self.readout
    }

    /// Returns the association units' outputs for `x`.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteInput`] for a non-finite input element, and
    /// [`Error::NonFiniteOutput`] if a weighted sum overflows.
    pub fn features(&self, x: &[f32; S]) -> Result<[f32; A], Error> {
        check_input(x)?;
        self.features_of_checked(x)
    }

    fn features_of_checked(&self, x: &[f32; S]) -> Result<[f32; A], Error> {
        let mut features = [0.0; A];
        self.association.features(x, &mut features);
        match first_non_finite(&features) {
            Some(_) => Err(Error::NonFiniteOutput),
            None => Ok(features),
        }
    }

    /// Returns the class with the largest readout score, the lowest index on
    /// ties.
    ///
    /// # Errors
    ///
    /// As for [`features`](Self::features).
    pub fn predict(&self, x: &[f32; S]) -> Result<usize, Error> {
        self.readout.predict(&self.features(x)?)
    }

    /// Trains the readout on one sample and returns whether it was a mistake
    /// under `rule`.
    ///
    /// # Errors
    ///
    /// As for [`MulticlassPerceptron::train_step`]; the perceptron is then
    /// unchanged.
    pub fn train_step(
        &mut self,
        x: &[f32; S],
        class: usize,
        rule: Rule,
        rate: f32,
    ) -> Result<bool, Error> {
        check_rate(rate)?;
        check_classes::<CLASSES>(&[class])?;
        let features = self.features(x)?;
        Ok(self.readout.step(&features, class, rule, rate)?.mistake)
    }

    /// Trains the readout on the data set `(inputs[i], classes[i])`, epoch
    /// after epoch, until an epoch makes no mistake or `max_epochs` epochs
    /// have run. The association outputs are recomputed for every sample
    /// in every epoch, since the data set's features are not stored. For
    /// [`Rule::Lms`] the mistakes of an epoch are counted with the readout
    /// weights at its end, which computes the features a second time.
    ///
    /// # Errors
    ///
    /// As for [`MulticlassPerceptron::train`].
    ///
    /// # Panics
    ///
    /// Panics if `inputs` and `classes` have different lengths or
    /// `max_epochs` is zero.
    pub fn train(
        &mut self,
        inputs: &[[f32; S]],
        classes: &[usize],
        rule: Rule,
        rate: f32,
        max_epochs: u32,
    ) -> Result<Training, Error> {
        self.train_with(inputs, classes, rule, rate, max_epochs, None)
    }

    /// Trains as [`train`](Self::train) does, and adds the readout weights
    /// after every sample to `average`. Load the result with
    /// [`apply_average`](Self::apply_average).
    ///
    /// # Errors
    ///
    /// As for [`train`](Self::train).
    ///
    /// # Panics
    ///
    /// As for [`train`](Self::train).
    pub fn train_averaged(
        &mut self,
        inputs: &[[f32; S]],
        classes: &[usize],
        rule: Rule,
        rate: f32,
        max_epochs: u32,
        average: &mut Average<A, CLASSES>,
    ) -> Result<Training, Error> {
        self.train_with(inputs, classes, rule, rate, max_epochs, Some(average))
    }

    fn train_with(
        &mut self,
        inputs: &[[f32; S]],
        classes: &[usize],
        rule: Rule,
        rate: f32,
        max_epochs: u32,
        mut average: Option<&mut Average<A, CLASSES>>,
    ) -> Result<Training, Error> {
        assert_eq!(
            inputs.len(),
            classes.len(),
            "train: {} inputs but {} classes",
            inputs.len(),
            classes.len()
        );
        check_rate(rate)?;
        check_classes::<CLASSES>(classes)?;
        check_data_set(inputs)?;
        let step = |net: &mut Self, i: usize| {
            let features = net.features_of_checked(&inputs[i])?;
            let result = net.readout.step(&features, classes[i], rule, rate)?;
            if let Some(average) = average.as_deref_mut() {
                net.readout.add_to_average(average);
            }
            Ok(result)
        };
        let misclassified = |net: &Self, i: usize| {
            let features = net.features_of_checked(&inputs[i])?;
            Ok(net.readout.predict_checked(&features)? != classes[i])
        };
        run_epochs(
            self,
            inputs.len(),
            max_epochs,
            step,
            rule.end_of_epoch_check(&misclassified),
        )
    }

    /// Replaces the readout weights by their mean in `average`.
    ///
    /// # Errors
    ///
    /// As for [`MulticlassPerceptron::apply_average`].
    pub fn apply_average(&mut self, average: &Average<A, CLASSES>) -> Result<(), Error> {
        self.readout.apply_average(average)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activation::{Activation, Precision};
    use crate::rosenblatt::{RandomWeights, SeededAssociation, StoredAssociation};

    const XOR_INPUTS: [[f32; 2]; 4] = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    const XOR_CLASSES: [usize; 4] = [0, 1, 1, 0];

    /// Returns the 8 inputs of 3-bit parity, as 0/1 values, and their
    /// parities.
    fn parity3() -> ([[f32; 3]; 8], [usize; 8]) {
        let inputs =
            core::array::from_fn(|code| core::array::from_fn(|bit| ((code >> bit) & 1) as f32));
        let classes = core::array::from_fn(|code: usize| code.count_ones() as usize % 2);
        (inputs, classes)
    }

    #[test]
    fn xor_is_learned_by_random_features() {
        for seed in 0..5 {
            for weights in [RandomWeights::Gaussian, RandomWeights::Signs] {
                let layer = SeededAssociation::<2, 32>::from_seed(
                    seed,
                    weights,
                    Activation::Sign,
                    Precision::Exact,
                );
                let mut net = ThreeLayerPerceptron::<2, 32, 2, _>::new(layer);
                let training = net
                    .train(&XOR_INPUTS, &XOR_CLASSES, Rule::Kesler, 1.0, 1000)
                    .unwrap();
                assert!(
                    training.is_converged(),
                    "XOR, seed {seed}, {weights:?}: {training:?}"
                );
                for (x, &class) in XOR_INPUTS.iter().zip(&XOR_CLASSES) {
                    assert_eq!(
                        net.predict(x),
                        Ok(class),
                        "XOR, seed {seed}, {weights:?}, input {x:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn parity3_is_learned_by_random_features() {
        let (inputs, classes) = parity3();
        for seed in 0..5 {
            for activation in [Activation::Sign, Activation::Step, Activation::Tanh] {
                let layer = StoredAssociation::<3, 64>::from_seed(
                    seed,
                    RandomWeights::Gaussian,
                    activation,
                    Precision::Exact,
                );
                let mut net = ThreeLayerPerceptron::<3, 64, 2, _>::new(layer);
                let training = net
                    .train(&inputs, &classes, Rule::Kesler, 1.0, 5000)
                    .unwrap();
                assert!(
                    training.is_converged(),
                    "parity, seed {seed}, {activation:?}: {training:?}"
                );
            }
        }
    }

    #[test]
    fn parity3_is_learned_by_lms_readout() {
        let (inputs, classes) = parity3();
        let layer = SeededAssociation::<3, 64>::from_seed(
            0,
            RandomWeights::Signs,
            Activation::Tanh,
            Precision::Exact,
        );
        let mut net = ThreeLayerPerceptron::<3, 64, 2, _>::new(layer);
        // The features are at most 1 in size, so |φ|² + 1 ≤ 65 and η = 0.01
        // is inside the LMS stability range.
        let training = net.train(&inputs, &classes, Rule::Lms, 0.01, 5000).unwrap();
        assert!(
            training.is_converged(),
            "parity with LMS readout: {training:?}"
        );
        for (x, &class) in inputs.iter().zip(&classes) {
            let predicted = net.predict(x).unwrap();
            assert_eq!(
                predicted, class,
                "parity with LMS readout: input {x:?} predicted as {predicted}, expected {class}"
            );
        }
    }

    #[test]
    fn lms_readout_converged_only_if_all_classified() {
        // |φ|² + 1 = 17 for 16 features of ±1, so η = 0.1 is just inside
        // the LMS stability range. With this seed an epoch once classifies
        // every sample before its own update while its later updates leave
        // two samples misclassified, and only a later epoch converges.
        let (inputs, classes) = parity3();
        let layer = SeededAssociation::<3, 16>::from_seed(
            6,
            RandomWeights::Gaussian,
            Activation::Sign,
            Precision::Exact,
        );
        let mut net = ThreeLayerPerceptron::<3, 16, 2, _>::new(layer);
        let training = net.train(&inputs, &classes, Rule::Lms, 0.1, 100).unwrap();
        assert!(
            training.is_converged(),
            "parity, seed 6, η = 0.1: got {training:?}, expected convergence"
        );
        for (x, &class) in inputs.iter().zip(&classes) {
            let predicted = net.predict(x).unwrap();
            assert_eq!(
                predicted, class,
                "parity, seed 6, η = 0.1, {training:?}: input {x:?} predicted as {predicted}, \
                 expected {class}"
            );
        }
    }

    #[test]
    fn stored_and_seeded_train_identically() {
        let (inputs, classes) = parity3();
        let seeded = SeededAssociation::<3, 40>::from_seed(
            11,
            RandomWeights::Gaussian,
            Activation::Tanh,
            Precision::Fast,
        );
        let mut with_seed = ThreeLayerPerceptron::<3, 40, 2, _>::new(seeded);
        let mut with_store = ThreeLayerPerceptron::<3, 40, 2, _>::new(seeded.to_stored());
        let a = with_seed
            .train(&inputs, &classes, Rule::Kesler, 0.5, 200)
            .unwrap();
        let b = with_store
            .train(&inputs, &classes, Rule::Kesler, 0.5, 200)
            .unwrap();
        assert_eq!(a, b, "training outcomes differ");
        assert_eq!(
            with_seed.readout(),
            with_store.readout(),
            "readout weights differ"
        );
    }

    #[test]
    fn non_finite_input_leaves_perceptron_unchanged() {
        let layer = SeededAssociation::<2, 8>::from_seed(
            3,
            RandomWeights::Signs,
            Activation::Sign,
            Precision::Exact,
        );
        let mut net = ThreeLayerPerceptron::<2, 8, 2, _>::new(layer);
        net.train_step(&[1.0, 0.0], 1, Rule::Kesler, 1.0).unwrap();
        let before = net.clone();

        let result = net.train_step(&[f32::NAN, 0.0], 0, Rule::Kesler, 1.0);
        assert!(
            matches!(result, Err(Error::NonFiniteInput { index: 0, value }) if value.is_nan()),
            "NaN input: got {result:?}"
        );
        let mut inputs = XOR_INPUTS;
        inputs[3][1] = f32::NEG_INFINITY;
        assert_eq!(
            net.train(&inputs, &XOR_CLASSES, Rule::Kesler, 1.0, 10),
            Err(Error::NonFiniteSample {
                sample: 3,
                index: 1,
                value: f32::NEG_INFINITY
            })
        );
        for rate in [f32::NAN, 0.0, -0.0, 1.0e-40] {
            for rule in [Rule::Kesler, Rule::Lms] {
                let training = net.train(&XOR_INPUTS, &XOR_CLASSES, rule, rate, 10);
                assert!(
                    matches!(training, Err(Error::InvalidLearningRate { value }) if value.to_bits() == rate.to_bits()),
                    "{rule:?} at rate {rate}: got {training:?}, expected InvalidLearningRate"
                );
                let step = net.train_step(&[1.0, 0.0], 0, rule, rate);
                assert!(
                    matches!(step, Err(Error::InvalidLearningRate { value }) if value.to_bits() == rate.to_bits()),
                    "{rule:?} step at rate {rate}: got {step:?}, expected InvalidLearningRate"
                );
            }
        }
        assert_eq!(
            net, before,
            "a rejected call must leave the perceptron unchanged"
        );
    }
}
