//! Validation experiments: kernel behaviour against published theory.
//!
//! Each experiment runs the kernel, computes the theoretical value itself,
//! and returns one [`Check`] per compared quantity. Check names are
//! `experiment/quantity`. Experiments are deterministic: their seeds are
//! fixed, so a failure repeats.

pub mod lms;
pub mod lms_theory;
pub mod moments;

use std::fmt;

/// One compared quantity.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Check {
    /// `experiment/quantity`.
    pub name: String,
    /// The theoretical value.
    pub expected: f64,
    /// The value measured on the kernel.
    pub measured: f64,
    /// The largest accepted `|measured − expected|`.
    pub tolerance: f64,
    /// Whether `|measured − expected| ≤ tolerance`; false if either is NaN.
    pub pass: bool,
}

impl Check {
    /// Compares `measured` with `expected`.
    pub fn new(name: &str, expected: f64, measured: f64, tolerance: f64) -> Self {
        let pass = (measured - expected).abs() <= tolerance;
        Self {
            name: name.to_owned(),
            expected,
            measured,
            tolerance,
            pass,
        }
    }
}

/// The result of an experiment: its checks, or the error that stopped it.
pub type ExperimentResult = Result<Vec<Check>, Box<dyn std::error::Error + Send + Sync>>;

/// A named experiment.
#[derive(Debug, Clone, Copy)]
pub struct Experiment {
    /// The name `shinkei validate` takes.
    pub name: &'static str,
    /// One line on what it compares.
    pub description: &'static str,
    /// Runs it.
    pub run: fn() -> ExperimentResult,
}

/// Every experiment, in the order `shinkei validate` runs them.
pub const EXPERIMENTS: &[Experiment] = &[
    Experiment {
        name: "lms-constant",
        description: "LMS learning curve and stationary error with a constant rate",
        run: lms::constant,
    },
    Experiment {
        name: "lms-robbins-monro",
        description: "LMS learning curve and t·E‖e‖² limit with Robbins-Monro rates",
        run: lms::robbins_monro,
    },
];

/// A requested experiment name that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownExperiment {
    /// The requested name.
    pub name: String,
}

impl fmt::Display for UnknownExperiment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known: Vec<&str> = EXPERIMENTS.iter().map(|e| e.name).collect();
        write!(
            f,
            "unknown experiment {:?}; known experiments: {}",
            self.name,
            known.join(", ")
        )
    }
}

impl std::error::Error for UnknownExperiment {}

/// Returns the experiments named in `names`, in that order, or all of them
/// when `names` is empty.
pub fn select(names: &[String]) -> Result<Vec<&'static Experiment>, UnknownExperiment> {
    if names.is_empty() {
        return Ok(EXPERIMENTS.iter().collect());
    }
    names
        .iter()
        .map(|name| {
            EXPERIMENTS
                .iter()
                .find(|e| e.name == name)
                .ok_or_else(|| UnknownExperiment { name: name.clone() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_all_by_default() {
        let all = select(&[]).unwrap();
        assert_eq!(all.len(), EXPERIMENTS.len());
    }

    #[test]
    fn select_rejects_unknown_name() {
        let error = select(&["lms-constant".to_owned(), "nope".to_owned()]).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("\"nope\"") && message.contains("lms-robbins-monro"),
            "message: {message}"
        );
    }

    #[test]
    fn check_fails_on_nan() {
        let check = Check::new("x", 1.0, f64::NAN, 1.0);
        assert!(!check.pass, "NaN measurement passed: {check:?}");
        let check = Check::new("x", 1.0, 1.5, 0.5);
        assert!(check.pass, "boundary case failed: {check:?}");
    }
}
