//! Online training of the kernel's two-layer perceptron on a [`Dataset`].
//!
//! [`train`] works on one network shape, fixed at compile time. [`shape`]
//! picks a shape for a data set at run time and calls it. [`rosenblatt`]
//! trains Rosenblatt's perceptrons on the same shapes.

pub mod rosenblatt;
pub mod shape;

use std::fmt;
use std::time::{Duration, Instant};

use rand_core::SeedableRng;
use shinkei::activation::{Activation, Precision};
use shinkei::mlp::Mlp;
use shinkei::rng::{Xoshiro128PlusPlus, shuffle};
use shinkei::schedule::Schedule;
use shinkei::sgd::OnlineSgd;

use crate::data::{Dataset, Sample};

/// How to train.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrainConfig {
    /// Activation of the hidden layer; the output layer is a softmax
    /// classifier.
    pub activation: Activation,
    /// Learning-rate schedule, advanced once per training sample.
    pub schedule: Schedule,
    /// Number of passes over the training set.
    pub epochs: u32,
    /// Seed of the generator that draws the initial weights and then the
    /// order of every epoch.
    pub seed: u64,
}

/// The measurements of one epoch.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct EpochReport {
    /// Epoch number, from 1.
    pub epoch: u32,
    /// Mean over the epoch of the loss each sample had just before its own
    /// update, so it lags the end-of-epoch loss slightly.
    pub train_loss: f64,
    /// Fraction of test samples classified correctly after the epoch.
    pub test_accuracy: f64,
    /// Learning rate of the epoch's first step.
    pub learning_rate: f32,
    /// Wall-clock seconds spent in training steps so far, without the
    /// evaluation after each epoch.
    pub train_seconds: f64,
}

/// The result of a whole training run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrainSummary {
    /// Test accuracy after the last epoch.
    pub test_accuracy: f64,
    /// Wall-clock seconds spent in training steps.
    pub train_seconds: f64,
    /// The kernel's FNV-1a checksum of the final weights.
    pub checksum: u32,
    /// Every epoch's report, in order.
    pub epochs: Vec<EpochReport>,
}

/// A failed training run.
#[derive(Debug)]
#[non_exhaustive]
pub enum TrainError {
    /// No supported network shape fits the data set.
    Shape(shape::ShapeError),
    /// The schedule's parameters are invalid.
    Schedule(shinkei::Error),
    /// A kernel call failed on one sample, typically because the weights
    /// diverged under too large a learning rate.
    Step {
        /// Epoch number, from 1.
        epoch: u32,
        /// Index of the sample in the training set.
        sample: usize,
        /// The kernel's error.
        source: shinkei::Error,
    },
    /// Averaging a perceptron's weights failed because a sum overflowed.
    Average {
        /// Epoch number, from 1.
        epoch: u32,
        /// The kernel's error.
        source: shinkei::Error,
    },
    /// Evaluating a test sample failed.
    Evaluate {
        /// Index of the sample in the test set.
        sample: usize,
        /// The kernel's error.
        source: shinkei::Error,
    },
}

impl fmt::Display for TrainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainError::Shape(error) => error.fmt(f),
            TrainError::Schedule(error) => write!(f, "invalid learning-rate schedule: {error}"),
            TrainError::Step {
                epoch,
                sample,
                source,
            } => {
                write!(
                    f,
                    "training failed in epoch {epoch} on training sample {sample}: {source}"
                )
            }
            TrainError::Average { epoch, source } => {
                write!(
                    f,
                    "averaging the weights failed after epoch {epoch}: {source}"
                )
            }
            TrainError::Evaluate { sample, source } => {
                write!(f, "evaluation failed on test sample {sample}: {source}")
            }
        }
    }
}

// `source()` stays `None`: every message already includes the inner error,
// and reporters that walk the chain would print it twice.
impl std::error::Error for TrainError {}

