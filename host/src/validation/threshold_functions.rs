//! The number of threshold functions of `n` inputs, counted by deciding
//! every Boolean function.
//!
//! A Boolean function of `n` inputs is a threshold function when one
//! McCulloch-Pitts unit with real weights and threshold computes it, that is
//! when its true and false points in `{0, 1}^n` are linearly separable by an
//! affine hyperplane. For `n = 1, 2, 3, 4` there are 4, 14, 104 and 1882 of
//! the 4, 16, 256 and 65536 functions.
//!
//! Each function is decided by [`separability::decide`] on the points
//! extended by a constant 1. The points are integers, so both certificates
//! are checked exactly: a separating weight vector beyond its rounding-error
//! bound, and a zero combination of the signed points in `i128`. A function
//! whose certificate fails its check stops the experiment with an error
//! rather than being counted either way.

use std::path::Path;

use plotters::style::RGBColor;
use plotters::style::colors::{BLACK, BLUE};

use super::separability::{self, Separability, with_bias};
use super::{Check, ExperimentResult};
use crate::plot::{self, Axis, Chart, Corner, Mark, Series};

/// `(n, number of threshold functions of n inputs)`.
const COUNTS: [(usize, u64); 4] = [(1, 4), (2, 14), (3, 104), (4, 1882)];

/// Runs `threshold-functions`.
pub fn run() -> ExperimentResult {
    Ok(checks(&count_all()?))
}

/// Runs `threshold-functions` and writes `threshold-functions.png` into
/// `folder`: the counted and the published number of threshold functions
/// against `n` on a logarithmic scale, with the number `2^(2^n)` of all
/// Boolean functions.
pub fn run_and_plot(folder: &Path) -> ExperimentResult {
    let counted = count_all()?;
    let inputs = || COUNTS.iter().map(|&(inputs, _)| inputs as f64);
    let chart = Chart {
        title: "Threshold functions of n inputs".to_owned(),
        x: Axis {
            label: "inputs n".to_owned(),
            range: (0.5, 4.5),
            ticks: inputs().collect(),
            log: false,
        },
        y: Axis {
            label: "number of functions".to_owned(),
            range: (1.0, 1e6),
            ticks: vec![1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6],
            log: true,
        },
        series: vec![
            Series {
                label: "all Boolean functions, 2^(2^n)".to_owned(),
                points: inputs().map(|n| (n, 2f64.powf(2f64.powf(n)))).collect(),
                mark: Mark::Line,
                color: RGBColor(150, 150, 150),
            },
            Series {
                label: "published: 4, 14, 104, 1882".to_owned(),
                points: COUNTS
                    .iter()
                    .map(|&(inputs, count)| (inputs as f64, count as f64))
                    .collect(),
                mark: Mark::Line,
                color: BLUE,
            },
            Series {
                label: "counted by linear programming".to_owned(),
                points: inputs()
                    .zip(&counted)
                    .map(|(n, &c)| (n, c as f64))
                    .collect(),
                mark: Mark::Points,
                color: BLACK,
            },
        ],
        legend: Corner::TopLeft,
    };
    plot::write_png(&chart, &folder.join("threshold-functions.png"))?;
    Ok(checks(&counted))
}

/// Counts the threshold functions for every `n` of [`COUNTS`].
fn count_all() -> Result<Vec<u64>, separability::Undecided> {
    COUNTS
        .iter()
        .map(|&(inputs, _)| count_threshold_functions(inputs))
        .collect()
}

fn checks(counted: &[u64]) -> Vec<Check> {
    COUNTS
        .iter()
        .zip(counted)
        .map(|(&(inputs, expected), &counted)| {
            Check::new(
                &format!("threshold-functions/n-{inputs}"),
                expected as f64,
                counted as f64,
                0.0,
            )
        })
        .collect()
}

/// Returns every point of `{0, 1}^n`, point `p` having bit `i` of `p` as
/// input `i`.
pub fn cube(inputs: usize) -> Vec<Vec<f64>> {
    (0..1usize << inputs)
        .map(|p| (0..inputs).map(|i| ((p >> i) & 1) as f64).collect())
        .collect()
}

/// Counts the Boolean functions of `inputs` inputs that are threshold
/// functions. Function `f` is true at point `p` iff bit `p` of `f` is set.
pub fn count_threshold_functions(inputs: usize) -> Result<u64, separability::Undecided> {
    let points = with_bias(&cube(inputs));
    let functions = 1u64 << points.len();
    let mut count = 0;
    for function in 0..functions {
        let positive: Vec<bool> = (0..points.len())
            .map(|p| (function >> p) & 1 == 1)
            .collect();
        match separability::decide(&points, &positive)? {
            Separability::Separable { .. } => count += 1,
            Separability::NotSeparable { exact: true, .. } => {}
            Separability::NotSeparable { exact: false, .. } => {
                unreachable!("integer points always get an exact certificate")
            }
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_up_to_three_inputs() {
        for (inputs, expected) in &COUNTS[..3] {
            let counted = count_threshold_functions(*inputs).unwrap();
            assert_eq!(
                counted, *expected,
                "threshold functions of {inputs} inputs: counted {counted}, expected {expected}"
            );
        }
    }
}
