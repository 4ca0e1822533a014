//! The two-class perceptron.

use super::linear::{Average, Linear};
use super::{Label, Step, Training, check_data_set, check_rate, run_epochs};
use crate::Error;
use crate::error::check_input;

/// Whether a perceptron learns a bias.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Bias {
    /// The bias is learned like a weight on a constant input 1.
    #[default]
    Learned,
    /// The bias stays zero, so the decision boundary passes through the
    /// origin, as in the plain form of the convergence theorem.
    Zero,
}

/// Rosenblatt's perceptron: one linear threshold unit with output
/// `+1` if `w · x + b ≥ 0` and `-1` otherwise, trained by the
/// error-correction rule described in the [module docs](super).
///
/// It takes `4 (IN + 1)` bytes plus the bias mode.
///
/// # Example
///
/// ```
/// use shinkei::rosenblatt::{Bias, Label, Perceptron};
///
/// // Learn OR on ±1 inputs.
/// let inputs = [[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]];
/// let labels = [Label::Negative, Label::Positive, Label::Positive, Label::Positive];
/// let mut unit = Perceptron::<2>::new(Bias::Learned);
/// let training = unit.train(&inputs, &labels, 1.0, 100)?;
/// assert!(training.is_converged());
/// assert_eq!(unit.predict(&[1.0, -1.0])?, Label::Positive);
/// # Ok::<(), shinkei::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Perceptron<const IN: usize> {
    linear: Linear<IN, 1>,
    bias_mode: Bias,
}

impl<const IN: usize> Perceptron<IN> {
    /// Creates a unit with zero weights and bias.
    pub const fn new(bias_mode: Bias) -> Self {
        Self {
            linear: Linear::zeros(),
            bias_mode,
        }
    }

    /// Creates a unit with a learned bias from given weights and bias.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteWeight`] if a weight or the bias is not finite.
    pub fn from_parts(weights: [f32; IN], bias: f32) -> Result<Self, Error> {
        Ok(Self {
            linear: Linear::from_parts([weights], [bias])?,
            bias_mode: Bias::Learned,
        })
    }

    /// The weights.
    pub fn weights(&self) -> &[f32; IN] {
        &self.linear.weights[0]
    }

    /// The bias.
    pub fn bias(&self) -> f32 {
        self.linear.bias[0]
    }

    /// Whether the bias is learned.
    pub fn bias_mode(&self) -> Bias {
        self.bias_mode
    }

    /// Returns the weighted sum `w · x + b`.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteInput`] for a non-finite input element, and
    /// [`Error::NonFiniteOutput`] if the sum overflows.
    pub fn weighted_sum(&self, x: &[f32; IN]) -> Result<f32, Error> {
        check_input(x)?;
        Ok(self.linear.scores(x)?[0])
    }

    /// Returns the output: [`Label::Positive`] iff `w · x + b ≥ 0`.
    ///
    /// # Errors
    ///
    /// As for [`weighted_sum`](Self::weighted_sum).
    pub fn predict(&self, x: &[f32; IN]) -> Result<Label, Error> {
        Ok(Label::from(self.weighted_sum(x)? >= 0.0))
    }

    /// Trains on one sample and returns whether it was a mistake, that is
    /// whether the weights were corrected.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidLearningRate`] unless `rate` is finite and at least
    /// `f32::MIN_POSITIVE`, [`Error::NonFiniteInput`],
    /// [`Error::NonFiniteOutput`], or [`Error::NonFiniteWeight`] if the
    /// correction would make a weight non-finite. On error the unit is
    /// unchanged.
    pub fn train_step(&mut self, x: &[f32; IN], label: Label, rate: f32) -> Result<bool, Error> {
        check_rate(rate)?;
        check_input(x)?;
        Ok(self.step(x, label, rate)?.mistake)
    }

    /// Trains on one sample whose input and rate the caller has checked.
    fn step(&mut self, x: &[f32; IN], label: Label, rate: f32) -> Result<Step, Error> {
        let sum = self.linear.scores(x)?[0];
        let y = label.sign();
        if y * sum > 0.0 {
            return Ok(Step {
                mistake: false,
                updates: 0,
            });
        }

        let scale = rate * y;
        let bias_step = match self.bias_mode {
            Bias::Learned => scale,
            Bias::Zero => 0.0,
        };
        if !self.linear.row_update_is_finite(0, x, scale, bias_step) {
            return Err(Error::NonFiniteWeight);
        }
        self.linear.update_row(0, x, scale, bias_step);
        Ok(Step {
            mistake: true,
            updates: 1,
        })
    }

