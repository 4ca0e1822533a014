//! End-to-end runs of the `shinkei` binary.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

/// Runs the binary with `args` and returns its output.
fn shinkei(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinkei"))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run shinkei {args:?}: {e}"))
}

fn stdout_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Parses every stdout line as JSON.
fn json_lines(args: &[&str], output: &Output) -> Vec<Value> {
    stdout_of(output)
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("shinkei {args:?}: line {line:?} is not JSON: {e}"))
        })
        .collect()
}

/// Runs a `--json` training and returns its summary object.
fn train_summary(args: &[&str]) -> Value {
    let output = shinkei(args);
    assert!(
        output.status.success(),
        "shinkei {args:?} failed: {}",
        stderr_of(&output)
    );
    let records = json_lines(args, &output);
    let summary = records
        .last()
        .unwrap_or_else(|| panic!("shinkei {args:?} printed nothing"))
        .clone();
    assert_eq!(
        summary["kind"], "summary",
        "shinkei {args:?}: last line {summary}"
    );
    summary
}

#[test]
fn train_digits_reaches_sane_accuracy() {
    let args = ["train", "--data", "digits", "--epochs", "2", "--json"];
    let output = shinkei(&args);
    assert!(
        output.status.success(),
        "shinkei {args:?} failed: {}",
        stderr_of(&output)
    );
    let records = json_lines(&args, &output);
    assert_eq!(
        records.len(),
        3,
        "shinkei {args:?}: expected 2 epoch lines and a summary, got {records:?}"
    );

    for (index, record) in records[..2].iter().enumerate() {
        assert_eq!(record["kind"], "epoch", "line {index}: {record}");
        assert_eq!(record["epoch"], index + 1, "line {index}: {record}");
        let loss = record["train_loss"]
            .as_f64()
            .expect("train_loss is a number");
        assert!(
            loss.is_finite() && loss > 0.0,
            "line {index}: train loss {loss}"
        );
    }

    let summary = &records[2];
    let accuracy = summary["test_accuracy"]
        .as_f64()
        .expect("test_accuracy is a number");
    // One epoch alone gives about 0.92 on this split; two should pass 0.9.
    assert!(
        accuracy > 0.9,
        "test accuracy {accuracy} after 2 epochs, expected above 0.9; summary {summary}"
    );
    assert!(
        summary["train_seconds"].as_f64().is_some_and(|s| s > 0.0),
        "summary {summary}"
    );
    let checksum = summary["checksum"].as_str().expect("checksum is a string");
    assert!(
        checksum.len() == 10
            && checksum.starts_with("0x")
            && checksum[2..].chars().all(|c| c.is_ascii_hexdigit()),
        "checksum {checksum:?}, expected 0x and 8 hex digits"
    );
    assert_eq!(summary["shape"]["inputs"], 64, "summary {summary}");
}

#[test]
fn train_is_reproducible_by_seed() {
    let run = |seed: &str| {
        train_summary(&[
            "train", "--data", "iris", "--epochs", "3", "--seed", seed, "--json",
        ])
    };
    let (first, again, other) = (run("5"), run("5"), run("6"));
    assert_eq!(
        first["checksum"], again["checksum"],
        "seed 5 twice: {first} and {again}"
    );
    assert_ne!(
        first["checksum"], other["checksum"],
        "seeds 5 and 6: {first} and {other}"
    );
}

#[test]
fn train_text_output_reports_epochs() {
    let args = [
        "train",
        "--data",
        "iris",
        "--epochs",
        "3",
        "--schedule",
        "robbins-monro",
        "--tau",
        "100",
    ];
    let output = shinkei(&args);
    assert!(
        output.status.success(),
        "shinkei {args:?} failed: {}",
        stderr_of(&output)
    );
    let text = stdout_of(&output);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("epoch ")).count(),
        3,
        "stdout:\n{text}"
    );
    assert!(
        text.contains("test accuracy") && text.contains("weights checksum 0x"),
        "stdout:\n{text}"
    );
}

