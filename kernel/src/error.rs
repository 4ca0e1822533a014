//! The error type shared by every kernel.

use core::fmt;

/// An error returned by a kernel call.
///
/// A call that returns an error has changed nothing: weights, biases and step
/// counters are exactly as they were before the call.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// An input element is NaN or infinite.
    NonFiniteInput {
        /// Position of the first such element.
        index: usize,
        /// The element's value.
        value: f32,
    },
    /// A target element is NaN or infinite.
    NonFiniteTarget {
        /// Position of the first such element.
        index: usize,
        /// The element's value.
        value: f32,
    },
    /// The learning rate is NaN, infinite or negative.
    InvalidLearningRate {
        /// The rejected rate.
        value: f32,
    },
    /// A schedule parameter is NaN, infinite, negative, or zero where it
    /// divides.
    InvalidSchedule {
        /// The rejected parameter.
        value: f32,
    },
    /// A class label is not below the number of outputs.
    InvalidClass {
        /// The rejected label.
        class: usize,
        /// The number of classes the model has.
        classes: usize,
    },
    /// The forward pass produced a NaN or infinite value, so the weights are
    /// too large for this input.
    NonFiniteOutput,
    /// The update would have produced a NaN or infinite weight or bias, so it
    /// was not applied. A smaller learning rate or scaled inputs avoid it.
    NonFiniteWeight,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::NonFiniteInput { index, value } => {
                write!(f, "input element {index} is {value}, but inputs must be finite")
            }
            Error::NonFiniteTarget { index, value } => {
                write!(f, "target element {index} is {value}, but targets must be finite")
            }
            Error::InvalidLearningRate { value } => write!(
                f,
                "learning rate {value} is invalid: it must be finite and not negative"
            ),
            Error::InvalidSchedule { value } => write!(
                f,
                "schedule parameter {value} is invalid: rates must be finite and not negative, \
                 and tau must be finite and positive"
            ),
            Error::InvalidClass { class, classes } => write!(
                f,
                "class {class} is invalid: the model has {classes} classes, numbered from 0"
            ),
            Error::NonFiniteOutput => f.write_str(
                "the forward pass produced a non-finite value: the weights are too large for this input",
            ),
            Error::NonFiniteWeight => f.write_str(
                "the update would produce a non-finite weight and was not applied: \
                 lower the learning rate or scale the inputs",
            ),
        }
    }
}

impl core::error::Error for Error {}

/// Returns the first non-finite element of `values` as `(index, value)`.
pub(crate) fn first_non_finite(values: &[f32]) -> Option<(usize, f32)> {
    values
        .iter()
        .copied()
        .enumerate()
        .find(|(_, value)| !value.is_finite())
}

/// Checks that every input element is finite.
pub(crate) fn check_input(values: &[f32]) -> Result<(), Error> {
    match first_non_finite(values) {
        Some((index, value)) => Err(Error::NonFiniteInput { index, value }),
        None => Ok(()),
    }
}

/// Checks that every target element is finite.
pub(crate) fn check_target(values: &[f32]) -> Result<(), Error> {
    match first_non_finite(values) {
        Some((index, value)) => Err(Error::NonFiniteTarget { index, value }),
        None => Ok(()),
    }
}

/// Checks that a learning rate is finite and not negative.
pub(crate) fn check_rate(rate: f32) -> Result<(), Error> {
    if rate.is_finite() && rate >= 0.0 {
        Ok(())
    } else {
        Err(Error::InvalidLearningRate { value: rate })
    }
}
