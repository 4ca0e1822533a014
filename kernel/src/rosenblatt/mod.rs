//! Rosenblatt's perceptrons: linear threshold units with ±1 outputs,
//! trained online by the error-correction rule.
//!
//! - [`Perceptron`]: one unit with a bias, for two classes.
//! - [`MulticlassPerceptron`]: one unit per class, trained by Kesler's
//!   construction, one-vs-rest, or the LMS rule.
//! - [`ThreeLayerPerceptron`]: Rosenblatt's S-A-R perceptron, a fixed random
//!   association layer ([`StoredAssociation`] or the seed-only
//!   [`SeededAssociation`]) under a trained multiclass readout.
//! - [`Average`]: the running weight sum for the averaged perceptron.
//!
//! # The rule and its guarantee
//!
//! Starting from zero weights, the perceptron visits the samples in order.
//! On a sample `x` with label `y = ±1` it makes a mistake when
//! `y (w · x + b) ≤ 0`, and then sets `w += η y x` and `b += η y`. The bias
//! is the weight on a constant input 1. From zero weights the learning rate
//! `η > 0` only scales the weights, so in exact arithmetic it changes no
//! prediction.
//!
//! The training functions reject a rate that is zero, negative or below
//! `f32::MIN_POSITIVE` with [`Error::InvalidLearningRate`]. A zero rate
//! would never move the weights, and a subnormal one rounds the first
//! corrections `η y x` to a few bits or to zero.
//!
//! The convergence theorem (Block 1962, Novikoff 1962) bounds the number of
//! updates. Extend every input by the constant 1 when the bias is learned.
//! If every extended input has norm at most `R`, and some unit vector `u`
//! gives `y (u · x) ≥ γ > 0` on every sample, the perceptron makes at most
//! `(R / γ)²` updates, in any order of the samples. Every epoch before the
//! last makes at least one update, so on separable data
//! [`train`](Perceptron::train) ends with [`Training::Converged`] if
//! `max_epochs` is at least `(R / γ)² + 1`. With a smaller limit it can stop
//! first and return [`Training::EpochLimit`]. On data that are not
//! separable it always stops at the caller's epoch limit, and it never runs
//! longer.
//!
//! # Errors and atomicity
//!
//! The training functions check the learning rate and every input of the
//! data set before the first update, so a non-finite value leaves the model
//! unchanged. A later [`Error::NonFiniteOutput`] or [`Error::NonFiniteWeight`]
//! (weights grown past the `f32` range) stops training after the last step
//! that succeeded, and the model keeps that step's weights.

mod association;
mod binary;
mod linear;
mod multiclass;
mod three_layer;

pub use association::{AssociationLayer, RandomWeights, SeededAssociation, StoredAssociation};
pub use binary::{Bias, Perceptron};
pub use linear::Average;
pub use multiclass::{MulticlassPerceptron, Rule};
pub use three_layer::ThreeLayerPerceptron;

use crate::Error;

/// The class of a sample for a two-class perceptron.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Label {
    /// Output -1.
    Negative,
    /// Output +1.
    Positive,
}

impl Label {
    /// Returns the label as `-1.0` or `1.0`.
    pub fn sign(self) -> f32 {
        match self {
            Label::Negative => -1.0,
            Label::Positive => 1.0,
        }
    }
}

impl From<bool> for Label {
    /// Maps `true` to [`Label::Positive`] and `false` to [`Label::Negative`].
    fn from(positive: bool) -> Self {
        if positive {
            Label::Positive
        } else {
            Label::Negative
        }
    }
}

/// The outcome of a call to `train`.
///
/// An epoch is one pass over the data set in order. `updates` counts the
/// weight corrections over all epochs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Training {
    /// The last epoch made no mistake, so the model as returned classifies
    /// every training sample correctly. For [`Rule::Lms`] the mistakes are
    /// counted with the weights at the end of the epoch.
    Converged {
        /// Epochs run, including the last one without a mistake.
        epochs: u32,
        /// Weight corrections made.
        updates: u64,
    },
    /// The epoch limit was reached and the last epoch still made mistakes.
    /// This is no proof that the data are not separable.
    EpochLimit {
        /// Epochs run, equal to the limit.
        epochs: u32,
        /// Weight corrections made.
        updates: u64,
        /// Samples that caused a mistake in the last epoch. For
        /// [`Rule::Lms`], the samples that the returned weights misclassify.
        mistakes: u32,
    },
}