    /// Trains on the data set `(inputs[i], labels[i])`, epoch after epoch,
    /// until an epoch makes no mistake or `max_epochs` epochs have run.
    ///
    /// Samples are visited in the order given. To visit them in a new random
    /// order each epoch, shuffle them with [`shuffle`](crate::rng::shuffle)
    /// and call this with `max_epochs = 1`, as many times as needed.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidLearningRate`] (as for
    /// [`train_step`](Self::train_step)), [`Error::NonFiniteSample`] or
    /// [`Error::NoSamples`] before any update, so the unit is unchanged.
    /// [`Error::NonFiniteOutput`] or [`Error::NonFiniteWeight`] during
    /// training, when the unit keeps the corrections made before.
    ///
    /// # Panics
    ///
    /// Panics if `inputs` and `labels` have different lengths or
    /// `max_epochs` is zero.
    pub fn train(
        &mut self,
        inputs: &[[f32; IN]],
        labels: &[Label],
        rate: f32,
        max_epochs: u32,
    ) -> Result<Training, Error> {
        self.train_with(inputs, labels, rate, max_epochs, None)
    }

    /// Trains as [`train`](Self::train) does, and adds the weights after
    /// every sample to `average` for the averaged perceptron. Load the
    /// result with [`apply_average`](Self::apply_average).
    ///
    /// # Errors
    ///
    /// As for [`train`](Self::train). On error `average` contains the steps
    /// that succeeded.
    ///
    /// # Panics
    ///
    /// As for [`train`](Self::train).
    pub fn train_averaged(
        &mut self,
        inputs: &[[f32; IN]],
        labels: &[Label],
        rate: f32,
        max_epochs: u32,
        average: &mut Average<IN, 1>,
    ) -> Result<Training, Error> {
        self.train_with(inputs, labels, rate, max_epochs, Some(average))
    }

    fn train_with(
        &mut self,
        inputs: &[[f32; IN]],
        labels: &[Label],
        rate: f32,
        max_epochs: u32,
        mut average: Option<&mut Average<IN, 1>>,
    ) -> Result<Training, Error> {
        assert_eq!(
            inputs.len(),
            labels.len(),
            "train: {} inputs but {} labels",
            inputs.len(),
            labels.len()
        );
        check_rate(rate)?;
        check_data_set(inputs)?;
        let step = |unit: &mut Self, i: usize| {
            let result = unit.step(&inputs[i], labels[i], rate)?;
            if let Some(average) = average.as_deref_mut() {
                average.add(&unit.linear);
            }
            Ok(result)
        };
        // A unit changes only on a mistake, so no check after each epoch.
        run_epochs(self, inputs.len(), max_epochs, step, None)
    }

    /// Adds the current weights to `average`, for callers that train one
    /// sample at a time with [`train_step`](Self::train_step).
    pub fn add_to_average(&self, average: &mut Average<IN, 1>) {
        average.add(&self.linear);
    }

    /// Replaces the weights and bias by their mean in `average`.
    ///
    /// # Errors
    ///
    /// [`Error::NoSamples`] if `average` is empty, and
    /// [`Error::NonFiniteWeight`] if its sums overflowed. The unit is then
    /// unchanged.
    pub fn apply_average(&mut self, average: &Average<IN, 1>) -> Result<(), Error> {
        self.linear = average.mean()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Xoshiro128PlusPlus, shuffle, standard_normal, uniform_range};
    use rand_core::SeedableRng;

    /// Returns the unit vector `e_i` in `N` dimensions.
    fn basis<const N: usize>(i: usize) -> [f32; N] {
        core::array::from_fn(|j| if i == j { 1.0 } else { 0.0 })
    }

    #[test]
    fn novikoff_tight_case_takes_n_updates() {
        // x_i = e_i with all labels +1 through the origin: R = 1, the best
        // margin is γ = 1/√N, so the bound (R/γ)² = N is attained.
        const N: usize = 50;
        let inputs: [[f32; N]; N] = core::array::from_fn(basis::<N>);
        let labels = [Label::Positive; N];
        let mut unit = Perceptron::<N>::new(Bias::Zero);
        let training = unit.train(&inputs, &labels, 1.0, 10).unwrap();
        assert_eq!(
            training,
            Training::Converged {
                epochs: 2,
                updates: N as u64
            },
            "on x_i = e_i: got {training:?}, expected {N} updates in 2 epochs"
        );
        assert_eq!(unit.weights(), &[1.0; N]);
    }

    /// A linearly separable data set of `SAMPLES` points in `IN` dimensions,
    /// labelled by the hyperplane `u · x + c = 0` (through the origin unless
    /// `with_offset`), with every point at distance at least `min_distance`
    /// from it.
    struct Separable<const IN: usize, const SAMPLES: usize> {
        inputs: [[f32; IN]; SAMPLES],
        labels: [Label; SAMPLES],
        normal: [f64; IN],
        offset: f64,
    }

