//! The perceptron for more than two classes.

use super::linear::{Average, Linear, argmax};
use super::{MistakeCheck, Step, Training, check_classes, check_data_set, check_rate, run_epochs};
use crate::Error;
use crate::error::check_input;

/// The learning rule of a [`MulticlassPerceptron`] on one sample of class
/// `y`, where the scores are `s_k = w_k · x + b_k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Rule {
    /// Kesler's construction: the two-class perceptron on the vectors that
    /// state "class `y` beats class `k`". If some `k ≠ y` has `s_k ≥ s_y`,
    /// the one with the largest score (the lowest index on ties) is
    /// corrected with `w_k -= η x`, `b_k -= η` and the true class with
    /// `w_y += η x`, `b_y += η`: one update. The two-class convergence
    /// theorem carries over, so training converges on any data that some
    /// set of weights classifies correctly without ties.
    Kesler,
    /// One-vs-rest: unit `k` is a two-class perceptron for "class `k`" (+1)
    /// against all others (-1), corrected when `±s_k ≤ 0`. Each corrected
    /// unit counts as one update. Each unit converges if its own two-class
    /// problem is linearly separable, which is a stronger condition than
    /// Kesler's.
    OneVsRest,
    /// The LMS (Widrow-Hoff) rule on targets `t_k = +1` for `k = y` and `-1`
    /// otherwise: `w_k += η (t_k - s_k) x` and `b_k += η (t_k - s_k)` for
    /// every `k`, on every sample. A step overshoots the sample's targets
    /// unless `η < 2 / (|x|² + 1)`, so keep `η` below that for the largest
    /// input.
    ///
    /// `train_step` returns whether the sample was misclassified before its
    /// update. Because every sample moves the weights, a sample classified
    /// correctly during an epoch can be misclassified after the later
    /// updates of that epoch. So `train` classifies every sample again with
    /// the weights at the end of each epoch, which costs one more scoring
    /// pass, and counts only those mistakes.
    Lms,
}

impl Rule {
    /// Returns `check` for [`Rule::Lms`], the only rule that changes the
    /// weights on a sample it classifies correctly, and `None` otherwise.
    pub(crate) fn end_of_epoch_check<M>(
        self,
        check: MistakeCheck<'_, M>,
    ) -> Option<MistakeCheck<'_, M>> {
        match self {
            Rule::Lms => Some(check),
            Rule::Kesler | Rule::OneVsRest => None,
        }
    }
}

/// One linear unit per class, predicting the class with the largest score
/// `w_k · x + b_k` (the lowest index on ties).
///
/// It takes `4 (IN + 1) CLASSES` bytes. `CLASSES` must be at least 2, which is
/// checked at compile time.
#[derive(Debug, Clone, PartialEq)]
pub struct MulticlassPerceptron<const IN: usize, const CLASSES: usize> {
    linear: Linear<IN, CLASSES>,
}

impl<const IN: usize, const CLASSES: usize> Default for MulticlassPerceptron<IN, CLASSES> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const IN: usize, const CLASSES: usize> MulticlassPerceptron<IN, CLASSES> {
    const SHAPE_IS_VALID: () = assert!(
        CLASSES >= 2,
        "a MulticlassPerceptron needs at least two classes"
    );

    /// Creates units with zero weights and biases.
    pub const fn new() -> Self {
        let () = Self::SHAPE_IS_VALID;
        Self {
            linear: Linear::zeros(),
        }
    }

    /// Creates units from given weights (row `k` for class `k`) and biases.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteWeight`] if a weight or bias is not finite.
    pub fn from_parts(weights: [[f32; IN]; CLASSES], bias: [f32; CLASSES]) -> Result<Self, Error> {
        let () = Self::SHAPE_IS_VALID;
        Ok(Self {
            linear: Linear::from_parts(weights, bias)?,
        })
    }

    /// The weights; row `k` belongs to class `k`.
    pub fn weights(&self) -> &[[f32; IN]; CLASSES] {
        &self.linear.weights
    }