impl Training {
    /// Returns whether training converged.
    pub fn is_converged(&self) -> bool {
        matches!(self, Training::Converged { .. })
    }

    /// The number of epochs run.
    pub fn epochs(&self) -> u32 {
        match *self {
            Training::Converged { epochs, .. } | Training::EpochLimit { epochs, .. } => epochs,
        }
    }

    /// The number of weight corrections made.
    pub fn updates(&self) -> u64 {
        match *self {
            Training::Converged { updates, .. } | Training::EpochLimit { updates, .. } => updates,
        }
    }
}

/// The result of training on one sample.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Step {
    /// The sample caused a mistake (a correction, or for LMS a wrong class).
    pub(crate) mistake: bool,
    /// Weight corrections made.
    pub(crate) updates: u32,
}

/// Checks that a learning rate is finite and at least `f32::MIN_POSITIVE`,
/// so that it is positive and not subnormal.
pub(crate) fn check_rate(rate: f32) -> Result<(), Error> {
    if rate.is_finite() && rate >= f32::MIN_POSITIVE {
        Ok(())
    } else {
        Err(Error::InvalidLearningRate { value: rate })
    }
}

/// Checks that every element of every sample is finite.
pub(crate) fn check_data_set<const IN: usize>(inputs: &[[f32; IN]]) -> Result<(), Error> {
    for (sample, x) in inputs.iter().enumerate() {
        if let Some((index, &value)) = x.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::NonFiniteSample {
                sample,
                index,
                value,
            });
        }
    }
    Ok(())
}

/// Checks that every class label is below `CLASSES`.
pub(crate) fn check_classes<const CLASSES: usize>(classes: &[usize]) -> Result<(), Error> {
    match classes.iter().find(|&&class| class >= CLASSES) {
        Some(&class) => Err(Error::InvalidClass {
            class,
            classes: CLASSES,
        }),
        None => Ok(()),
    }
}

/// Classifies sample `i` with a model's current weights and returns whether
/// it is misclassified.
pub(crate) type MistakeCheck<'a, M> = &'a dyn Fn(&M, usize) -> Result<bool, Error>;

/// Runs `step` on samples `0..samples` of `model` in order, epoch after
/// epoch, until an epoch makes no mistake or `max_epochs` epochs have run.
///
/// Without `end_of_epoch_check`, the mistakes are those that `step` reports.
/// That is right for rules that change the weights only on a mistake: an
/// epoch without one left the weights unchanged, so they classify every
/// sample. A rule that changes the weights on every sample (LMS) passes a
/// check, and then the mistakes of an epoch are the samples that the check
/// finds misclassified with the weights at the end of that epoch.
///
/// # Panics
///
/// Panics if `max_epochs` is zero.
pub(crate) fn run_epochs<M>(
    model: &mut M,
    samples: usize,
    max_epochs: u32,
    mut step: impl FnMut(&mut M, usize) -> Result<Step, Error>,
    end_of_epoch_check: Option<MistakeCheck<'_, M>>,
) -> Result<Training, Error> {
    assert!(max_epochs > 0, "train: max_epochs must be at least 1");
    if samples == 0 {
        return Err(Error::NoSamples);
    }
    let mut updates = 0u64;
    let mut epoch = 0;
    loop {
        epoch += 1;
        let mut mistakes = 0u32;
        for i in 0..samples {
            let result = step(model, i)?;
            mistakes = mistakes.saturating_add(u32::from(result.mistake));
            updates += u64::from(result.updates);
        }

        if let Some(misclassified) = end_of_epoch_check {
            mistakes = 0;
            for i in 0..samples {
                mistakes = mistakes.saturating_add(u32::from(misclassified(model, i)?));
            }
        }

        if mistakes == 0 {
            return Ok(Training::Converged {
                epochs: epoch,
                updates,
            });
        }
        if epoch == max_epochs {
            return Ok(Training::EpochLimit {
                epochs: epoch,
                updates,
                mistakes,
            });
        }
    }
}