#[test]
fn train_user_csv_is_padded() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_two_blobs.csv");
    // Two separable classes in 5 features, so the net is padded to 16 inputs.
    let mut text = String::from("a,b,c,d,e,label\n");
    for i in 0..40 {
        let class = i % 2;
        let centre = if class == 0 { -1.0 } else { 1.0 };
        let jitter = (i as f64 * 0.37).sin() * 0.3;
        text += &format!(
            "{},{},{},{},{},{class}\n",
            centre + jitter,
            centre - jitter,
            jitter,
            centre,
            -centre
        );
    }
    std::fs::write(&path, text).expect("scratch file is writable");
    let path = path.to_str().expect("scratch path is UTF-8");

    let summary = train_summary(&["train", "--data", path, "--epochs", "10", "--json"]);
    assert_eq!(summary["shape"]["inputs"], 16, "summary {summary}");
    assert_eq!(summary["shape"]["outputs"], 2, "summary {summary}");
    assert_eq!(
        summary["test_accuracy"], 1.0,
        "separable blobs, summary {summary}"
    );
}

#[test]
fn train_rejects_bad_learning_rates() {
    for rate in ["nan", "inf", "-0.5", "fast"] {
        let flag = format!("--lr={rate}");
        let args = ["train", "--data", "iris", flag.as_str()];
        let output = shinkei(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "shinkei {args:?}: status {:?}",
            output.status
        );
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains("--lr"),
            "shinkei {args:?}: stderr {stderr:?}"
        );
        assert!(
            stdout_of(&output).is_empty(),
            "shinkei {args:?} trained anyway: {}",
            stdout_of(&output)
        );
    }
}

#[test]
fn train_rejects_bad_options() {
    let cases: [&[&str]; 4] = [
        &["train", "--data", "iris", "--hidden", "12"],
        &["train", "--data", "iris", "--epochs", "0"],
        &["train", "--data", "iris", "--activation", "softplus"],
        &["train", "--data", "iris", "--tau", "10"],
    ];
    for args in cases {
        let output = shinkei(args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "shinkei {args:?}: status {:?}, stderr {}",
            output.status,
            stderr_of(&output)
        );
    }
}

#[test]
fn train_missing_file_names_it() {
    let args = ["train", "--data", "no/such/file.csv"];
    let output = shinkei(&args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "shinkei {args:?}: status {:?}",
        output.status
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("no/such/file.csv"),
        "shinkei {args:?}: stderr {stderr:?}"
    );
}

#[test]
fn validate_json_lines_pass() {
    let args = ["validate", "lms-constant", "--json"];
    let output = shinkei(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "shinkei {args:?}: status {:?}, stdout {}",
        output.status,
        stdout_of(&output)
    );
    let records = json_lines(&args, &output);
    assert!(!records.is_empty(), "shinkei {args:?} printed no checks");
    for record in &records {
        let name = record["name"].as_str().expect("name is a string");
        assert!(name.starts_with("lms-constant/"), "record {record}");
        for field in ["expected", "measured", "tolerance"] {
            assert!(
                record[field].as_f64().is_some_and(f64::is_finite),
                "record {record}: {field} is not a finite number"
            );
        }
        assert_eq!(record["pass"], true, "record {record}");
    }
    let stationary = records
        .iter()
        .find(|r| r["name"] == "lms-constant/stationary")
        .expect("stationary check");
    let expected = stationary["expected"]
        .as_f64()
        .expect("expected is a number");
    assert!(
        (expected - 0.1136).abs() < 1e-4,
        "stationary expected {expected}, the closed form gives 0.1136"
    );
}

#[test]
fn validate_unknown_name_lists_known() {
    let args = ["validate", "no-such-experiment"];
    let output = shinkei(&args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "shinkei {args:?}: status {:?}",
        output.status
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("no-such-experiment")
            && stderr.contains("lms-constant")
            && stderr.contains("lms-robbins-monro"),
        "shinkei {args:?}: stderr {stderr:?}"
    );
}

#[test]
fn train_perceptron_reports_epochs() {
    let args = [
        "train",
        "--data",
        "digits",
        "--model",
        "perceptron",
        "--epochs",
        "3",
        "--json",
    ];
    let output = shinkei(&args);
    assert!(
        output.status.success(),
        "shinkei {args:?} failed: {}",
        stderr_of(&output)
    );
    let records = json_lines(&args, &output);
    assert_eq!(
        records.len(),
        4,
        "shinkei {args:?}: expected 3 epoch lines and a summary, got {records:?}"
    );
    for (index, record) in records[..3].iter().enumerate() {
        assert_eq!(record["kind"], "epoch", "line {index}: {record}");
        assert_eq!(record["epoch"], index + 1, "line {index}: {record}");
        assert!(
            record["mistakes"].as_u64().is_some_and(|m| m < 1437),
            "line {index}: {record}"
        );
    }

    let summary = &records[3];
    assert_eq!(summary["kind"], "summary", "summary {summary}");
    assert_eq!(summary["model"], "perceptron", "summary {summary}");
    assert_eq!(summary["averaged"], false, "summary {summary}");
    assert!(summary["association_units"].is_null(), "summary {summary}");
    let accuracy = summary["test_accuracy"]
        .as_f64()
        .expect("test_accuracy is a number");
    // The multiclass perceptron reaches about 0.95 on this split; three
    // epochs should pass 0.85.
    assert!(
        accuracy > 0.85,
        "test accuracy {accuracy} after 3 epochs, expected above 0.85; summary {summary}"
    );
}