    /// The biases.
    pub fn bias(&self) -> &[f32; CLASSES] {
        &self.linear.bias
    }

    /// Returns the score `w_k · x + b_k` of every class.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteInput`] for a non-finite input element, and
    /// [`Error::NonFiniteOutput`] if a score overflows.
    pub fn scores(&self, x: &[f32; IN]) -> Result<[f32; CLASSES], Error> {
        check_input(x)?;
        self.linear.scores(x)
    }

    /// Returns the class with the largest score, the lowest index on ties.
    ///
    /// # Errors
    ///
    /// As for [`scores`](Self::scores).
    pub fn predict(&self, x: &[f32; IN]) -> Result<usize, Error> {
        Ok(argmax(&self.scores(x)?))
    }

    /// Returns the predicted class for an input the caller has checked.
    pub(crate) fn predict_checked(&self, x: &[f32; IN]) -> Result<usize, Error> {
        Ok(argmax(&self.linear.scores(x)?))
    }

    /// Trains on one sample of class `class` and returns whether it was a
    /// mistake under `rule`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidLearningRate`] unless `rate` is finite and at least
    /// `f32::MIN_POSITIVE`, [`Error::InvalidClass`],
    /// [`Error::NonFiniteInput`], [`Error::NonFiniteOutput`], or
    /// [`Error::NonFiniteWeight`] if an update would make a weight
    /// non-finite. On error the units are unchanged.
    pub fn train_step(
        &mut self,
        x: &[f32; IN],
        class: usize,
        rule: Rule,
        rate: f32,
    ) -> Result<bool, Error> {
        check_rate(rate)?;
        check_classes::<CLASSES>(&[class])?;
        check_input(x)?;
        Ok(self.step(x, class, rule, rate)?.mistake)
    }

    /// Trains on one sample whose input, class and rate the caller has
    /// checked. Every row update is checked before any is applied.
    pub(crate) fn step(
        &mut self,
        x: &[f32; IN],
        class: usize,
        rule: Rule,
        rate: f32,
    ) -> Result<Step, Error> {
        let scores = self.linear.scores(x)?;
        // Per class: the step added to its weights (times x) and its bias.
        let mut scales = [0.0f32; CLASSES];
        let mut updates = 0;
        let mistake;
        match rule {
            Rule::Kesler => {
                // The strongest other class, the lowest index on ties.
                let mut rival = if class == 0 { 1 } else { 0 };
                for (k, score) in scores.iter().enumerate() {
                    if k != class && *score > scores[rival] {
                        rival = k;
                    }
                }
                mistake = scores[rival] >= scores[class];
                if mistake {
                    scales[class] = rate;
                    scales[rival] = -rate;
                    updates = 1;
                }
            }
            Rule::OneVsRest => {
                for (k, scale) in scales.iter_mut().enumerate() {
                    let y = if k == class { 1.0 } else { -1.0 };
                    if y * scores[k] <= 0.0 {
                        *scale = rate * y;
                        updates += 1;
                    }
                }
                mistake = updates > 0;
            }
            Rule::Lms => {
                for (k, scale) in scales.iter_mut().enumerate() {
                    let target = if k == class { 1.0 } else { -1.0 };
                    *scale = rate * (target - scores[k]);
                }
                mistake = argmax(&scores) != class;
                updates = 1;
            }
        }

        for (k, &scale) in scales.iter().enumerate() {
            if scale != 0.0 && !self.linear.row_update_is_finite(k, x, scale, scale) {
                return Err(Error::NonFiniteWeight);
            }
        }
        for (k, &scale) in scales.iter().enumerate() {
            if scale != 0.0 {
                self.linear.update_row(k, x, scale, scale);
            }
        }
        Ok(Step { mistake, updates })
    }