    fn separable<const IN: usize, const SAMPLES: usize>(
        rng: &mut Xoshiro128PlusPlus,
        min_distance: f64,
        with_offset: bool,
    ) -> Separable<IN, SAMPLES> {
        let mut normal: [f64; IN] = core::array::from_fn(|_| f64::from(standard_normal(rng)));
        let norm = normal.iter().map(|v| v * v).sum::<f64>().sqrt();
        normal.iter_mut().for_each(|v| *v /= norm);
        let offset = if with_offset {
            f64::from(uniform_range(rng, -0.5, 0.5))
        } else {
            0.0
        };

        let mut inputs = [[0.0f32; IN]; SAMPLES];
        let mut labels = [Label::Negative; SAMPLES];
        for (x, label) in inputs.iter_mut().zip(labels.iter_mut()) {
            // Rejection sampling from the cube [-2, 2]^IN.
            loop {
                *x = core::array::from_fn(|_| uniform_range(rng, -2.0, 2.0));
                let signed = signed_distance(x, &normal, offset);
                if signed.abs() >= min_distance {
                    *label = Label::from(signed > 0.0);
                    break;
                }
            }
        }
        Separable {
            inputs,
            labels,
            normal,
            offset,
        }
    }

    fn signed_distance<const IN: usize>(x: &[f32; IN], normal: &[f64; IN], offset: f64) -> f64 {
        x.iter()
            .zip(normal)
            .map(|(x, u)| f64::from(*x) * u)
            .sum::<f64>()
            + offset
    }

    /// Returns the bound `(R/γ)²` for `data` and the separating unit vector
    /// the data were generated from. With a learned bias the theorem applies
    /// to the inputs extended by a constant 1 and to `(u, c) / |(u, c)|`.
    fn novikoff_bound<const IN: usize, const SAMPLES: usize>(
        data: &Separable<IN, SAMPLES>,
        bias: Bias,
    ) -> f64 {
        let (constant_sq, extended_norm) = match bias {
            Bias::Learned => (1.0, (1.0 + data.offset * data.offset).sqrt()),
            Bias::Zero => (0.0, 1.0),
        };
        let mut radius_sq = 0.0f64;
        let mut margin = f64::INFINITY;
        for (x, label) in data.inputs.iter().zip(&data.labels) {
            let norm_sq: f64 = x.iter().map(|v| f64::from(*v).powi(2)).sum();
            radius_sq = radius_sq.max(norm_sq + constant_sq);
            let signed = signed_distance(x, &data.normal, data.offset);
            margin = margin.min(f64::from(label.sign()) * signed / extended_norm);
        }
        radius_sq / (margin * margin)
    }

    #[test]
    fn updates_stay_within_novikoff_bound() {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(0);
        for trial in 0..10 {
            let bias = if trial % 2 == 0 {
                Bias::Learned
            } else {
                Bias::Zero
            };
            let mut data = separable::<5, 200>(&mut rng, 0.1, bias == Bias::Learned);
            let bound = novikoff_bound(&data, bias);

            // In the given order, until an epoch without a mistake.
            let mut unit = Perceptron::<5>::new(bias);
            let training = unit
                .train(&data.inputs, &data.labels, 0.5, 100_000)
                .unwrap();
            assert!(
                training.is_converged(),
                "trial {trial}, {bias:?}: {training:?}"
            );
            let updates = training.updates() as f64;
            assert!(
                updates <= bound,
                "trial {trial}, {bias:?}: {updates} updates, bound (R/γ)² = {bound:.1}"
            );
            for (i, (x, label)) in data.inputs.iter().zip(&data.labels).enumerate() {
                assert_eq!(
                    unit.predict(x).unwrap(),
                    *label,
                    "trial {trial}, sample {i}"
                );
            }

            // In a new random order every epoch.
            let mut unit = Perceptron::<5>::new(bias);
            let mut updates = 0;
            for _ in 0..100_000 {
                let mut order: [usize; 200] = core::array::from_fn(|i| i);
                shuffle(&mut rng, &mut order);
                data.inputs = order.map(|i| data.inputs[i]);
                data.labels = order.map(|i| data.labels[i]);
                let epoch = unit.train(&data.inputs, &data.labels, 0.5, 1).unwrap();
                updates += epoch.updates();
                if epoch.is_converged() {
                    break;
                }
            }
            assert!(
                updates as f64 <= bound,
                "trial {trial}, {bias:?}, shuffled: {updates} updates, bound (R/γ)² = {bound:.1}"
            );
        }
    }

    const XOR_INPUTS: [[f32; 2]; 4] = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    const XOR_LABELS: [Label; 4] = [
        Label::Negative,
        Label::Positive,
        Label::Positive,
        Label::Negative,
    ];

