//! The training run, free of logging and board code.
//!
//! This file uses only `core`, `shinkei` and `rand_core` (for
//! `SeedableRng`), so a host program that depends on those two crates can
//! compile the same source, for example with
//! `#[path = "../../firmware/src/training.rs"] #[allow(dead_code)] mod training;`,
//! and reproduce the firmware's final `Mlp::checksum` bit for bit. One
//! generator seeded with [`SEED`] draws the initial weights and then every
//! epoch's shuffle, and the samples are visited in the same order with the
//! same f32 operations. The host needs the digits in the same split and
//! order (see [`Dataset`]). An x86-64 build of this file gave the same
//! per-epoch losses, accuracies and checksum as the QEMU run.
//!
//! The run, step by step:
//!
//! 1. `rng = Xoshiro128PlusPlus::seed_from_u64(SEED)`.
//! 2. `Mlp::<64, HIDDEN, 10>::classifier(Activation::Tanh, Precision::Exact, &mut rng)`.
//! 3. `OnlineSgd::new(Schedule::Constant { rate: RATE })`.
//! 4. `order = [0, 1, ..., 1436]`, set once.
//! 5. For each of [`EPOCHS`] epochs: `shinkei::rng::shuffle(&mut rng, &mut order)`
//!    (in place, so each epoch starts from the previous epoch's order), then
//!    one `train_class` step per training sample in that order, with inputs
//!    `pixel / 16.0`. The epoch's training loss is the f32 sum of the losses
//!    that `train_class` returns (each measured before its step), divided by
//!    the number of training samples. Test accuracy is then counted with
//!    `classify` over the test set in file order.

use rand_core::SeedableRng;
use shinkei::activation::{Activation, Precision};
use shinkei::mlp::Mlp;
use shinkei::rng::{self, Xoshiro128PlusPlus};
use shinkei::schedule::Schedule;
use shinkei::sgd::OnlineSgd;

/// Seed of the generator that draws the initial weights and every shuffle.
/// It was chosen arbitrarily, and the accuracy floor in `main.rs` was checked
/// with it.
pub const SEED: u64 = 42;

/// Passes over the training set.
pub const EPOCHS: u32 = 10;

/// Units in the hidden tanh layer.
pub const HIDDEN: usize = 32;

/// Constant learning rate of the online SGD trainer.
pub const RATE: f32 = 0.05;

/// Pixels per sample: an 8x8 image, row by row from the top left.
pub const PIXELS: usize = 64;

/// Digit classes, 0 to 9.
pub const CLASSES: usize = 10;

/// Largest pixel value. Inputs are `pixel / MAX_PIXEL`, which is exact in f32.
pub const MAX_PIXEL: u8 = 16;

const _: () = assert!(
    EPOCHS >= 1,
    "the run reports its last epoch, so it needs at least one"
);

/// The network that the firmware trains.
pub type Network = Mlp<PIXELS, HIDDEN, CLASSES>;

/// One digit: raw pixel values in `0..=16` and the label in `0..=9`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    /// Pixel values, row by row from the top left.
    pub pixels: [u8; PIXELS],
    /// The digit shown.
    pub label: u8,
}

/// Samples of one split, in a fixed order.
///
/// For the firmware's split, row `i` (0-based) of `data/digits.csv.gz` is a
/// test sample when `i % 5 == 0` and a training sample otherwise, and both
/// splits keep the file's row order.
pub trait Dataset {
    /// Number of samples.
    fn len(&self) -> usize;

    /// Returns sample `index`, counted from 0 in the split's order.
    fn sample(&self, index: usize) -> Sample;
}

/// Progress after one epoch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochReport {
    /// Epoch number, from 1 to [`EPOCHS`].
    pub epoch: u32,
    /// Mean over the epoch of each training step's loss, measured before
    /// that step (softmax cross-entropy, in nats).
    pub train_loss: f32,
    /// Test samples classified correctly after the epoch.
    pub test_correct: u32,
    /// Test samples in total.
    pub test_samples: u32,
}

