//! Argument parsing for the `shinkei` binary. Each subcommand runs in its
//! own module.

pub mod memory;
pub mod train;
pub mod validate;

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use shinkei::activation::Activation;

use shinkei_host::validation::EXPERIMENTS;

/// Train and validate the shinkei neural kernels on a host computer.
#[derive(Debug, Parser)]
#[command(name = "shinkei", version)]
pub struct Cli {
    /// The subcommand to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Train a two-layer perceptron or a Rosenblatt perceptron online and report test accuracy
    /// per epoch.
    Train(TrainArgs),
    /// Run the validation experiments against theory, and exit with status 1 if a check fails.
    Validate(ValidateArgs),
    /// Store patterns in an associative memory and recall each from a damaged cue.
    Memory(memory::MemoryArgs),
}

/// Options of `shinkei train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    /// Data set: `digits`, `iris`, or the path of a CSV file with numeric
    /// features and an integer class label in the last column. A header line
    /// is detected, and a `.gz` file is decompressed. CSV features are
    /// standardised with the training set's mean and standard deviation.
    #[arg(long, value_name = "digits|iris|PATH")]
    pub data: String,

    /// Model to train.
    #[arg(long, value_enum, default_value_t = Model::Mlp)]
    pub model: Model,

    /// Report the accuracy of the averaged perceptron: the mean of the weights after every
    /// training step so far (perceptron and random-features only).
    #[arg(long)]
    pub averaged: bool,

    /// Number of hidden units (mlp only).
    #[arg(
        long,
        default_value = "32",
        value_parser = PossibleValuesParser::new(["16", "32", "64"]).map(|s| s.parse::<usize>().expect("listed values are numbers")),
    )]
    pub hidden: usize,

    /// Number of passes over the training set, from 1 to 100000.
    #[arg(long, default_value_t = 20, allow_negative_numbers = true, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub epochs: u32,

    /// Learning rate: the constant rate, or the initial rate of the
    /// Robbins-Monro schedule. The perceptron models need a rate above 0.
    /// They start from zero weights, so every weight is the rate times a sum
    /// of inputs, and with `--model perceptron` any rate gives the same
    /// predictions up to rounding. The sign units of `--model
    /// random-features` make the scores whole multiples of the rate, so
    /// classes often tie, and rounding breaks those ties differently at each
    /// rate unless it is a power of 2 (such as 1 or 0.5).
    #[arg(long, default_value_t = 0.05, allow_negative_numbers = true, value_parser = parse_rate)]
    pub lr: f32,

    /// Learning-rate schedule, advanced once per training sample (mlp only).
    #[arg(long, value_enum, default_value_t = ScheduleKind::Constant)]
    pub schedule: ScheduleKind,

    /// Robbins-Monro time constant in training steps: the rate is lr / (1 + t / tau),
    /// so it halves after tau steps. Default: one epoch (the training set size). Mlp only.
    #[arg(long, allow_negative_numbers = true, value_parser = parse_tau)]
    pub tau: Option<f32>,

    /// Seed of the initial or fixed random weights and of the sample order.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    pub seed: u64,

    /// Activation of the hidden layer (mlp only).
    #[arg(long, value_enum, default_value_t = HiddenActivation::Tanh)]
    pub activation: HiddenActivation,

    /// Print one JSON object per epoch and a summary object, and no progress bar.
    #[arg(long)]
    pub json: bool,
}

/// Models `shinkei train` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Model {
    /// Two-layer perceptron with a softmax output, trained by online SGD.
    Mlp,
    /// Multiclass perceptron on the features, trained by Kesler's rule.
    Perceptron,
    /// Rosenblatt's S-A-R perceptron: Kesler's rule on 512 fixed random sign units.
    RandomFeatures,
}

/// Learning-rate schedules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScheduleKind {
    /// The same rate at every step.
    Constant,
    /// lr / (1 + t / tau) at step t.
    RobbinsMonro,
}

/// Hidden-layer activations offered for training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HiddenActivation {
    /// Hyperbolic tangent.
    Tanh,
    /// Logistic sigmoid.
    Sigmoid,
    /// Rectified linear unit.
    Relu,
}

impl From<HiddenActivation> for Activation {
    fn from(activation: HiddenActivation) -> Self {
        match activation {
            HiddenActivation::Tanh => Activation::Tanh,
            HiddenActivation::Sigmoid => Activation::Sigmoid,
            HiddenActivation::Relu => Activation::Relu,
        }
    }
}

/// Options of `shinkei validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Experiments to run, in order. Without names, all of them run.
    #[arg(
        value_name = "NAME",
        value_parser = PossibleValuesParser::new(EXPERIMENTS.iter().map(|e| PossibleValue::new(e.name).help(e.description))),
    )]
    pub names: Vec<String>,

    /// Write a PNG chart of each experiment that has one into this folder, which is created
    /// if missing. Charted: novikoff, cover, threshold-functions, minsky-papert,
    /// hopfield-one-step, hopfield-capacity, amari-maginu, amari-1971, storkey, clipped,
    /// dense and digit-recall.
    #[arg(long, value_name = "DIR")]
    pub plot: Option<PathBuf>,

    /// Print one JSON object per check, with fields name, expected, measured, tolerance,
    /// relation ("within": |measured - expected| <= tolerance, or "at_most": measured <= expected)
    /// and pass.
    #[arg(long)]
    pub json: bool,
}

/// Parses a number that must become a finite `f32` without turning a
/// non-zero value into zero, and names `what` in the error.
fn parse_f32(text: &str, what: &str) -> Result<f32, String> {
    let wide: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    let value = wide as f32;
    if wide.is_finite() && !value.is_finite() {
        return Err(format!(
            "{text} is not a valid {what}: it is too large for f32"
        ));
    }
    if wide != 0.0 && value == 0.0 {
        return Err(format!(
            "{text} is not a valid {what}: it is too small for f32 and would round to 0"
        ));
    }
    Ok(value)
}

/// Parses a learning rate: a finite number, not negative. The kernel
/// rejects the same values, but only once training has started.
fn parse_rate(text: &str) -> Result<f32, String> {
    let rate = parse_f32(text, "learning rate")?;
    if !rate.is_finite() || rate < 0.0 {
        return Err(format!(
            "{text} is not a valid learning rate: it must be finite and not negative"
        ));
    }
    Ok(rate)
}

/// Parses a Robbins-Monro time constant: a finite number above 0.
fn parse_tau(text: &str) -> Result<f32, String> {
    let tau = parse_f32(text, "time constant")?;
    if !tau.is_finite() || tau <= 0.0 {
        return Err(format!(
            "{text} is not a valid time constant: it must be finite and above 0"
        ));
    }
    Ok(tau)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn rate_parser_rejects_bad_values() {
        for text in ["nan", "NaN", "inf", "-inf", "-0.1", "abc", ""] {
            assert!(
                parse_rate(text).is_err(),
                "learning rate {text:?} was accepted"
            );
        }
        assert_eq!(parse_rate("0.05"), Ok(0.05));
        assert_eq!(parse_rate("0"), Ok(0.0));
    }

    #[test]
    fn tau_parser_rejects_bad_values() {
        for text in ["0", "-1", "nan", "inf"] {
            assert!(parse_tau(text).is_err(), "tau {text:?} was accepted");
        }
        assert_eq!(parse_tau("100"), Ok(100.0));
    }
}
