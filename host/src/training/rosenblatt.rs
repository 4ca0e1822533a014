//! Training Rosenblatt's perceptrons on a [`Dataset`]: the multiclass
//! perceptron with Kesler's rule on the raw features, and the S-A-R
//! perceptron, the same readout on [`RANDOM_FEATURE_UNITS`] fixed random
//! sign units.
//!
//! Each epoch visits the training samples once, in an order drawn by
//! `shinkei::rng::shuffle`. With `averaged`, the reported accuracy is that
//! of the mean of the weights after every training step so far (Freund and
//! Schapire's averaged perceptron), and the running weights keep training.
//!
//! Data sets are padded to the compiled input widths and class counts of
//! [`shape`](super::shape), as for the two-layer perceptron.

use std::time::{Duration, Instant};

use rand_core::SeedableRng;
use shinkei::activation::{Activation, Precision};
use shinkei::rng::{Xoshiro128PlusPlus, shuffle};
use shinkei::rosenblatt::{
    Average, MulticlassPerceptron, RandomWeights, Rule, StoredAssociation, ThreeLayerPerceptron,
};

use super::shape::{CLASS_COUNTS, INPUT_WIDTHS, ShapeError};
use super::{TrainError, padded};
use crate::data::Dataset;

/// Association units of the S-A-R perceptron. On digits, 20 epochs with
/// seed 0 reach 89.7 % test accuracy (95.6 % averaged), measured with
/// `shinkei train --data digits --model random-features`. The fixed weights
/// already take `4 · 512 · (64 + 1)` bytes at 64 inputs.
pub const RANDOM_FEATURE_UNITS: usize = 512;

/// A perceptron model that [`train_perceptron`] trains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PerceptronModel {
    /// One linear unit per class on the features, Kesler's rule.
    Perceptron,
    /// Kesler's rule on [`RANDOM_FEATURE_UNITS`] sign units with fixed
    /// Gaussian weights drawn from the seed.
    RandomFeatures,
}

/// The settings of a perceptron training run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PerceptronConfig {
    /// The model.
    pub model: PerceptronModel,
    /// Report the accuracy of the averaged weights.
    pub averaged: bool,
    /// The learning rate η, above 0. From zero weights every weight is η
    /// times a sum of inputs, so a power-of-2 η gives exactly the predictions
    /// of η = 1. Other values change the rounding, which matters for
    /// `RandomFeatures`: its scores are whole multiples of η, so classes
    /// often tie, and rounding breaks the ties differently.
    pub rate: f32,
    /// Number of passes over the training set.
    pub epochs: u32,
    /// Seed of the generator that draws the association layer, then the
    /// order of every epoch.
    pub seed: u64,
}

/// The measurements of one epoch.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PerceptronEpochReport {
    /// Epoch number, from 1.
    pub epoch: u32,
    /// Training samples misclassified when visited in this epoch, each of
    /// which made one update; 0 means the training set is learned and the
    /// weights no longer change.
    pub mistakes: u32,
    /// Fraction of test samples classified correctly after the epoch.
    pub test_accuracy: f64,
    /// Wall-clock seconds spent in training steps so far, without the
    /// evaluation after each epoch.
    pub train_seconds: f64,
}

/// The result of a whole training run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PerceptronSummary {
    /// Network inputs, after padding.
    pub inputs: usize,
    /// Network outputs, after padding.
    pub outputs: usize,
    /// Association units, for the S-A-R perceptron.
    pub association_units: Option<usize>,
    /// The first epoch without a training mistake, if any.
    pub converged_epoch: Option<u32>,
    /// Test accuracy after the last epoch.
    pub test_accuracy: f64,
    /// Wall-clock seconds spent in training steps.
    pub train_seconds: f64,
    /// Every epoch's report, in order.
    pub epochs: Vec<PerceptronEpochReport>,
}