#[test]
fn train_averaged_random_features() {
    let summary = train_summary(&[
        "train",
        "--data",
        "iris",
        "--model",
        "random-features",
        "--averaged",
        "--epochs",
        "5",
        "--json",
    ]);
    assert_eq!(summary["model"], "random-features", "summary {summary}");
    assert_eq!(summary["averaged"], true, "summary {summary}");
    assert!(
        summary["association_units"].as_u64().is_some_and(|u| u > 0),
        "summary {summary}"
    );
    assert_eq!(summary["inputs"], 4, "summary {summary}");
    assert_eq!(summary["outputs"], 3, "summary {summary}");
    let accuracy = summary["test_accuracy"]
        .as_f64()
        .expect("test_accuracy is a number");
    assert!(
        accuracy > 0.8,
        "iris test accuracy {accuracy}, expected above 0.8; summary {summary}"
    );
}

#[test]
fn train_perceptron_text_output() {
    let args = [
        "train",
        "--data",
        "iris",
        "--model",
        "perceptron",
        "--averaged",
        "--epochs",
        "4",
    ];
    let output = shinkei(&args);
    assert!(
        output.status.success(),
        "shinkei {args:?} failed: {}",
        stderr_of(&output)
    );
    let text = stdout_of(&output);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("epoch ")).count(),
        4,
        "stdout:\n{text}"
    );
    assert!(
        text.contains("training mistakes") && text.contains("averaged weights"),
        "stdout:\n{text}"
    );
}

#[test]
fn train_perceptron_is_reproducible_by_seed() {
    let run = |seed: &str| {
        train_summary(&[
            "train",
            "--data",
            "digits",
            "--model",
            "random-features",
            "--epochs",
            "1",
            "--seed",
            seed,
            "--json",
        ])["test_accuracy"]
            .clone()
    };
    let (first, again) = (run("7"), run("7"));
    assert_eq!(first, again, "seed 7 twice");
}

#[test]
fn train_rejects_rates_outside_f32() {
    let cases = [
        ("-1", "must be finite and not negative"),
        ("1e-50", "too small for f32"),
        ("1e39", "too large for f32"),
    ];
    for (rate, reason) in cases {
        let args = ["train", "--data", "iris", "--lr", rate];
        let output = shinkei(&args);
        let stderr = stderr_of(&output);
        assert_eq!(
            output.status.code(),
            Some(2),
            "shinkei {args:?}: stderr {stderr:?}"
        );
        assert!(
            stderr.contains(reason),
            "shinkei {args:?}: stderr {stderr:?}, expected {reason:?}"
        );
    }
}

#[test]
fn train_warns_when_loss_grows() {
    let args = ["train", "--data", "digits", "--lr", "10", "--epochs", "3"];
    let output = shinkei(&args);
    assert!(
        output.status.success(),
        "shinkei {args:?}: status {:?}",
        output.status
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("learning rate 10 is probably too large"),
        "shinkei {args:?}: stderr {stderr:?}, expected a divergence warning"
    );
}

/// Writes `text` to a CSV file named `name` in a scratch folder of the
/// target directory and returns its path.
fn scratch_csv(name: &str, text: &str) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli_{name}"));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
    path.to_str().expect("scratch path is UTF-8").to_owned()
}

/// Trains one epoch on a CSV file, asserts success, and returns stderr.
fn train_warnings(path: &str) -> String {
    let args = ["train", "--data", path, "--epochs", "1"];
    let output = shinkei(&args);
    let stderr = stderr_of(&output);
    assert!(
        output.status.success(),
        "shinkei {args:?}: stderr {stderr:?}"
    );
    stderr
}

