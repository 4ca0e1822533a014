//! `shinkei train`: online training with per-epoch reports.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use shinkei::activation::Activation;
use shinkei::schedule::Schedule;

use shinkei_host::data::{Dataset, Source};
use shinkei_host::training::rosenblatt::{
    PerceptronConfig, PerceptronEpochReport, PerceptronModel, train_perceptron,
};
use shinkei_host::training::shape::{Shape, train_dataset};
use shinkei_host::training::{EpochReport, TrainConfig};

use super::{Cli, Model, ScheduleKind, TrainArgs};

/// One `--json` line per epoch.
#[derive(Serialize)]
struct EpochRecord<'a> {
    /// Always `"epoch"`.
    kind: &'static str,
    #[serde(flatten)]
    report: &'a EpochReport,
}

/// The last `--json` line.
#[derive(Serialize)]
struct SummaryRecord<'a> {
    /// Always `"summary"`.
    kind: &'static str,
    data: &'a str,
    features: usize,
    classes: usize,
    /// The compiled network shape, after padding.
    shape: Shape,
    epochs: u32,
    test_accuracy: f64,
    /// Seconds spent in training steps, without evaluation.
    train_seconds: f64,
    /// The kernel's FNV-1a checksum of the final weights, as `0x` and eight
    /// hex digits.
    checksum: &'a str,
}

/// One `--json` line per epoch of a perceptron.
#[derive(Serialize)]
struct PerceptronEpochRecord<'a> {
    /// Always `"epoch"`.
    kind: &'static str,
    #[serde(flatten)]
    report: &'a PerceptronEpochReport,
}

/// The last `--json` line of a perceptron.
#[derive(Serialize)]
struct PerceptronSummaryRecord<'a> {
    /// Always `"summary"`.
    kind: &'static str,
    model: PerceptronModel,
    averaged: bool,
    data: &'a str,
    features: usize,
    classes: usize,
    /// Network inputs and outputs after padding.
    inputs: usize,
    outputs: usize,
    /// Association units of `random-features`, or null.
    association_units: Option<usize>,
    epochs: u32,
    /// The first epoch without a training mistake, or null.
    converged_epoch: Option<u32>,
    test_accuracy: f64,
    /// Seconds spent in training steps, without evaluation.
    train_seconds: f64,
}

/// Exits with a usage error (status 2) that names the conflicting option.
fn conflict(message: &str) -> ! {
    let mut command = Cli::command();
    command.build();
    let train = command
        .find_subcommand_mut("train")
        .expect("the train subcommand exists");
    train
        .error(clap::error::ErrorKind::ArgumentConflict, message)
        .exit()
}