/// Trains the perceptron `config.model` on `data`, calling `on_epoch` after
/// every epoch.
///
/// # Errors
///
/// [`TrainError::Shape`] if no compiled shape fits the data set,
/// [`TrainError::Step`] if a training step fails, [`TrainError::Average`]
/// if the averaged weights overflow, and [`TrainError::Evaluate`] if a test
/// prediction fails.
pub fn train_perceptron(
    data: &Dataset,
    config: &PerceptronConfig,
    on_epoch: &mut dyn FnMut(&PerceptronEpochReport),
) -> Result<PerceptronSummary, TrainError> {
    let inputs = INPUT_WIDTHS
        .into_iter()
        .find(|&width| width >= data.features)
        .ok_or(TrainError::Shape(ShapeError::TooManyFeatures {
            features: data.features,
        }))?;
    let outputs = CLASS_COUNTS
        .into_iter()
        .find(|&count| count >= data.classes)
        .ok_or(TrainError::Shape(ShapeError::TooManyClasses {
            classes: data.classes,
        }))?;
    let mut summary = match inputs {
        4 => with_inputs::<4>(outputs, data, config, on_epoch),
        16 => with_inputs::<16>(outputs, data, config, on_epoch),
        64 => with_inputs::<64>(outputs, data, config, on_epoch),
        _ => unreachable!("input width {inputs} is in INPUT_WIDTHS but not dispatched"),
    }?;
    summary.inputs = inputs;
    summary.outputs = outputs;
    Ok(summary)
}

// The match arms below must list exactly the values of CLASS_COUNTS.
fn with_inputs<const IN: usize>(
    outputs: usize,
    data: &Dataset,
    config: &PerceptronConfig,
    on_epoch: &mut dyn FnMut(&PerceptronEpochReport),
) -> Result<PerceptronSummary, TrainError> {
    match outputs {
        2 => with_shape::<IN, 2>(data, config, on_epoch),
        3 => with_shape::<IN, 3>(data, config, on_epoch),
        10 => with_shape::<IN, 10>(data, config, on_epoch),
        _ => unreachable!("output count {outputs} is in CLASS_COUNTS but not dispatched"),
    }
}

fn with_shape<const IN: usize, const CLASSES: usize>(
    data: &Dataset,
    config: &PerceptronConfig,
    on_epoch: &mut dyn FnMut(&PerceptronEpochReport),
) -> Result<PerceptronSummary, TrainError> {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(config.seed);
    match config.model {
        PerceptronModel::Perceptron => {
            let mut model = LinearModel::<IN, CLASSES>::new(config.averaged);
            run(&mut model, &mut rng, data, config, on_epoch)
        }
        PerceptronModel::RandomFeatures => {
            let layer = StoredAssociation::<IN, RANDOM_FEATURE_UNITS>::random(
                &mut rng,
                RandomWeights::Gaussian,
                Activation::Sign,
                Precision::Exact,
            );
            let mut model = Box::new(RandomFeatureModel::<IN, CLASSES>::new(
                layer,
                config.averaged,
            ));
            let mut summary = run(model.as_mut(), &mut rng, data, config, on_epoch)?;
            summary.association_units = Some(RANDOM_FEATURE_UNITS);
            Ok(summary)
        }
    }
}

/// A perceptron trained one sample at a time with Kesler's rule, which
/// predicts with its current or averaged weights.
trait StepModel<const IN: usize> {
    /// Trains on one sample and returns whether it was a mistake (and so an
    /// update). When averaging, adds the weights after the step to the sum.
    fn train_step(
        &mut self,
        x: &[f32; IN],
        class: usize,
        rate: f32,
    ) -> Result<bool, shinkei::Error>;

    /// Loads the averaged weights into the predictor, when averaging.
    fn finish_epoch(&mut self) -> Result<(), shinkei::Error>;

    /// Returns the predicted class of `x`, by the averaged weights as of the
    /// last [`finish_epoch`](Self::finish_epoch) when averaging.
    fn predict(&self, x: &[f32; IN]) -> Result<usize, shinkei::Error>;
}

