//! Validation experiments: kernel behaviour against published theory.
//!
//! Each experiment runs the kernel, computes the theoretical value itself,
//! and returns one [`Check`] per compared quantity. Check names are
//! `experiment/quantity`. Experiments are deterministic: their seeds are
//! fixed, so a failure repeats.

pub mod cover;
pub mod kleene;
pub mod lms;
pub mod lms_theory;
pub mod memory_amari_1971;
pub mod memory_amari_maginu;
pub mod memory_capacity;
pub mod memory_digits;
pub mod memory_one_step;
pub mod memory_rules;
pub mod memory_support;
pub mod minsky_papert;
pub mod moments;
pub mod novikoff;
pub mod rosenblatt_data;
pub mod separability;
pub mod threshold_functions;

use std::fmt;
use std::path::Path;

/// The comparison a [`Check`] makes between the measured and the expected
/// value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Passes when `|measured − expected| ≤ tolerance`.
    Within,
    /// Passes when `measured ≤ expected`, for theorems that give a bound;
    /// the tolerance is 0.
    AtMost,
}

/// One compared quantity.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Check {
    /// `experiment/quantity`.
    pub name: String,
    /// The theoretical value, or the bound for [`Relation::AtMost`].
    pub expected: f64,
    /// The value measured on the kernel.
    pub measured: f64,
    /// The largest accepted `|measured − expected|`.
    pub tolerance: f64,
    /// The comparison of `measured` with `expected`.
    pub relation: Relation,
    /// Whether the comparison holds; false if either value is NaN.
    pub pass: bool,
}

impl Check {
    /// Compares `measured` with `expected`: passes when
    /// `|measured − expected| ≤ tolerance`.
    pub fn new(name: &str, expected: f64, measured: f64, tolerance: f64) -> Self {
        let pass = (measured - expected).abs() <= tolerance;
        Self {
            name: name.to_owned(),
            expected,
            measured,
            tolerance,
            relation: Relation::Within,
            pass,
        }
    }

    /// Compares `measured` with an upper `bound`: passes when
    /// `measured ≤ bound`.
    pub fn at_most(name: &str, bound: f64, measured: f64) -> Self {
        Self {
            name: name.to_owned(),
            expected: bound,
            measured,
            tolerance: 0.0,
            relation: Relation::AtMost,
            pass: measured <= bound,
        }
    }

