//! End-to-end runs of `shinkei memory` and of the digit-recall experiment.

use std::path::PathBuf;
use std::process::{Command, Output};

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

/// Writes `text` to a file in the temporary directory, named after the test
/// and the process so that parallel runs do not collide.
fn temporary_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("shinkei-memory-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
    path
}

/// Runs `args`, asserts success, and returns stdout.
fn successful_stdout(args: &[&str]) -> String {
    let output = shinkei(args);
    assert!(
        output.status.success(),
        "shinkei {args:?} failed: {}",
        stderr_of(&output)
    );
    stdout_of(&output)
}

/// Returns the cue and recall overlaps of the summary line, `mean overlap:
/// cue C, recall R; ...`.
fn mean_overlaps(stdout: &str) -> (f64, f64) {
    let line = stdout
        .lines()
        .find(|line| line.starts_with("mean overlap:"))
        .unwrap_or_else(|| panic!("no summary line in {stdout}"));
    let number_after = |label: &str| -> f64 {
        let start = line
            .find(label)
            .unwrap_or_else(|| panic!("{label:?} missing in {line:?}"))
            + label.len();
        let text: String = line[start..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == '-')
            .collect();
        text.parse()
            .unwrap_or_else(|e| panic!("{text:?} in {line:?} is not a number: {e}"))
    };
    (number_after("cue "), number_after("recall "))
}

#[test]
fn memory_digits_shows_every_prototype() {
    let stdout = successful_stdout(&["memory"]);
    assert!(
        stdout.starts_with("10 digit prototypes of 64 units stored with the pseudo-inverse rule"),
        "first line: {stdout}"
    );
    for pattern in 0..10 {
        assert!(
            stdout.contains(&format!("pattern {pattern}: overlap 0.812 -> ")),
            "pattern {pattern} missing or cue overlap not 0.812 (6 of 64 flipped): {stdout}"
        );
    }
    let image_rows = stdout
        .lines()
        .filter(|line| line.len() == 8 + 3 + 8 + 3 + 8 && line.chars().all(|c| "#. ".contains(c)))
        .count();
    assert_eq!(
        image_rows, 80,
        "expected 8 image rows per pattern: {stdout}"
    );
    let (cue, recall) = mean_overlaps(&stdout);
    assert!(
        recall > cue,
        "recall overlap {recall} not above cue overlap {cue}"
    );
}

#[test]
fn memory_is_reproducible_by_seed() {
    let args = [
        "memory", "--rule", "storkey", "--flip", "0.2", "--seed", "7",
    ];
    let first = successful_stdout(&args);
    let second = successful_stdout(&args);
    assert_eq!(first, second, "two runs of shinkei {args:?} differ");
    let other = successful_stdout(&[
        "memory", "--rule", "storkey", "--flip", "0.2", "--seed", "8",
    ]);
    assert_ne!(first, other, "seeds 7 and 8 gave the same cues");
}

#[test]
fn memory_runs_every_rule() {
    for rule in ["hebbian", "storkey", "pseudo-inverse", "clipped", "dense"] {
        let stdout = successful_stdout(&["memory", "--rule", rule, "--flip", "0.3"]);
        assert!(
            stdout.contains(&format!("with the {rule} rule")),
            "rule {rule}: {stdout}"
        );
        assert!(
            stdout.contains("19 of 64 units flipped"),
            "rule {rule}: 30 % of 64 units should be 19: {stdout}"
        );
    }
}