/// The multiclass perceptron on the raw features.
struct LinearModel<const IN: usize, const CLASSES: usize> {
    network: MulticlassPerceptron<IN, CLASSES>,
    /// The running sum and the averaged predictor, when averaging.
    average: Option<(Average<IN, CLASSES>, MulticlassPerceptron<IN, CLASSES>)>,
}

impl<const IN: usize, const CLASSES: usize> LinearModel<IN, CLASSES> {
    fn new(averaged: bool) -> Self {
        Self {
            network: MulticlassPerceptron::new(),
            average: averaged.then(|| (Average::new(), MulticlassPerceptron::new())),
        }
    }
}

impl<const IN: usize, const CLASSES: usize> StepModel<IN> for LinearModel<IN, CLASSES> {
    fn train_step(
        &mut self,
        x: &[f32; IN],
        class: usize,
        rate: f32,
    ) -> Result<bool, shinkei::Error> {
        let mistake = self.network.train_step(x, class, Rule::Kesler, rate)?;
        if let Some((average, _)) = &mut self.average {
            self.network.add_to_average(average);
        }
        Ok(mistake)
    }

    fn finish_epoch(&mut self) -> Result<(), shinkei::Error> {
        match &mut self.average {
            None => Ok(()),
            Some((average, predictor)) => predictor.apply_average(average),
        }
    }

    fn predict(&self, x: &[f32; IN]) -> Result<usize, shinkei::Error> {
        match &self.average {
            None => self.network.predict(x),
            Some((_, predictor)) => predictor.predict(x),
        }
    }
}

/// The S-A-R perceptron.
struct RandomFeatureModel<const IN: usize, const CLASSES: usize> {
    network: ThreeLayerPerceptron<
        IN,
        RANDOM_FEATURE_UNITS,
        CLASSES,
        StoredAssociation<IN, RANDOM_FEATURE_UNITS>,
    >,
    /// The running sum and the averaged readout, when averaging.
    average: Option<(
        Average<RANDOM_FEATURE_UNITS, CLASSES>,
        MulticlassPerceptron<RANDOM_FEATURE_UNITS, CLASSES>,
    )>,
}

impl<const IN: usize, const CLASSES: usize> RandomFeatureModel<IN, CLASSES> {
    fn new(layer: StoredAssociation<IN, RANDOM_FEATURE_UNITS>, averaged: bool) -> Self {
        Self {
            network: ThreeLayerPerceptron::new(layer),
            average: averaged.then(|| (Average::new(), MulticlassPerceptron::new())),
        }
    }
}

impl<const IN: usize, const CLASSES: usize> StepModel<IN> for RandomFeatureModel<IN, CLASSES> {
    fn train_step(
        &mut self,
        x: &[f32; IN],
        class: usize,
        rate: f32,
    ) -> Result<bool, shinkei::Error> {
        let mistake = self.network.train_step(x, class, Rule::Kesler, rate)?;
        if let Some((average, _)) = &mut self.average {
            self.network.readout().add_to_average(average);
        }
        Ok(mistake)
    }

    fn finish_epoch(&mut self) -> Result<(), shinkei::Error> {
        match &mut self.average {
            None => Ok(()),
            Some((average, readout)) => readout.apply_average(average),
        }
    }

    fn predict(&self, x: &[f32; IN]) -> Result<usize, shinkei::Error> {
        match &self.average {
            None => self.network.predict(x),
            Some((_, readout)) => readout.predict(&self.network.features(x)?),
        }
    }
}

