//! Run-time choice among the network shapes compiled into the host.
//!
//! The kernel fixes every size at compile time, so the host compiles
//! [`train`](super::train) for a small grid of shapes and pads each data set
//! up to the nearest one: inputs with zero features, classes with outputs
//! that no sample targets. Zero inputs change nothing but the range of the
//! initial weights. Unused classes keep a little probability mass until
//! training pushes their outputs down, and can in principle win the argmax.

use std::fmt;

use super::{EpochReport, TrainConfig, TrainError, TrainSummary, train};
use crate::data::Dataset;

/// Input widths compiled in; a data set is padded to the first that fits.
pub const INPUT_WIDTHS: [usize; 3] = [4, 16, 64];

/// Output counts compiled in; a data set is padded to the first that fits.
pub const CLASS_COUNTS: [usize; 3] = [2, 3, 10];

/// Hidden-layer sizes compiled in.
pub const HIDDEN_SIZES: [usize; 3] = [16, 32, 64];

/// The compiled shape a data set runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Shape {
    /// Network inputs, at least the data set's feature count.
    pub inputs: usize,
    /// Hidden units.
    pub hidden: usize,
    /// Network outputs, at least the data set's class count.
    pub outputs: usize,
}

/// A data set or hidden size that no compiled shape fits.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ShapeError {
    /// The data set has more features than the widest compiled input.
    TooManyFeatures {
        /// The data set's feature count.
        features: usize,
    },
    /// The data set has more classes than the largest compiled output.
    TooManyClasses {
        /// The data set's class count.
        classes: usize,
    },
    /// The hidden size is not compiled in.
    UnsupportedHidden {
        /// The requested hidden size.
        hidden: usize,
    },
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeError::TooManyFeatures { features } => write!(
                f,
                "the data set has {features} features, but the host is compiled for at most {} \
                 (widths {INPUT_WIDTHS:?}); add a width to INPUT_WIDTHS in host/src/training/shape.rs",
                INPUT_WIDTHS[INPUT_WIDTHS.len() - 1]
            ),
            ShapeError::TooManyClasses { classes } => write!(
                f,
                "the data set has {classes} classes (numbered from 0 to the largest label), but the \
                 host is compiled for at most {} (outputs {CLASS_COUNTS:?}); add a count to CLASS_COUNTS in host/src/training/shape.rs",
                CLASS_COUNTS[CLASS_COUNTS.len() - 1]
            ),
            ShapeError::UnsupportedHidden { hidden } => {
                write!(
                    f,
                    "hidden size {hidden} is not supported; choose one of {HIDDEN_SIZES:?}"
                )
            }
        }
    }
}

impl std::error::Error for ShapeError {}

/// Returns the compiled shape for `data` with `hidden` hidden units.
pub fn shape_for(data: &Dataset, hidden: usize) -> Result<Shape, ShapeError> {
    let inputs = INPUT_WIDTHS
        .into_iter()
        .find(|&width| width >= data.features)
        .ok_or(ShapeError::TooManyFeatures {
            features: data.features,
        })?;
    let outputs = CLASS_COUNTS
        .into_iter()
        .find(|&count| count >= data.classes)
        .ok_or(ShapeError::TooManyClasses {
            classes: data.classes,
        })?;
    if !HIDDEN_SIZES.contains(&hidden) {
        return Err(ShapeError::UnsupportedHidden { hidden });
    }
    Ok(Shape {
        inputs,
        hidden,
        outputs,
    })
}