    #[test]
    fn xor_stops_at_epoch_limit() {
        let mut unit = Perceptron::<2>::new(Bias::Learned);
        let training = unit.train(&XOR_INPUTS, &XOR_LABELS, 1.0, 1000).unwrap();
        match training {
            Training::EpochLimit {
                epochs, mistakes, ..
            } => {
                assert_eq!(epochs, 1000, "XOR: {training:?}");
                assert!(mistakes > 0, "XOR: {training:?}");
            }
            Training::Converged { .. } => panic!("one unit learned XOR: {training:?}"),
        }
    }

    #[test]
    fn averaged_perceptron_on_noisy_data() {
        // A separable set with 10 % of the labels flipped: the plain
        // perceptron cannot converge, the average still classifies well.
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(1);
        let mut data = separable::<4, 400>(&mut rng, 0.05, true);
        let clean = data.labels;
        for label in data.labels.iter_mut().step_by(10) {
            *label = if *label == Label::Positive {
                Label::Negative
            } else {
                Label::Positive
            };
        }

        let mut unit = Perceptron::<4>::new(Bias::Learned);
        let mut average = Average::new();
        let training = unit
            .train_averaged(&data.inputs, &data.labels, 1.0, 20, &mut average)
            .unwrap();
        assert!(
            !training.is_converged(),
            "noisy labels converged: {training:?}"
        );
        assert_eq!(average.steps(), 20 * 400);

        unit.apply_average(&average).unwrap();
        let correct = data
            .inputs
            .iter()
            .zip(&clean)
            .filter(|(x, label)| unit.predict(x).unwrap() == **label)
            .count();
        assert!(
            correct >= 380,
            "averaged perceptron: {correct} of 400 clean labels right, expected at least 380"
        );
    }

    #[test]
    fn average_of_constant_weights() {
        let parts = [0.1, -0.2, 0.3, 0.7];
        let mut unit =
            Perceptron::<3>::from_parts([parts[0], parts[1], parts[2]], parts[3]).unwrap();
        let mut average = Average::new();
        for _ in 0..7 {
            unit.add_to_average(&mut average);
        }
        unit.apply_average(&average).unwrap();
        let got = [
            unit.weights()[0],
            unit.weights()[1],
            unit.weights()[2],
            unit.bias(),
        ];
        for (g, p) in got.iter().zip(&parts) {
            // Seven rounded additions and one division: a few ulps at most.
            assert!(
                (g - p).abs() <= 4.0 * f32::EPSILON * p.abs(),
                "mean of 7 copies of {p}: got {g}"
            );
        }
        let before = unit.clone();
        assert_eq!(unit.apply_average(&Average::new()), Err(Error::NoSamples));
        assert_eq!(
            unit, before,
            "an empty average must leave the unit unchanged"
        );
    }

    #[test]
    fn bad_values_leave_unit_unchanged() {
        let mut unit = Perceptron::<2>::from_parts([0.5, -0.5], 0.25).unwrap();
        let before = unit.clone();

        for rate in [f32::NAN, f32::INFINITY, -1.0, 0.0, -0.0, 1.0e-40] {
            let is_rate_error = |r: &Result<_, Error>| matches!(r, Err(Error::InvalidLearningRate { value }) if value.to_bits() == rate.to_bits());
            let step = unit.train_step(&[1.0, 1.0], Label::Negative, rate);
            assert!(
                is_rate_error(&step.map(|_| ())),
                "train_step at rate {rate}: got {step:?}, expected InvalidLearningRate"
            );
            let training = unit.train(&XOR_INPUTS, &XOR_LABELS, rate, 10);
            assert!(
                is_rate_error(&training.map(|_| ())),
                "train at rate {rate}: got {training:?}, expected InvalidLearningRate"
            );
        }
        let result = unit.train_step(&[1.0, f32::NAN], Label::Negative, 1.0);
        assert!(
            matches!(result, Err(Error::NonFiniteInput { index: 1, value }) if value.is_nan()),
            "NaN input: got {result:?}, expected NonFiniteInput at index 1"
        );
        let mut inputs = XOR_INPUTS;
        inputs[2][0] = f32::INFINITY;
        assert_eq!(
            unit.train(&inputs, &XOR_LABELS, 1.0, 10),
            Err(Error::NonFiniteSample {
                sample: 2,
                index: 0,
                value: f32::INFINITY
            })
        );
        assert_eq!(unit.train(&[], &[], 1.0, 10), Err(Error::NoSamples));
        assert_eq!(
            unit, before,
            "a rejected call must leave the unit unchanged"
        );

        // A correction that overflows is rejected as a whole.
        let mut big = Perceptron::<2>::from_parts([f32::MAX, 0.0], -f32::MAX).unwrap();
        let before = big.clone();
        assert_eq!(
            big.train_step(&[1.0, 0.0], Label::Positive, f32::MAX),
            Err(Error::NonFiniteWeight)
        );
        assert_eq!(big, before, "an overflowing correction must not be applied");
    }
}
