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
    /// The learning rate is NaN, infinite or negative. The Rosenblatt
    /// perceptrons also reject zero and subnormal rates, which would learn
    /// nothing.
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
    /// The forward pass or the loss produced a NaN or infinite value: the
    /// weights, the input or the target are too large.
    NonFiniteOutput,
    /// The update would have produced a NaN or infinite weight or bias, so it
    /// was not applied. A smaller learning rate or scaled inputs avoid it.
    NonFiniteWeight,
    /// An element of one sample in a data set is NaN or infinite.
    NonFiniteSample {
        /// Position of the sample in the data set.
        sample: usize,
        /// Position of the element within the sample.
        index: usize,
        /// The element's value.
        value: f32,
    },
    /// A training call got an empty data set, or a weight average was read
    /// before any training step was added to it.
    NoSamples,
    /// An integer weight does not fit the unit's weight range.
    WeightOutOfRange {
        /// Position of the weight's input.
        index: usize,
        /// The rejected weight.
        weight: i32,
        /// The largest magnitude the unit can store.
        max: i32,
    },
    /// A state number is not below the number of states of the automaton.
    InvalidState {
        /// The rejected state.
        state: usize,
        /// The number of states.
        states: usize,
    },
    /// A symbol is not below the size of the automaton's alphabet.
    InvalidSymbol {
        /// The rejected symbol.
        symbol: usize,
        /// The number of symbols.
        symbols: usize,
    },
    /// An associative memory already stores as many patterns as its limit
    /// allows, so the pattern was not stored.
    MemoryFull {
        /// The pattern limit of the memory.
        limit: usize,
    },
    /// A pattern given to the pseudo-inverse memory lies in, or too close
    /// to, the span of the patterns stored before it, so it was not stored.
    LinearlyDependentPattern {
        /// The position the pattern would have taken among the stored ones.
        index: usize,
        /// The squared length of the pattern's part outside that span,
        /// divided by its own squared length `N`.
        residual: f32,
    },
    /// An inverse temperature is NaN, infinite, or below
    /// [`Exponential::MIN_BETA`](crate::memory::Exponential::MIN_BETA).
    InvalidInverseTemperature {
        /// The rejected value.
        value: f32,
    },
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
                "learning rate {value} is invalid: it must be finite and not negative, \
                 and above zero for the Rosenblatt perceptrons"
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
                "the forward pass or the loss overflowed to a non-finite value: \
                 scale the inputs and targets, or lower the learning rate that grew the weights",
            ),
            Error::NonFiniteWeight => f.write_str(
                "the update would produce a non-finite weight and was not applied: \
                 lower the learning rate or scale the inputs",
            ),
            Error::NonFiniteSample {
                sample,
                index,
                value,
            } => write!(
                f,
                "element {index} of sample {sample} is {value}, but inputs must be finite"
            ),
            Error::NoSamples => f.write_str(
                "there are no samples: the data set is empty, or the average has had no training step added",
            ),
            Error::WeightOutOfRange { index, weight, max } => write!(
                f,
                "weight {weight} on input {index} is out of range: the unit stores weights from -{max} to {max}"
            ),
            Error::InvalidState { state, states } => write!(
                f,
                "state {state} is invalid: the automaton has {states} states, numbered from 0"
            ),
            Error::InvalidSymbol { symbol, symbols } => write!(
                f,
                "symbol {symbol} is invalid: the alphabet has {symbols} symbols, numbered from 0"
            ),
            Error::MemoryFull { limit } => write!(
                f,
                "the memory already stores {limit} patterns, its limit, so the pattern was not \
                 stored: raise the limit or clear the memory"
            ),
            Error::LinearlyDependentPattern { index, residual } => write!(
                f,
                "pattern {index} is linearly dependent on the stored patterns within the tolerance \
                 (residual {residual} of its squared length, below {}), so it was not stored",
                crate::memory::DEPENDENCE_TOLERANCE
            ),
            Error::InvalidInverseTemperature { value } => write!(
                f,
                "inverse temperature {value} is invalid: it must be finite and at least {:e}",
                crate::memory::Exponential::MIN_BETA
            ),
        }
    }
}

impl core::error::Error for Error {}

/// Returns the first non-finite element of `values` as `(index, value)`.
pub(crate) fn first_non_finite(values: &[f32]) -> Option<(usize, f32)> {
    // A reduction without an early exit vectorises; the search below runs
    // only on the error path.
    let all_finite = values
        .iter()
        .fold(true, |all, value| all & value.is_finite());
    if all_finite {
        return None;
    }
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