/// Trains on `data` with the compiled shape [`shape_for`] picks, and returns
/// that shape with the summary.
pub fn train_dataset(
    data: &Dataset,
    hidden: usize,
    config: &TrainConfig,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Result<(Shape, TrainSummary), TrainError> {
    let shape = shape_for(data, hidden).map_err(TrainError::Shape)?;
    let summary = match shape.inputs {
        4 => with_inputs::<4>(shape, data, config, on_epoch),
        16 => with_inputs::<16>(shape, data, config, on_epoch),
        64 => with_inputs::<64>(shape, data, config, on_epoch),
        _ => unreachable!(
            "input width {} is in INPUT_WIDTHS but not dispatched",
            shape.inputs
        ),
    }?;
    Ok((shape, summary))
}

// The three functions below turn each run-time size into a const generic in
// turn. Their match arms must list exactly the values of INPUT_WIDTHS,
// HIDDEN_SIZES and CLASS_COUNTS; the unit test below runs every shape.

fn with_inputs<const IN: usize>(
    shape: Shape,
    data: &Dataset,
    config: &TrainConfig,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Result<TrainSummary, TrainError> {
    match shape.hidden {
        16 => with_hidden::<IN, 16>(shape, data, config, on_epoch),
        32 => with_hidden::<IN, 32>(shape, data, config, on_epoch),
        64 => with_hidden::<IN, 64>(shape, data, config, on_epoch),
        _ => unreachable!(
            "hidden size {} is in HIDDEN_SIZES but not dispatched",
            shape.hidden
        ),
    }
}

fn with_hidden<const IN: usize, const HIDDEN: usize>(
    shape: Shape,
    data: &Dataset,
    config: &TrainConfig,
    on_epoch: &mut dyn FnMut(&EpochReport),
) -> Result<TrainSummary, TrainError> {
    let summary = match shape.outputs {
        2 => train::<IN, HIDDEN, 2>(data, config, on_epoch)?.1,
        3 => train::<IN, HIDDEN, 3>(data, config, on_epoch)?.1,
        10 => train::<IN, HIDDEN, 10>(data, config, on_epoch)?.1,
        _ => unreachable!(
            "output count {} is in CLASS_COUNTS but not dispatched",
            shape.outputs
        ),
    };
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Sample;
    use shinkei::activation::Activation;
    use shinkei::schedule::Schedule;

    fn tiny_dataset(features: usize, classes: usize) -> Dataset {
        let sample = |class: usize| Sample {
            features: vec![0.5; features],
            class,
        };
        Dataset {
            name: format!("{features}x{classes}"),
            features,
            classes,
            train: (0..classes).map(sample).collect(),
            test: vec![sample(0)],
        }
    }

    #[test]
    fn every_compiled_shape_dispatches() {
        let config = TrainConfig {
            activation: Activation::Tanh,
            schedule: Schedule::Constant { rate: 0.1 },
            epochs: 1,
            seed: 0,
        };
        for inputs in INPUT_WIDTHS {
            for hidden in HIDDEN_SIZES {
                for outputs in CLASS_COUNTS {
                    let data = tiny_dataset(inputs, outputs);
                    let (shape, summary) =
                        train_dataset(&data, hidden, &config, &mut |_| {}).unwrap();
                    assert_eq!(
                        shape,
                        Shape {
                            inputs,
                            hidden,
                            outputs
                        },
                        "data set {}",
                        data.name
                    );
                    assert_eq!(summary.epochs.len(), 1, "data set {}", data.name);
                }
            }
        }
    }

    #[test]
    fn narrow_data_is_padded_up() {
        let shape = shape_for(&tiny_dataset(5, 4), 32).unwrap();
        assert_eq!(
            shape,
            Shape {
                inputs: 16,
                hidden: 32,
                outputs: 10
            }
        );
        let shape = shape_for(&tiny_dataset(1, 1), 16).unwrap();
        assert_eq!(
            shape,
            Shape {
                inputs: 4,
                hidden: 16,
                outputs: 2
            }
        );
    }

    #[test]
    fn oversized_data_is_rejected() {
        let error = shape_for(&tiny_dataset(65, 2), 32).unwrap_err();
        assert_eq!(error, ShapeError::TooManyFeatures { features: 65 });
        let error = shape_for(&tiny_dataset(4, 11), 32).unwrap_err();
        assert_eq!(error, ShapeError::TooManyClasses { classes: 11 });
        let error = shape_for(&tiny_dataset(4, 2), 8).unwrap_err();
        assert_eq!(error, ShapeError::UnsupportedHidden { hidden: 8 });
    }
}