#[test]
fn memory_csv_orthogonal_patterns_recalled() {
    // Four rows of the 16 × 16 Hadamard matrix, as 0/1: mutually orthogonal,
    // so each is a fixed point of the Hebbian memory and one flipped unit is
    // corrected.
    let rows: Vec<String> = [1usize, 2, 4, 8]
        .iter()
        .map(|&row| {
            (0..16usize)
                .map(|column| {
                    if (row & column).count_ones() % 2 == 0 {
                        "1"
                    } else {
                        "0"
                    }
                })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let path = temporary_file("hadamard.csv", &(rows.join("\n") + "\n"));
    let path_text = path.to_str().expect("temporary path is UTF-8");
    let stdout = successful_stdout(&[
        "memory", "--data", path_text, "--rule", "hebbian", "--flip", "0.0625",
    ]);
    assert!(
        stdout.contains("4 of 4 patterns recalled exactly"),
        "shinkei memory on {path_text}: {stdout}"
    );
    assert!(
        stdout.contains("each cue has 1 of 16 units flipped"),
        "{stdout}"
    );
}

#[test]
fn memory_plot_writes_png() {
    let path = std::env::temp_dir().join(format!("shinkei-memory-{}-plot.png", std::process::id()));
    let path_text = path.to_str().expect("temporary path is UTF-8");
    let stdout = successful_stdout(&["memory", "--plot", path_text]);
    assert!(stdout.contains(&format!("wrote {path_text}")), "{stdout}");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path_text}: {e}"));
    assert_eq!(
        &bytes[..8],
        b"\x89PNG\r\n\x1a\n",
        "{path_text} is not a PNG file"
    );
    // Three 8 × 8 images of 10-pixel cells per row, ten rows, 10-pixel gaps.
    let width = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"));
    let height = u32::from_be_bytes(bytes[20..24].try_into().expect("4 bytes"));
    assert_eq!((width, height), (280, 910), "PNG size of {path_text}");
}

#[test]
fn memory_rejects_unsupported_width() {
    let path = temporary_file("width5.csv", "1,0,1,0,1\n0,1,0,1,0\n");
    let path_text = path.to_str().expect("temporary path is UTF-8");
    let output = shinkei(&["memory", "--data", path_text]);
    assert_eq!(output.status.code(), Some(1), "status {:?}", output.status);
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("5 units") && stderr.contains("64"),
        "stderr {stderr:?}"
    );
}

#[test]
fn memory_rejects_dependent_pattern() {
    // The third row repeats the first, so the pseudo-inverse rule rejects it.
    let row_a = "1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0";
    let row_b = "1,1,0,0,1,1,0,0,1,1,0,0,1,1,0,0";
    let path = temporary_file("repeat.csv", &format!("{row_a}\n{row_b}\n{row_a}\n"));
    let path_text = path.to_str().expect("temporary path is UTF-8");
    let output = shinkei(&["memory", "--data", path_text, "--rule", "pseudo-inverse"]);
    assert_eq!(output.status.code(), Some(1), "status {:?}", output.status);
    let stderr = stderr_of(&output);
    assert!(
        stderr.contains("pattern 2") && stderr.contains("linearly dependent"),
        "stderr {stderr:?}"
    );
}

#[test]
fn memory_rejects_bad_flip_fraction() {
    for flip in ["1.5", "-0.1", "nan", "x"] {
        // The `=` form passes a leading minus sign as a value.
        let option = format!("--flip={flip}");
        let output = shinkei(&["memory", &option]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "--flip {flip}: status {:?}",
            output.status
        );
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains("--flip"),
            "--flip {flip}: stderr {stderr:?}"
        );
    }
}

#[test]
fn memory_missing_file_names_it() {
    let output = shinkei(&["memory", "--data", "no/such/patterns.csv"]);
    assert_eq!(output.status.code(), Some(1), "status {:?}", output.status);
    let stderr = stderr_of(&output);
    assert!(stderr.contains("no/such/patterns.csv"), "stderr {stderr:?}");
}

#[test]
fn validate_digit_recall_passes() {
    let args = ["validate", "digit-recall", "--json"];
    let output = shinkei(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "shinkei {args:?}: stdout {}",
        stdout_of(&output)
    );
    let stdout = stdout_of(&output);
    let lines: Vec<&str> = stdout.lines().collect();
    // Five rules at three damage levels, and three improvement checks for
    // the pseudo-inverse rule.
    assert_eq!(lines.len(), 18, "shinkei {args:?}: {stdout}");
    for line in lines {
        assert!(line.contains("\"pass\":true"), "check failed: {line}");
    }
}