    /// Compares a yes/no outcome with the expected one, as 1 for yes and 0
    /// for no.
    pub fn outcome(name: &str, expected: bool, measured: bool) -> Self {
        Self::new(
            name,
            f64::from(u8::from(expected)),
            f64::from(u8::from(measured)),
            0.0,
        )
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
    Experiment {
        name: "novikoff",
        description: "perceptron updates against the (R/γ)² bound of the convergence theorem",
        run: novikoff::run,
    },
    Experiment {
        name: "threshold-functions",
        description: "number of threshold functions of 1 to 4 inputs, each decided by linear programming",
        run: threshold_functions::run,
    },
    Experiment {
        name: "cover",
        description: "fraction of separable random dichotomies against Cover's function counting theorem",
        run: cover::run,
    },
    Experiment {
        name: "minsky-papert",
        description: "XOR and parity: not separable by one unit, learned by random association units",
        run: minsky_papert::run,
    },
    Experiment {
        name: "kleene-dfa",
        description: "a McCulloch-Pitts network against the divisible-by-3 automaton on every short string",
        run: kleene::run,
    },
    Experiment {
        name: "iris-setosa",
        description: "setosa against the other irises: separable, so the perceptron converges",
        run: rosenblatt_data::iris_setosa,
    },
    Experiment {
        name: "iris-versicolor-virginica",
        description: "versicolor against virginica: not separable, so the perceptron stops at its epoch limit",
        run: rosenblatt_data::iris_versicolor_virginica,
    },
    Experiment {
        name: "digits-perceptron",
        description: "test accuracy of the multiclass (Kesler) perceptron on the digits split",
        run: rosenblatt_data::digits_perceptron,
    },
    Experiment {
        name: "hopfield-one-step",
        description: "one-step recall error of the Hebbian memory at N = 1000 against the exact binomial sum",
        run: memory_one_step::run,
    },
    Experiment {
        name: "hopfield-capacity",
        description: "retrieval from stored patterns at N = 2000 below and above the critical load",
        run: memory_capacity::run,
    },
    Experiment {
        name: "amari-maginu",
        description: "critical load of Amari-Maginu neurodynamics, and its overlaps against a network",
        run: memory_amari_maginu::run,
    },
    Experiment {
        name: "storkey",
        description: "patterns kept stable by Storkey's rule against Hebb's, and N/√(2 ln N)",
        run: memory_rules::storkey,
    },
    Experiment {
        name: "pseudo-inverse",
        description: "every stored pattern of the projection rule is a fixed point up to α close to 1",
        run: memory_rules::pseudo_inverse,
    },
    Experiment {
        name: "clipped",
        description: "one-step error of clipped Hebbian synapses against Φ(-1/√(απ/2))",
        run: memory_rules::clipped,
    },
    Experiment {
        name: "dense",
        description: "one-step error of the dense memory with F(x) = x³ at N = 100, P = 300",
        run: memory_rules::dense,
    },
    Experiment {
        name: "amari-1971",
        description: "active fraction of random McCulloch-Pitts networks against Amari's 1971 map",
        run: memory_amari_1971::run,
    },
    Experiment {
        name: "digit-recall",
        description: "recall of binary digit prototypes from cues with 10-30 % of pixels flipped, every rule; \
                      regression checks against recorded overlaps",
        run: memory_digits::run,
    },
];

/// An experiment that can also draw charts.
#[derive(Debug, Clone, Copy)]
pub struct PlottedExperiment {
    /// The experiment's name in [`EXPERIMENTS`].
    pub name: &'static str,
    /// Runs it as [`Experiment::run`] does, and writes its PNG charts into
    /// the given folder, which must exist.
    pub run_and_plot: fn(&Path) -> ExperimentResult,
}

/// The experiments that `shinkei validate --plot DIR` draws.
pub const PLOTTED_EXPERIMENTS: &[PlottedExperiment] = &[
    PlottedExperiment {
        name: "novikoff",
        run_and_plot: novikoff::run_and_plot,
    },
    PlottedExperiment {
        name: "cover",
        run_and_plot: cover::run_and_plot,
    },
    PlottedExperiment {
        name: "hopfield-one-step",
        run_and_plot: memory_one_step::run_and_plot,
    },
    PlottedExperiment {
        name: "hopfield-capacity",
        run_and_plot: memory_capacity::run_and_plot,
    },
    PlottedExperiment {
        name: "amari-maginu",
        run_and_plot: memory_amari_maginu::run_and_plot,
    },
    PlottedExperiment {
        name: "amari-1971",
        run_and_plot: memory_amari_1971::run_and_plot,
    },
    PlottedExperiment {
        name: "minsky-papert",
        run_and_plot: minsky_papert::run_and_plot,
    },
    PlottedExperiment {
        name: "threshold-functions",
        run_and_plot: threshold_functions::run_and_plot,
    },
    PlottedExperiment {
        name: "clipped",
        run_and_plot: memory_rules::clipped_run_and_plot,
    },
    PlottedExperiment {
        name: "digit-recall",
        run_and_plot: memory_digits::run_and_plot,
    },
    PlottedExperiment {
        name: "storkey",
        run_and_plot: memory_rules::storkey_run_and_plot,
    },
    PlottedExperiment {
        name: "dense",
        run_and_plot: memory_rules::dense_run_and_plot,
    },
];

/// Returns the charting version of the experiment `name`, if it has one.
pub fn plotted(name: &str) -> Option<&'static PlottedExperiment> {
    PLOTTED_EXPERIMENTS.iter().find(|e| e.name == name)
}

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
    fn plotted_experiments_exist() {
        for plotted in PLOTTED_EXPERIMENTS {
            assert!(
                EXPERIMENTS.iter().any(|e| e.name == plotted.name),
                "plotted experiment {} is not in EXPERIMENTS",
                plotted.name
            );
        }
    }

    #[test]
    fn check_fails_on_nan() {
        let check = Check::new("x", 1.0, f64::NAN, 1.0);
        assert!(!check.pass, "NaN measurement passed: {check:?}");
        let check = Check::new("x", 1.0, 1.5, 0.5);
        assert!(check.pass, "boundary case failed: {check:?}");
    }
}
