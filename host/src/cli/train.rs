//! `shinkei train`: online training with per-epoch reports.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, ValueEnum};
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

/// Options that only `--model mlp` uses: argument id and flag.
const MLP_ONLY_OPTIONS: [(&str, &str); 4] = [
    ("hidden", "--hidden"),
    ("activation", "--activation"),
    ("schedule", "--schedule"),
    ("tau", "--tau"),
];

/// Exits with a usage error (status 2) of `kind` that names the offending
/// option.
fn usage_error(kind: clap::error::ErrorKind, message: &str) -> ! {
    let mut command = Cli::command();
    command.build();
    let train = command
        .find_subcommand_mut("train")
        .expect("the train subcommand exists");
    train.error(kind, message).exit()
}

/// Exits with a usage error (status 2) that names the conflicting option.
fn conflict(message: &str) -> ! {
    usage_error(clap::error::ErrorKind::ArgumentConflict, message)
}

/// Exits with a usage error if an option does not fit `args.model`. The
/// cases are an mlp-only option set on the command line with a perceptron
/// model, `--averaged` with mlp, `--tau` without the Robbins-Monro schedule,
/// and a rate of 0 for a perceptron model.
fn check_options(args: &TrainArgs, matches: &ArgMatches) {
    let model_name = args
        .model
        .to_possible_value()
        .expect("every model has a name");
    let model_name = model_name.get_name();
    if args.model != Model::Mlp {
        let given: Vec<&str> = MLP_ONLY_OPTIONS
            .iter()
            .filter(|(id, _)| matches.value_source(id) == Some(ValueSource::CommandLine))
            .map(|(_, flag)| *flag)
            .collect();
        if let Some((last, others)) = given.split_last() {
            let (options, verb) = if others.is_empty() {
                ((*last).to_owned(), "applies")
            } else {
                (format!("{} and {last}", others.join(", ")), "apply")
            };
            conflict(&format!(
                "{options} {verb} only to --model mlp, not to --model {model_name}"
            ));
        }
        if args.lr == 0.0 {
            usage_error(
                clap::error::ErrorKind::InvalidValue,
                &format!(
                    "--lr 0 is invalid with --model {model_name} because the weights start at \
                     zero and every update is a multiple of the rate, so nothing would be \
                     trained. Give a rate above 0"
                ),
            );
        }
    }
    if args.tau.is_some() && args.schedule != ScheduleKind::RobbinsMonro {
        conflict("--tau applies only to --schedule robbins-monro");
    }
    if args.averaged && args.model == Model::Mlp {
        conflict("--averaged applies only to --model perceptron and --model random-features");
    }
}

/// Runs `shinkei train`.
///
/// `matches` are the parsed `train` options, which tell options given on
/// the command line from defaults.
pub fn run(args: &TrainArgs, matches: &ArgMatches) -> anyhow::Result<ExitCode> {
    check_options(args, matches);

    let source = Source::from_name(&args.data);
    let data = source.load()?;
    for warning in check_classes(&data)? {
        eprintln!("warning: {warning}");
    }
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
        print_data_summary(&data);
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
        print_data_summary(data);
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

/// Checks that the training rows contain at least 2 classes, and returns
/// warnings about classes from 0 to the largest label that have no training
/// samples: classes absent from the data set, and classes whose rows all
/// fell into the test set.
///
/// # Errors
///
/// Fails if the training rows contain fewer than 2 classes.
/// Prints the data set's name, split sizes, feature count and class count.
fn print_data_summary(data: &Dataset) {
    println!(
        "training on {}: {} training and {} test samples, {} features, {} classes",
        data.name,
        data.train.len(),
        data.test.len(),
        data.features,
        data.classes
    );
}

fn check_classes(data: &Dataset) -> anyhow::Result<Vec<String>> {
    let mut in_train = vec![false; data.classes];
    for sample in &data.train {
        in_train[sample.class] = true;
    }
    let mut in_test = vec![false; data.classes];
    for sample in &data.test {
        in_test[sample.class] = true;
    }
    let trained: Vec<usize> = (0..data.classes).filter(|&c| in_train[c]).collect();
    let test_only: Vec<usize> = (0..data.classes)
        .filter(|&c| in_test[c] && !in_train[c])
        .collect();
    let absent: Vec<usize> = (0..data.classes)
        .filter(|&c| !in_test[c] && !in_train[c])
        .collect();

    if trained.len() < 2 {
        let found = match trained.as_slice() {
            [class] => format!("every training row has class {class}"),
            _ => "there are no training rows".to_owned(),
        };
        let mut message = format!(
            "{}: {found}, but training a classifier needs at least 2 classes",
            data.name
        );
        if !test_only.is_empty() {
            message += &format!(
                ". {} only in test rows ({TEST_ROW_RULE})",
                subject_and_verb(&test_only, "occurs", "occur")
            );
        }
        anyhow::bail!(message);
    }

    let mut warnings = Vec::new();
    if !absent.is_empty() {
        let mut warning = format!(
            "{} no samples in {}, but the model has an output for every class from 0 to \
             the largest label, {}",
            subject_and_verb(&absent, "has", "have"),
            data.name,
            data.classes - 1
        );
        if absent[0] == 0 {
            warning += ". Labels that start at 1 leave class 0 unused, so renumber them from 0";
        }
        warnings.push(warning);
    }
    if !test_only.is_empty() {
        let (possessive, object) = if test_only.len() == 1 {
            ("its", "it")
        } else {
            ("their", "them")
        };
        warnings.push(format!(
            "{} no training samples because all of {possessive} rows in {} are test rows \
             ({TEST_ROW_RULE}), so the model cannot learn {object}",
            subject_and_verb(&test_only, "has", "have"),
            data.name,
        ));
    }
    Ok(warnings)
}

/// The split rule of [`shinkei_host::data`], for messages.
const TEST_ROW_RULE: &str = "every fifth data row, starting with the first, is a test row";

/// Returns "class 3" or "classes 1, 2, 4".
fn name_classes(classes: &[usize]) -> String {
    let numbers: Vec<String> = classes.iter().map(usize::to_string).collect();
    let noun = if classes.len() == 1 {
        "class"
    } else {
        "classes"
    };
    format!("{noun} {}", numbers.join(", "))
}

/// Returns the classes named as the subject of a sentence, with `singular`
/// or `plural` after them to match their number.
fn subject_and_verb(classes: &[usize], singular: &str, plural: &str) -> String {
    let verb = if classes.len() == 1 { singular } else { plural };
    format!("{} {verb}", name_classes(classes))
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