/// Trains a new `Mlp<IN, HIDDEN, OUT>` classifier on `data` by online SGD and
/// returns it with a summary, calling `on_epoch` after every epoch.
///
/// Samples narrower than `IN` are padded with zero inputs, which changes
/// nothing but the Glorot range of the initial weights, because a zero input
/// neither contributes to a sum nor gets a weight update. Classes beyond
/// `data.classes` are outputs that no sample targets.
///
/// Each epoch visits the training samples once in an order drawn by
/// `shinkei::rng::shuffle`, one [`OnlineSgd`] step per sample.
///
/// # Panics
///
/// Panics if a sample is wider than `IN` or a class is not below `OUT`;
/// [`shape::train_dataset`] picks shapes for which neither happens.
pub fn train<const IN: usize, const HIDDEN: usize, const OUT: usize>(
    data: &Dataset,
    config: &TrainConfig,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Result<(Mlp<IN, HIDDEN, OUT>, TrainSummary), TrainError> {
    assert!(
        data.classes <= OUT,
        "train: {} classes do not fit {OUT} outputs",
        data.classes
    );
    let train_set: Vec<([f32; IN], usize)> = data.train.iter().map(padded::<IN>).collect();
    let test_set: Vec<([f32; IN], usize)> = data.test.iter().map(padded::<IN>).collect();

    let mut rng = Xoshiro128PlusPlus::seed_from_u64(config.seed);
    let mut net = Mlp::<IN, HIDDEN, OUT>::classifier(config.activation, Precision::Exact, &mut rng);
    let mut sgd = OnlineSgd::new(config.schedule).map_err(TrainError::Schedule)?;

    let mut order: Vec<usize> = (0..train_set.len()).collect();
    let mut elapsed = Duration::ZERO;
    let mut epochs = Vec::new();
    for epoch in 1..=config.epochs {
        shuffle(&mut rng, &mut order);
        let learning_rate = sgd.rate();

        let start = Instant::now();
        let mut loss_sum = 0.0f64;
        for &index in &order {
            let (x, class) = &train_set[index];
            let loss = sgd
                .train_class(&mut net, x, *class)
                .map_err(|source| TrainError::Step {
                    epoch,
                    sample: index,
                    source,
                })?;
            loss_sum += f64::from(loss);
        }
        elapsed += start.elapsed();

        let report = EpochReport {
            epoch,
            train_loss: loss_sum / order.len().max(1) as f64,
            test_accuracy: accuracy(&net, &test_set)?,
            learning_rate,
            train_seconds: elapsed.as_secs_f64(),
        };
        on_epoch(&report);
        epochs.push(report);
    }

    let summary = TrainSummary {
        test_accuracy: match epochs.last() {
            Some(last) => last.test_accuracy,
            None => accuracy(&net, &test_set)?,
        },
        train_seconds: elapsed.as_secs_f64(),
        checksum: net.checksum(),
        epochs,
    };
    Ok((net, summary))
}

/// Returns the fraction of `samples` that `net` classifies correctly, or 0
/// for no samples.
pub fn accuracy<const IN: usize, const HIDDEN: usize, const OUT: usize>(
    net: &Mlp<IN, HIDDEN, OUT>,
    samples: &[([f32; IN], usize)],
) -> Result<f64, TrainError> {
    let mut correct = 0usize;
    for (index, (x, class)) in samples.iter().enumerate() {
        let predicted = net.classify(x).map_err(|source| TrainError::Evaluate {
            sample: index,
            source,
        })?;
        correct += usize::from(predicted == *class);
    }
    Ok(correct as f64 / samples.len().max(1) as f64)
}

/// Copies a sample into a fixed-width input, padding with zeros.
///
/// # Panics
///
/// Panics if the sample has more than `IN` features.
pub fn padded<const IN: usize>(sample: &Sample) -> ([f32; IN], usize) {
    assert!(
        sample.features.len() <= IN,
        "padded: {} features do not fit {IN} inputs",
        sample.features.len()
    );
    let mut x = [0.0; IN];
    x[..sample.features.len()].copy_from_slice(&sample.features);
    (x, sample.class)
}