/// Trains `model` for `config.epochs` shuffled epochs and evaluates it on
/// the test set after each.
fn run<const IN: usize>(
    model: &mut dyn StepModel<IN>,
    rng: &mut Xoshiro128PlusPlus,
    data: &Dataset,
    config: &PerceptronConfig,
    on_epoch: &mut dyn FnMut(&PerceptronEpochReport),
) -> Result<PerceptronSummary, TrainError> {
    let train_set: Vec<([f32; IN], usize)> = data.train.iter().map(padded::<IN>).collect();
    let test_set: Vec<([f32; IN], usize)> = data.test.iter().map(padded::<IN>).collect();

    let mut order: Vec<usize> = (0..train_set.len()).collect();
    let mut elapsed = Duration::ZERO;
    let mut epochs = Vec::new();
    let mut converged_epoch = None;
    for epoch in 1..=config.epochs {
        shuffle(rng, &mut order);

        let start = Instant::now();
        let mut mistakes = 0u32;
        for &index in &order {
            let (x, class) = &train_set[index];
            let mistake =
                model
                    .train_step(x, *class, config.rate)
                    .map_err(|source| TrainError::Step {
                        epoch,
                        sample: index,
                        source,
                    })?;
            mistakes += u32::from(mistake);
        }
        model
            .finish_epoch()
            .map_err(|source| TrainError::Average { epoch, source })?;
        elapsed += start.elapsed();

        if mistakes == 0 && converged_epoch.is_none() {
            converged_epoch = Some(epoch);
        }
        let report = PerceptronEpochReport {
            epoch,
            mistakes,
            test_accuracy: accuracy(model, &test_set)?,
            train_seconds: elapsed.as_secs_f64(),
        };
        on_epoch(&report);
        epochs.push(report);
    }

    Ok(PerceptronSummary {
        inputs: IN,
        outputs: 0,
        association_units: None,
        converged_epoch,
        test_accuracy: match epochs.last() {
            Some(last) => last.test_accuracy,
            None => accuracy(model, &test_set)?,
        },
        train_seconds: elapsed.as_secs_f64(),
        epochs,
    })
}

/// Returns the fraction of `samples` that `model` classifies correctly, or 0
/// for no samples.
fn accuracy<const IN: usize>(
    model: &dyn StepModel<IN>,
    samples: &[([f32; IN], usize)],
) -> Result<f64, TrainError> {
    let mut correct = 0usize;
    for (index, (x, class)) in samples.iter().enumerate() {
        let predicted = model.predict(x).map_err(|source| TrainError::Evaluate {
            sample: index,
            source,
        })?;
        correct += usize::from(predicted == *class);
    }
    Ok(correct as f64 / samples.len().max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Sample;

    /// Two classes on either side of the first feature, with padding.
    fn two_blobs(features: usize) -> Dataset {
        let sample = |i: usize| {
            let class = i % 2;
            let mut x = vec![0.1 * (i as f32 % 7.0); features];
            x[0] = if class == 0 { -1.0 } else { 1.0 };
            Sample { features: x, class }
        };
        Dataset {
            name: "blobs".to_owned(),
            features,
            classes: 2,
            train: (0..40).map(sample).collect(),
            test: (40..50).map(sample).collect(),
        }
    }

    #[test]
    fn every_model_learns_separable_blobs() {
        for model in [PerceptronModel::Perceptron, PerceptronModel::RandomFeatures] {
            for averaged in [false, true] {
                let config = PerceptronConfig {
                    model,
                    averaged,
                    rate: 1.0,
                    epochs: 20,
                    seed: 3,
                };
                let mut reports = 0;
                let summary =
                    train_perceptron(&two_blobs(3), &config, &mut |_| reports += 1).unwrap();
                assert_eq!(reports, 20, "{model:?}, averaged {averaged}");
                assert_eq!(
                    (summary.inputs, summary.outputs),
                    (4, 2),
                    "{model:?}, averaged {averaged}"
                );
                assert!(
                    summary.converged_epoch.is_some(),
                    "{model:?}, averaged {averaged}: {summary:?}"
                );
                assert_eq!(
                    summary.test_accuracy, 1.0,
                    "{model:?}, averaged {averaged}: {summary:?}"
                );
            }
        }
    }

    #[test]
    fn oversized_data_is_rejected() {
        let config = PerceptronConfig {
            model: PerceptronModel::Perceptron,
            averaged: false,
            rate: 1.0,
            epochs: 1,
            seed: 0,
        };
        let error = train_perceptron(&two_blobs(65), &config, &mut |_| {}).unwrap_err();
        assert!(
            matches!(
                error,
                TrainError::Shape(ShapeError::TooManyFeatures { features: 65 })
            ),
            "got {error}"
        );
    }
}