    /// Trains on the data set `(inputs[i], classes[i])` under `rule`, epoch
    /// after epoch, until an epoch makes no mistake or `max_epochs` epochs
    /// have run. Samples are visited in the order given. For [`Rule::Lms`]
    /// the mistakes of an epoch are counted with the weights at its end.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidLearningRate`] (as for
    /// [`train_step`](Self::train_step)), [`Error::InvalidClass`],
    /// [`Error::NonFiniteSample`] or [`Error::NoSamples`] before any update,
    /// so the units are unchanged. [`Error::NonFiniteOutput`] or
    /// [`Error::NonFiniteWeight`] during training, when the units keep the
    /// updates made before.
    ///
    /// # Panics
    ///
    /// Panics if `inputs` and `classes` have different lengths or
    /// `max_epochs` is zero.
    pub fn train(
        &mut self,
        inputs: &[[f32; IN]],
        classes: &[usize],
        rule: Rule,
        rate: f32,
        max_epochs: u32,
    ) -> Result<Training, Error> {
        self.train_with(inputs, classes, rule, rate, max_epochs, None)
    }

    /// Trains as [`train`](Self::train) does, and adds the weights after
    /// every sample to `average`. Load the result with
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
        inputs: &[[f32; IN]],
        classes: &[usize],
        rule: Rule,
        rate: f32,
        max_epochs: u32,
        average: &mut Average<IN, CLASSES>,
    ) -> Result<Training, Error> {
        self.train_with(inputs, classes, rule, rate, max_epochs, Some(average))
    }

    fn train_with(
        &mut self,
        inputs: &[[f32; IN]],
        classes: &[usize],
        rule: Rule,
        rate: f32,
        max_epochs: u32,
        mut average: Option<&mut Average<IN, CLASSES>>,
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
            let result = net.step(&inputs[i], classes[i], rule, rate)?;
            if let Some(average) = average.as_deref_mut() {
                average.add(&net.linear);
            }
            Ok(result)
        };
        let misclassified =
            |net: &Self, i: usize| Ok(net.predict_checked(&inputs[i])? != classes[i]);
        run_epochs(
            self,
            inputs.len(),
            max_epochs,
            step,
            rule.end_of_epoch_check(&misclassified),
        )
    }

    /// Adds the current weights to `average`.
    pub fn add_to_average(&self, average: &mut Average<IN, CLASSES>) {
        average.add(&self.linear);
    }

    /// Replaces the weights and biases by their mean in `average`.
    ///
    /// # Errors
    ///
    /// [`Error::NoSamples`] if `average` is empty, and
    /// [`Error::NonFiniteWeight`] if its sums overflowed. The units are then
    /// unchanged.
    pub fn apply_average(&mut self, average: &Average<IN, CLASSES>) -> Result<(), Error> {
        self.linear = average.mean()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Xoshiro128PlusPlus, below};
    use rand_core::SeedableRng;

    /// The digits 0 to 9 as 3×5 bitmaps, one row of three pixels per
    /// three bits, top row first.
    const DIGITS: [[u8; 15]; 10] = [
        [1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1],
        [0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1],
        [1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1],
        [1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1],
        [1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1],
        [1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1],
        [1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1],
        [1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0],
        [1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1],
        [1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1],
    ];

    fn bitmap(digit: usize) -> [f32; 15] {
        DIGITS[digit].map(f32::from)
    }

    /// Returns a training set of each digit and its one-pixel distortions
    /// that stay closer to it than to any other digit.
    fn digit_set() -> heapless::Vec<([f32; 15], usize), 160> {
        let mut set = heapless::Vec::new();
        for digit in 0..10 {
            set.push((bitmap(digit), digit)).unwrap();
            for pixel in 0..15 {
                let mut x = bitmap(digit);
                x[pixel] = 1.0 - x[pixel];
                let distance = |d: usize| bitmap(d).iter().zip(&x).filter(|(a, b)| a != b).count();
                if (0..10).all(|other| other == digit || distance(other) > 1) {
                    set.push((x, digit)).unwrap();
                }
            }
        }
        set
    }

    fn split(
        set: &[([f32; 15], usize)],
    ) -> (heapless::Vec<[f32; 15], 160>, heapless::Vec<usize, 160>) {
        (
            set.iter().map(|s| s.0).collect(),
            set.iter().map(|s| s.1).collect(),
        )
    }

    #[test]
    fn kesler_and_one_vs_rest_learn_digits() {
        let (inputs, classes) = split(&digit_set());
        for rule in [Rule::Kesler, Rule::OneVsRest] {
            let mut net = MulticlassPerceptron::<15, 10>::new();
            let training = net.train(&inputs, &classes, rule, 1.0, 1000).unwrap();
            assert!(
                training.is_converged(),
                "{rule:?} on {} digit bitmaps: {training:?}",
                inputs.len()
            );
            for (i, (x, &class)) in inputs.iter().zip(&classes).enumerate() {
                let got = net.predict(x).unwrap();
                assert_eq!(
                    got, class,
                    "{rule:?}, sample {i}: predicted {got}, expected {class}"
                );
            }
        }
    }

    #[test]
    fn lms_classifies_digit_prototypes() {
        let inputs: [[f32; 15]; 10] = core::array::from_fn(bitmap);
        let classes: [usize; 10] = core::array::from_fn(|d| d);
        let mut net = MulticlassPerceptron::<15, 10>::new();
        // |x|² + 1 ≤ 16, so η = 0.05 is well inside the stable range.
        let training = net.train(&inputs, &classes, Rule::Lms, 0.05, 2000).unwrap();
        assert!(
            training.is_converged(),
            "LMS on the 10 prototypes: {training:?}"
        );
        assert_classifies_all(&net, &inputs, &classes, "LMS on the 10 prototypes");
    }

    /// Asserts that `net` predicts `classes[i]` for every `inputs[i]`.
    fn assert_classifies_all<const IN: usize, const CLASSES: usize>(
        net: &MulticlassPerceptron<IN, CLASSES>,
        inputs: &[[f32; IN]],
        classes: &[usize],
        context: &str,
    ) {
        for (x, &class) in inputs.iter().zip(classes) {
            let predicted = net.predict(x).unwrap();
            assert_eq!(
                predicted, class,
                "{context}: input {x:?} predicted as {predicted}, expected {class}"
            );
        }
    }

    #[test]
    fn lms_converged_model_classifies_every_sample() {
        // At η = 1 each LMS step overshoots (|x|² + 1 is up to 201). In the
        // first epoch every sample is right before its own update, and the
        // later updates leave all three misclassified.
        let inputs = [[10.0, -10.0], [-10.0, 5.0], [3.0, 3.0]];
        let classes = [0, 1, 2];
        let mut net = MulticlassPerceptron::<2, 3>::new();
        let training = net.train(&inputs, &classes, Rule::Lms, 1.0, 1).unwrap();
        let predicted = inputs.map(|x| net.predict(&x).unwrap());
        assert_eq!(
            predicted,
            [2, 2, 0],
            "LMS at η = 1 after one epoch on {inputs:?}"
        );
        let expected = Training::EpochLimit {
            epochs: 1,
            updates: 3,
            mistakes: 3,
        };
        assert_eq!(
            training, expected,
            "LMS at η = 1, one epoch on {inputs:?}: got {training:?}, expected {expected:?}"
        );

        // Left to run, the weights diverge and never converge.
        let mut net = MulticlassPerceptron::<2, 3>::new();
        let training = net.train(&inputs, &classes, Rule::Lms, 1.0, 1000);
        assert!(
            !matches!(training, Ok(Training::Converged { .. })),
            "LMS at η = 1 on {inputs:?}: got {training:?}, expected no convergence"
        );

        // At a stable rate the same data converge, and the model must then
        // classify them.
        let mut net = MulticlassPerceptron::<2, 3>::new();
        let training = net
            .train(&inputs, &classes, Rule::Lms, 0.005, 1000)
            .unwrap();
        assert!(
            training.is_converged(),
            "LMS at η = 0.005 on {inputs:?}: got {training:?}, expected convergence"
        );
        assert_classifies_all(&net, &inputs, &classes, "LMS at η = 0.005");
    }

    #[test]
    fn kesler_updates_two_rows() {
        let mut net = MulticlassPerceptron::<2, 3>::new();
        // All scores are 0, so class 0 is the rival of class 2.
        assert_eq!(net.train_step(&[1.0, 2.0], 2, Rule::Kesler, 0.5), Ok(true));
        assert_eq!(net.weights(), &[[-0.5, -1.0], [0.0, 0.0], [0.5, 1.0]]);
        assert_eq!(net.bias(), &[-0.5, 0.0, 0.5]);
        assert_eq!(net.predict(&[1.0, 2.0]), Ok(2));
        assert_eq!(net.train_step(&[1.0, 2.0], 2, Rule::Kesler, 0.5), Ok(false));
    }

    #[test]
    fn random_separable_classes_converge() {
        // Labels from a random linear classifier are separable by
        // construction.
        const IN: usize = 8;
        const CLASSES: usize = 10;
        const SAMPLES: usize = 300;
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(4);
        let teacher = MulticlassPerceptron::<IN, CLASSES>::from_parts(
            core::array::from_fn(|_| core::array::from_fn(|_| below(&mut rng, 21) as f32 - 10.0)),
            [0.0; CLASSES],
        )
        .unwrap();
        let inputs: [[f32; IN]; SAMPLES] =
            core::array::from_fn(|_| core::array::from_fn(|_| below(&mut rng, 9) as f32 - 4.0));
        let classes: [usize; SAMPLES] = inputs.map(|x| teacher.predict(&x).unwrap());

        let mut net = MulticlassPerceptron::<IN, CLASSES>::new();
        let training = net
            .train(&inputs, &classes, Rule::Kesler, 1.0, 10_000)
            .unwrap();
        assert!(
            training.is_converged(),
            "Kesler on {SAMPLES} teacher-labelled samples: {training:?}"
        );
    }

    #[test]
    fn rate_not_positive_normal_is_rejected() {
        // A zero rate never moves the weights, and a subnormal one rounds
        // the corrections away.
        let inputs = [[1.0, 0.0], [0.0, 1.0]];
        let classes = [0, 1];
        let mut net = MulticlassPerceptron::<2, 2>::new();
        for rate in [0.0, -0.0, -1.0, 1.0e-40, f32::NAN, f32::INFINITY] {
            for rule in [Rule::Kesler, Rule::OneVsRest, Rule::Lms] {
                let training = net.train(&inputs, &classes, rule, rate, 10);
                assert!(
                    matches!(training, Err(Error::InvalidLearningRate { value }) if value.to_bits() == rate.to_bits()),
                    "{rule:?} at rate {rate}: got {training:?}, expected InvalidLearningRate"
                );
                let step = net.train_step(&inputs[0], 1, rule, rate);
                assert!(
                    matches!(step, Err(Error::InvalidLearningRate { value }) if value.to_bits() == rate.to_bits()),
                    "{rule:?} step at rate {rate}: got {step:?}, expected InvalidLearningRate"
                );
            }
        }
        assert_eq!(
            net,
            MulticlassPerceptron::new(),
            "a rejected rate must leave the units unchanged"
        );

        // The smallest normal rate is accepted.
        let training = net.train(&inputs, &classes, Rule::Kesler, f32::MIN_POSITIVE, 10);
        assert!(
            matches!(training, Ok(Training::Converged { .. })),
            "Kesler at rate f32::MIN_POSITIVE: got {training:?}, expected convergence"
        );
    }

    #[test]
    fn invalid_class_is_rejected() {
        let mut net = MulticlassPerceptron::<2, 3>::new();
        let invalid = Error::InvalidClass {
            class: 3,
            classes: 3,
        };
        assert_eq!(
            net.train_step(&[1.0, 0.0], 3, Rule::Kesler, 1.0),
            Err(invalid)
        );
        assert_eq!(
            net.train(&[[1.0, 0.0], [0.0, 1.0]], &[0, 3], Rule::Kesler, 1.0, 5),
            Err(invalid)
        );
        assert_eq!(
            net,
            MulticlassPerceptron::new(),
            "a rejected call must leave the units unchanged"
        );
    }
}
