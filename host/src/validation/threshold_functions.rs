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

use super::separability::{self, Separability, with_bias};
use super::{Check, ExperimentResult};

/// `(n, number of threshold functions of n inputs)`.
const COUNTS: [(usize, u64); 4] = [(1, 4), (2, 14), (3, 104), (4, 1882)];

/// Runs `threshold-functions`.
pub fn run() -> ExperimentResult {
    let mut checks = Vec::new();
    for (inputs, expected) in COUNTS {
        let counted = count_threshold_functions(inputs)?;
        checks.push(Check::new(
            &format!("threshold-functions/n-{inputs}"),
            expected as f64,
            counted as f64,
            0.0,
        ));
    }
    Ok(checks)
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
