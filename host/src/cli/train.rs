//! `shinkei train`: online training with per-epoch reports.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{CommandFactory, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use shinkei::activation::Activation;
use shinkei::schedule::Schedule;

use shinkei_host::data::Source;
use shinkei_host::training::shape::{Shape, train_dataset};
use shinkei_host::training::{EpochReport, TrainConfig};

use super::{Cli, ScheduleKind, TrainArgs};

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

/// Runs `shinkei train`.
pub fn run(args: &TrainArgs) -> anyhow::Result<ExitCode> {
    if args.tau.is_some() && args.schedule != ScheduleKind::RobbinsMonro {
        let mut command = Cli::command();
        command.build();
        let train = command
            .find_subcommand_mut("train")
            .expect("the train subcommand exists");
        train
            .error(
                clap::error::ErrorKind::ArgumentConflict,
                "--tau applies only to --schedule robbins-monro",
            )
            .exit();
    }

    let source = Source::from_name(&args.data);
    let data = source.load()?;

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