#[test]
fn train_warns_about_unused_class_zero() {
    let path = scratch_csv(
        "labels-from-1.csv",
        "1,2,1\n2,1,2\n1,1,1\n3,2,2\n2,2,1\n1,3,2\n3,3,1\n",
    );
    let stderr = train_warnings(&path);
    assert!(
        stderr.contains("class 0 has no samples"),
        "labels 1 and 2 in {path}: stderr {stderr:?}, expected a warning about class 0"
    );
    assert!(
        stderr.contains("Labels that start at 1"),
        "labels 1 and 2 in {path}: stderr {stderr:?}, expected the 1-based label hint"
    );
}

#[test]
fn train_warns_about_label_gaps() {
    let path = scratch_csv(
        "labels-0-and-5.csv",
        "1,2,0\n2,1,5\n1,1,0\n3,2,5\n2,2,0\n1,3,5\n3,3,0\n",
    );
    let stderr = train_warnings(&path);
    assert!(
        stderr.contains("classes 1, 2, 3, 4 have no samples"),
        "labels 0 and 5 in {path}: stderr {stderr:?}, expected classes 1 to 4 to be named"
    );
    assert!(
        !stderr.contains("start at 1"),
        "labels 0 and 5 in {path}: stderr {stderr:?}, expected no 1-based label hint"
    );
}

#[test]
fn train_warns_about_test_only_class() {
    // Data rows 0 and 5 are the test rows, and only they have class 2.
    let path = scratch_csv(
        "test-only-class.csv",
        "1,2,2\n2,1,0\n1,1,1\n3,2,0\n2,2,1\n1,3,2\n3,3,1\n",
    );
    let stderr = train_warnings(&path);
    assert!(
        stderr.contains("class 2 has no training samples") && stderr.contains("test rows"),
        "class 2 only on test rows in {path}: stderr {stderr:?}, expected a test-row warning"
    );
    assert!(
        !stderr.contains("start at 1"),
        "class 2 only on test rows in {path}: stderr {stderr:?}, expected no 1-based label hint"
    );
}

#[test]
fn train_rejects_single_training_class() {
    let cases = [
        ("one-class.csv", "1,2,0\n2,1,0\n1,1,0\n3,2,0\n2,2,0\n"),
        // Class 1 is only on data row 0, a test row.
        (
            "one-training-class.csv",
            "1,2,1\n2,1,0\n1,1,0\n3,2,0\n2,2,0\n",
        ),
    ];
    for (name, text) in cases {
        let path = scratch_csv(name, text);
        let args = ["train", "--data", path.as_str(), "--epochs", "1"];
        let output = shinkei(&args);
        let stderr = stderr_of(&output);
        assert_eq!(
            output.status.code(),
            Some(1),
            "shinkei {args:?}: stderr {stderr:?}, expected status 1"
        );
        assert!(
            stderr.contains("every training row has class 0") && stderr.contains("at least 2"),
            "shinkei {args:?}: stderr {stderr:?}, expected the single-class error"
        );
        assert!(
            stdout_of(&output).is_empty(),
            "shinkei {args:?} trained anyway: {}",
            stdout_of(&output)
        );
    }
}

#[test]
fn train_rejects_mlp_options_for_perceptrons() {
    let cases: [(&[&str], &str); 5] = [
        (&["--hidden", "32"], "--hidden applies only to --model mlp"),
        (
            &["--activation", "relu"],
            "--activation applies only to --model mlp",
        ),
        (
            &["--schedule", "constant"],
            "--schedule applies only to --model mlp",
        ),
        (
            &["--schedule", "robbins-monro", "--tau", "10"],
            "--schedule and --tau apply only to --model mlp",
        ),
        (
            &["--hidden", "16", "--activation", "tanh", "--tau", "5"],
            "--hidden, --activation and --tau apply only to --model mlp",
        ),
    ];
    for model in ["perceptron", "random-features"] {
        for (options, expected) in cases {
            let mut args = vec!["train", "--data", "iris", "--model", model];
            args.extend_from_slice(options);
            let output = shinkei(&args);
            let stderr = stderr_of(&output);
            assert_eq!(
                output.status.code(),
                Some(2),
                "shinkei {args:?}: stderr {stderr:?}, expected status 2"
            );
            assert!(
                stderr.contains(expected),
                "shinkei {args:?}: stderr {stderr:?}, expected {expected:?}"
            );
        }
    }
}