/// Runs `shinkei train`.
pub fn run(args: &TrainArgs) -> anyhow::Result<ExitCode> {
    if args.tau.is_some() && args.schedule != ScheduleKind::RobbinsMonro {
        conflict("--tau applies only to --schedule robbins-monro");
    }
    if args.averaged && args.model == Model::Mlp {
        conflict("--averaged applies only to --model perceptron and --model random-features");
    }

    let source = Source::from_name(&args.data);
    let data = source.load()?;
    warn_about_unused_classes(&data);
    let perceptron_model = match args.model {
        Model::Mlp => None,
        Model::Perceptron => Some(PerceptronModel::Perceptron),
        Model::RandomFeatures => Some(PerceptronModel::RandomFeatures),
    };
    if let Some(model) = perceptron_model {
        return run_perceptron(args, &data, model);
    }

    let schedule = match args.schedule {
        ScheduleKind::Constant => Schedule::Constant { rate: args.lr },
        ScheduleKind::RobbinsMonro => Schedule::RobbinsMonro {
            initial: args.lr,
            tau: args.tau.unwrap_or(data.train.len() as f32),
        },
    };
    let activation = Activation::from(args.activation);
    let config = TrainConfig {
        activation,
        schedule,
        epochs: args.epochs,
        seed: args.seed,
    };

    if !args.json {
        println!(
            "training on {}: {} training and {} test samples, {} features, {} classes",
            data.name,
            data.train.len(),
            data.test.len(),
            data.features,
            data.classes
        );
        let schedule_text = match schedule {
            Schedule::RobbinsMonro { initial, tau } => format!("rate {initial} / (1 + t / {tau})"),
            _ => format!("constant rate {}", args.lr),
        };
        let activation_name = args
            .activation
            .to_possible_value()
            .expect("every activation has a name");
        println!(
            "hidden layer of {} {} units, {schedule_text}, seed {}",
            args.hidden,
            activation_name.get_name(),
            args.seed
        );
    }

    let bar = if args.json || !std::io::stdout().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(u64::from(args.epochs));
        bar.set_style(
            ProgressStyle::with_template("{bar:30} epoch {pos}/{len} [{elapsed_precise}]")
                .expect("the template is valid"),
        );
        bar
    };

    let mut print_epoch = |report: &EpochReport| {
        bar.suspend(|| {
            if args.json {
                let record = EpochRecord {
                    kind: "epoch",
                    report,
                };
                println!(
                    "{}",
                    serde_json::to_string(&record).expect("a report serialises to JSON")
                );
            } else {
                println!(
                    "epoch {:>3}/{}  train loss {:.4}  test accuracy {:6.2} %  rate {}",
                    report.epoch,
                    args.epochs,
                    report.train_loss,
                    100.0 * report.test_accuracy,
                    report.learning_rate
                );
            }
        });
        bar.inc(1);
    };
    let (shape, summary) = train_dataset(&data, args.hidden, &config, &mut print_epoch)?;
    bar.finish_and_clear();
    warn_if_diverged(&summary.epochs, args.lr);

    let checksum = format!("{:#010x}", summary.checksum);
    if args.json {
        let record = SummaryRecord {
            kind: "summary",
            data: &data.name,
            features: data.features,
            classes: data.classes,
            shape,
            epochs: args.epochs,
            test_accuracy: summary.test_accuracy,
            train_seconds: summary.train_seconds,
            checksum: &checksum,
        };
        println!(
            "{}",
            serde_json::to_string(&record).expect("a summary serialises to JSON")
        );
    } else {
        if shape.inputs != data.features || shape.outputs != data.classes {
            println!(
                "network {}-{}-{}: the data set's {} features and {} classes were padded \
                 to the nearest compiled shape",
                shape.inputs, shape.hidden, shape.outputs, data.features, data.classes
            );
        }
        println!(
            "test accuracy {:.2} % after {} epoch{}, {:.3} s of training, weights checksum {checksum}",
            100.0 * summary.test_accuracy,
            args.epochs,
            if args.epochs == 1 { "" } else { "s" },
            summary.train_seconds
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Trains a perceptron, the `perceptron` and `random-features` models.
fn run_perceptron(
    args: &TrainArgs,
    data: &Dataset,
    model: PerceptronModel,
) -> anyhow::Result<ExitCode> {
    let config = PerceptronConfig {
        model,
        averaged: args.averaged,
        rate: args.lr,
        epochs: args.epochs,
        seed: args.seed,
    };
    if !args.json {
        println!(
            "training on {}: {} training and {} test samples, {} features, {} classes",
            data.name,
            data.train.len(),
            data.test.len(),
            data.features,
            data.classes
        );
        let name = match model {
            PerceptronModel::Perceptron => "multiclass perceptron".to_owned(),
            PerceptronModel::RandomFeatures => format!(
                "S-A-R perceptron with {} random sign units",
                shinkei_host::training::rosenblatt::RANDOM_FEATURE_UNITS
            ),
        };
        let weights = if args.averaged {
            "averaged weights"
        } else {
            "final weights"
        };
        println!(
            "{name}, Kesler's rule at rate {}, {weights}, seed {}",
            args.lr, args.seed
        );
    }

    let mut print_epoch = |report: &PerceptronEpochReport| {
        if args.json {
            let record = PerceptronEpochRecord {
                kind: "epoch",
                report,
            };
            println!(
                "{}",
                serde_json::to_string(&record).expect("a report serialises to JSON")
            );
        } else {
            println!(
                "epoch {:>3}/{}  training mistakes {:>5}  test accuracy {:6.2} %",
                report.epoch,
                args.epochs,
                report.mistakes,
                100.0 * report.test_accuracy
            );
        }
    };
    let summary = train_perceptron(data, &config, &mut print_epoch)?;

    if args.json {
        let record = PerceptronSummaryRecord {
            kind: "summary",
            model,
            averaged: args.averaged,
            data: &data.name,
            features: data.features,
            classes: data.classes,
            inputs: summary.inputs,
            outputs: summary.outputs,
            association_units: summary.association_units,
            epochs: args.epochs,
            converged_epoch: summary.converged_epoch,
            test_accuracy: summary.test_accuracy,
            train_seconds: summary.train_seconds,
        };
        println!(
            "{}",
            serde_json::to_string(&record).expect("a summary serialises to JSON")
        );
    } else {
        let convergence = match summary.converged_epoch {
            Some(epoch) => format!("no training mistakes from epoch {epoch}"),
            None => "training mistakes in every epoch".to_owned(),
        };
        println!(
            "test accuracy {:.2} % after {} epoch{}, {:.3} s of training, {convergence}",
            100.0 * summary.test_accuracy,
            args.epochs,
            if args.epochs == 1 { "" } else { "s" },
            summary.train_seconds
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Warns on standard error about classes with no training sample, which
/// usually means the labels do not start at 0.
fn warn_about_unused_classes(data: &Dataset) {
    let mut seen = vec![false; data.classes];
    for sample in &data.train {
        seen[sample.class] = true;
    }
    let unused: Vec<usize> = (0..data.classes).filter(|&class| !seen[class]).collect();
    if !unused.is_empty() {
        eprintln!(
            "warning: classes {unused:?} have no training samples; classes are numbered from 0 \
             to the largest label, so labels that start at 1 leave class 0 unused"
        );
    }
}

/// Warns on standard error when the mean training loss of the last epoch is
/// not finite or above the first epoch's, the usual sign of a learning rate
/// that is too large.
fn warn_if_diverged(epochs: &[EpochReport], rate: f32) {
    let (Some(first), Some(last)) = (epochs.first(), epochs.last()) else {
        return;
    };
    if !last.train_loss.is_finite() || last.train_loss > first.train_loss {
        eprintln!(
            "warning: the training loss grew from {} in epoch 1 to {} in epoch {}; \
             the learning rate {rate} is probably too large",
            first.train_loss, last.train_loss, last.epoch
        );
    }
}