/// Counts the occurrences of `needle` in `haystack`.
fn occurrences(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn memory_errors_print_cause_once() {
    let output = shinkei(&["memory", "--data", "no/such/patterns.csv"]);
    let stderr = stderr_of(&output);
    assert_eq!(
        occurrences(&stderr, "os error"),
        1,
        "missing file: stderr {stderr:?}, expected the I/O error once"
    );

    let row_a = "1,0,1,0,1,0,1,0,1,0,1,0,1,0,1,0";
    let row_b = "1,1,0,0,1,1,0,0,1,1,0,0,1,1,0,0";
    let path = temporary_file("repeat-once.csv", &format!("{row_a}\n{row_b}\n{row_a}\n"));
    let path_text = path.to_str().expect("temporary path is UTF-8");
    let output = shinkei(&["memory", "--data", path_text, "--rule", "pseudo-inverse"]);
    let stderr = stderr_of(&output);
    assert_eq!(
        occurrences(&stderr, "linearly dependent"),
        1,
        "repeated pattern: stderr {stderr:?}, expected the kernel's error once"
    );
}

#[test]
fn memory_rejects_too_many_patterns() {
    // 17 patterns of 16 units: more than the pseudo-inverse rule can hold,
    // whatever the patterns.
    let rows: Vec<String> = (0..17)
        .map(|row| {
            (0..16)
                .map(|column| if (row + column) % 3 == 0 { "1" } else { "0" })
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    let path = temporary_file("seventeen.csv", &(rows.join("\n") + "\n"));
    let path_text = path.to_str().expect("temporary path is UTF-8");
    let args = ["memory", "--data", path_text, "--rule", "pseudo-inverse"];
    let output = shinkei(&args);
    let stderr = stderr_of(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "shinkei {args:?}: stderr {stderr:?}"
    );
    assert!(
        stderr.contains("17 patterns given")
            && stderr.contains("stores at most 16 patterns of 16 units")
            && stderr.contains("fewer patterns or use another rule"),
        "shinkei {args:?}: stderr {stderr:?}, expected the pattern limit and a fix"
    );
    assert!(
        !stderr.contains("raise the limit"),
        "shinkei {args:?}: stderr {stderr:?}, suggests a fix the CLI does not offer"
    );

    let hebbian = successful_stdout(&["memory", "--data", path_text, "--rule", "hebbian"]);
    assert!(
        hebbian.starts_with("17 "),
        "the Hebbian rule has no pattern limit: {hebbian}"
    );
}

#[test]
fn memory_csv_errors_name_the_line() {
    let cases = [
        (
            "semicolons.csv",
            "1;0;1;0\n0;1;0;1\n",
            ":1:",
            "separated by commas",
        ),
        (
            "widths.csv",
            "1,0,1,0\n0,1,0,1\n\n1,1,1\n",
            ":4:",
            "the first pattern, on line 1, has 4",
        ),
    ];
    for (name, text, location, reason) in cases {
        let path = temporary_file(name, text);
        let path_text = path.to_str().expect("temporary path is UTF-8");
        let output = shinkei(&["memory", "--data", path_text]);
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(1), "{text:?}: stderr {stderr:?}");
        assert!(
            stderr.contains(&format!("{path_text}{location}")) && stderr.contains(reason),
            "{text:?}: stderr {stderr:?}, expected {path_text}{location} and {reason:?}"
        );
    }
}

#[test]
fn memory_plot_path_checked_before_recall() {
    let not_a_folder = temporary_file("plain-file", "");
    let under_file = not_a_folder.join("recall.png");
    let under_file_text = under_file.to_str().expect("temporary path is UTF-8");
    let cases = [
        ("recall.txt", "must end in .png"),
        (under_file_text, "failed to create the folder"),
    ];
    for (plot, reason) in cases {
        let args = ["memory", "--plot", plot];
        let output = shinkei(&args);
        let stderr = stderr_of(&output);
        assert_eq!(
            output.status.code(),
            Some(1),
            "shinkei {args:?}: stderr {stderr:?}"
        );
        assert!(
            stderr.contains(plot) && stderr.contains(reason),
            "shinkei {args:?}: stderr {stderr:?}, expected {plot:?} and {reason:?}"
        );
        assert!(
            !stderr.contains("Error("),
            "shinkei {args:?}: stderr {stderr:?} shows a Debug form"
        );
        assert!(
            stdout_of(&output).is_empty(),
            "shinkei {args:?} recalled before checking the path: {}",
            stdout_of(&output)
        );
    }
}

#[test]
fn memory_plot_creates_folder() {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("memory_plot_folder");
    let _ = std::fs::remove_dir_all(&folder);
    let path = folder.join("nested").join("recall.png");
    let path_text = path.to_str().expect("scratch path is UTF-8");
    let stdout = successful_stdout(&["memory", "--plot", path_text]);
    assert!(stdout.contains(&format!("wrote {path_text}")), "{stdout}");
    assert!(path.is_file(), "{path_text} was not written");
}

#[test]
fn memory_counts_are_singular_or_plural() {
    // An undamaged cue of a stored prototype is a fixed point after one sweep
    // without flips.
    let stdout = successful_stdout(&["memory", "--flip", "0"]);
    assert!(
        stdout.contains("fixed point after 1 sweep, 0 flips"),
        "--flip 0: {stdout}"
    );
    assert!(!stdout.contains("1 sweeps"), "--flip 0: {stdout}");
}