impl EpochReport {
    /// Returns the test accuracy in percent.
    pub fn test_accuracy_percent(&self) -> f32 {
        self.test_correct as f32 * 100.0 / self.test_samples as f32
    }
}

/// Phase of the run in which a kernel call failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Creating the trainer.
    Setup,
    /// A training step.
    Training {
        /// Epoch number, from 1.
        epoch: u32,
        /// Index of the training sample.
        sample: usize,
    },
    /// Classifying a test sample after an epoch.
    Testing {
        /// Epoch number, from 1.
        epoch: u32,
        /// Index of the test sample.
        sample: usize,
    },
}

/// A kernel error and the phase of the run in which it was returned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunError {
    /// Phase in which the run stopped.
    pub phase: Phase,
    /// The error the kernel returned.
    pub error: shinkei::Error,
}

/// Scales raw pixels to network inputs in `[0, 1]`.
pub fn inputs(pixels: &[u8; PIXELS]) -> [f32; PIXELS] {
    pixels.map(|pixel| f32::from(pixel) / f32::from(MAX_PIXEL))
}

/// Trains a new network on `train` for [`EPOCHS`] epochs and calls
/// `on_epoch` after each one. Returns the trained network and the last
/// epoch's report.
///
/// `order` is scratch space for the visiting order of the training samples.
///
/// # Errors
///
/// Returns the first error from the kernel, with the phase it happened in.
/// The run stops there.
///
/// # Panics
///
/// Panics if `order.len() != train.len()` or if `train` has more than 65536
/// samples, because the order is stored as `u16`.
pub fn run(
    train: &impl Dataset,
    test: &impl Dataset,
    order: &mut [u16],
    mut on_epoch: impl FnMut(&EpochReport),
) -> Result<(Network, EpochReport), RunError> {
    assert_eq!(
        order.len(),
        train.len(),
        "order needs one slot per training sample"
    );
    assert!(
        train.len() <= usize::from(u16::MAX) + 1,
        "too many training samples for u16 indices"
    );

    let mut rng = Xoshiro128PlusPlus::seed_from_u64(SEED);
    let mut network = Network::classifier(Activation::Tanh, Precision::Exact, &mut rng);
    let mut trainer =
        OnlineSgd::new(Schedule::Constant { rate: RATE }).map_err(|error| RunError {
            phase: Phase::Setup,
            error,
        })?;

    for (position, slot) in order.iter_mut().enumerate() {
        *slot = position as u16;
    }

    let mut report = None;
    for epoch in 1..=EPOCHS {
        rng::shuffle(&mut rng, order);

        let mut loss_sum = 0.0f32;
        for &index in order.iter() {
            let sample = train.sample(usize::from(index));
            let x = inputs(&sample.pixels);
            let loss = trainer
                .train_class(&mut network, &x, usize::from(sample.label))
                .map_err(|error| RunError {
                    phase: Phase::Training {
                        epoch,
                        sample: usize::from(index),
                    },
                    error,
                })?;
            loss_sum += loss;
        }

        let epoch_report = EpochReport {
            epoch,
            train_loss: loss_sum / train.len() as f32,
            test_correct: count_correct(&network, test, epoch)?,
            test_samples: test.len() as u32,
        };
        on_epoch(&epoch_report);
        report = Some(epoch_report);
    }

    // `EPOCHS >= 1` is checked at compile time, so the loop ran at least once.
    let report = report.expect("EPOCHS >= 1");
    Ok((network, report))
}

/// Counts the samples of `test` that `network` classifies correctly.
pub fn count_correct(network: &Network, test: &impl Dataset, epoch: u32) -> Result<u32, RunError> {
    let mut correct = 0;
    for index in 0..test.len() {
        let sample = test.sample(index);
        let class = network
            .classify(&inputs(&sample.pixels))
            .map_err(|error| RunError {
                phase: Phase::Testing {
                    epoch,
                    sample: index,
                },
                error,
            })?;
        if class == usize::from(sample.label) {
            correct += 1;
        }
    }
    Ok(correct)
}