#[test]
fn train_rejects_zero_rate_for_perceptrons() {
    for model in ["perceptron", "random-features"] {
        let args = ["train", "--data", "iris", "--model", model, "--lr", "0"];
        let output = shinkei(&args);
        let stderr = stderr_of(&output);
        assert_eq!(
            output.status.code(),
            Some(2),
            "shinkei {args:?}: stderr {stderr:?}, expected status 2"
        );
        assert!(
            stderr.contains("--lr 0 is invalid") && stderr.contains("above 0"),
            "shinkei {args:?}: stderr {stderr:?}, expected the zero-rate error"
        );
    }
}

#[test]
fn train_rejects_averaged_mlp() {
    let args = ["train", "--data", "iris", "--averaged"];
    let output = shinkei(&args);
    assert_eq!(
        output.status.code(),
        Some(2),
        "shinkei {args:?}: status {:?}",
        output.status
    );
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("--averaged"),
        "shinkei {args:?}: stderr {stderr:?}"
    );
}

#[test]
fn validate_bound_check_json() {
    let args = ["validate", "novikoff", "--json"];
    let output = shinkei(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "shinkei {args:?}: status {:?}, stdout {}",
        output.status,
        stdout_of(&output)
    );
    let records = json_lines(&args, &output);
    let bound = records
        .iter()
        .find(|r| r["name"] == "novikoff/max-updates-over-bound")
        .expect("bound check");
    assert_eq!(bound["relation"], "at_most", "record {bound}");
    assert_eq!(bound["expected"], 1.0, "record {bound}");
    assert_eq!(bound["pass"], true, "record {bound}");
    let tight = records
        .iter()
        .find(|r| r["name"] == "novikoff/tight-1000-updates")
        .expect("tight case check");
    assert_eq!(tight["relation"], "within", "record {tight}");
    assert_eq!(tight["measured"], 1000.0, "record {tight}");
}

#[test]
fn validate_plot_writes_png() {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_plots");
    let _ = std::fs::remove_dir_all(&folder);
    let folder_text = folder.to_str().expect("scratch path is UTF-8");
    let args = ["validate", "novikoff", "kleene-dfa", "--plot", folder_text];
    let output = shinkei(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "shinkei {args:?}: status {:?}, stderr {}",
        output.status,
        stderr_of(&output)
    );
    let png = std::fs::read(folder.join("novikoff.png"))
        .unwrap_or_else(|e| panic!("shinkei {args:?}: novikoff.png not written: {e}"));
    assert!(
        png.starts_with(b"\x89PNG"),
        "novikoff.png is not a PNG file"
    );
    let written: Vec<_> = std::fs::read_dir(&folder)
        .expect("plot folder exists")
        .map(|entry| entry.expect("folder entry").file_name())
        .collect();
    assert_eq!(
        written.len(),
        1,
        "kleene-dfa has no chart, so only novikoff.png is expected: {written:?}"
    );
}

#[test]
fn validate_plot_amari_1971_writes_png() {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli_plots_amari_1971");
    let _ = std::fs::remove_dir_all(&folder);
    let folder_text = folder.to_str().expect("scratch path is UTF-8");
    let args = ["validate", "amari-1971", "--plot", folder_text];
    let output = shinkei(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "shinkei {args:?}: status {:?}, stderr {}",
        output.status,
        stderr_of(&output)
    );
    let png = std::fs::read(folder.join("amari-1971.png"))
        .unwrap_or_else(|e| panic!("shinkei {args:?}: amari-1971.png not written: {e}"));
    assert!(
        png.starts_with(b"\x89PNG"),
        "amari-1971.png is not a PNG file"
    );
    assert!(
        png.len() > 1000,
        "amari-1971.png has only {} bytes, too few for a chart",
        png.len()
    );
}

#[test]
fn train_perceptron_predictions_scale_with_rate() {
    // From zero weights, a power-of-2 rate scales every weight exactly, and
    // the plain perceptron has no exact ties, so other rates match up to
    // rounding as well.
    let accuracy = |model: &str, rate: &str| {
        train_summary(&[
            "train", "--data", "digits", "--model", model, "--lr", rate, "--epochs", "2", "--json",
        ])["test_accuracy"]
            .clone()
    };
    let cases = [
        ("perceptron", "0.05"),
        ("perceptron", "0.5"),
        ("random-features", "0.5"),
        ("random-features", "0.0625"),
    ];
    for (model, rate) in cases {
        let at_one = accuracy(model, "1");
        let at_rate = accuracy(model, rate);
        assert_eq!(
            at_rate, at_one,
            "--model {model}: test accuracy {at_rate} at --lr {rate}, expected {at_one} as at --lr 1"
        );
    }
}
