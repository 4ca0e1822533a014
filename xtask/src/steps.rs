//! `cargo xtask test`: every check, in order, with a summary line per step.
//!
//! Steps run even after an earlier one failed, so one run reports every
//! failure. The last line of output is `N passed, N failed`.

use std::time::Instant;

use crate::cmd::Cmd;
use crate::firmware::{self, Board};
use crate::install::{self, TARGET};
use crate::{logcheck, qemu, snapshot};

/// A step's result: a short note on success, the reason on failure.
type StepResult = Result<String, String>;

struct Step {
    name: String,
    action: Box<dyn Fn() -> StepResult>,
}

impl Step {
    fn new(name: impl Into<String>, action: impl Fn() -> StepResult + 'static) -> Self {
        Step {
            name: name.into(),
            action: Box::new(action),
        }
    }

    /// Creates a step that runs one cargo command in the workspace root.
    fn cargo(name: &str, args: &'static [&'static str]) -> Self {
        Step::new(name, move || {
            Cmd::new("cargo")
                .args(args)
                .dir(&firmware::repo_root())
                .run()?;
            Ok(String::new())
        })
    }
}

/// Runs every step and returns whether all of them passed.
pub fn run_all(timeout_seconds: u64) -> bool {
    let steps = plan(timeout_seconds);
    let count = steps.len();
    let mut outcomes = Vec::with_capacity(count);

    for (number, step) in steps.iter().enumerate() {
        println!();
        println!("==> [{}/{count}] {}", number + 1, step.name);
        let start = Instant::now();
        let result = (step.action)();
        let seconds = start.elapsed().as_secs_f64();
        let line = summary_line(&step.name, &result, seconds);
        println!("{line}");
        outcomes.push((line, result.is_ok()));
    }

    let passed = outcomes.iter().filter(|(_, ok)| *ok).count();
    let failed = count - passed;
    println!();
    println!("Summary:");
    for (line, _) in &outcomes {
        println!("  {line}");
    }
    println!("{passed} passed, {failed} failed");
    failed == 0
}

fn plan(timeout_seconds: u64) -> Vec<Step> {
    let mut steps = vec![
        Step::new("prerequisites", || {
            install::ensure_components()?;
            install::ensure_firmware_tools()?;
            Ok(String::new())
        }),
        Step::cargo("format (workspace)", &["fmt", "--all", "--check"]),
        Step::new("format (firmware)", || {
            Cmd::new("cargo")
                .args(["fmt", "--check"])
                .dir(&firmware::firmware_dir())
                .run()?;
            Ok(String::new())
        }),
        Step::cargo(
            "clippy (workspace)",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        Step::cargo("host tests", &["test", "--workspace"]),
        Step::cargo(
            &format!("kernel build for {TARGET}"),
            &["build", "-p", "shinkei", "--target", TARGET],
        ),
        Step::cargo(
            &format!("kernel build for {TARGET} with defmt"),
            &[
                "build",
                "-p",
                "shinkei",
                "--target",
                TARGET,
                "--features",
                "defmt",
            ],
        ),
    ];

    for board in Board::ALL {
        steps.push(Step::new(format!("clippy firmware ({board})"), move || {
            firmware::clippy(board)?;
            Ok(String::new())
        }));
    }
    for board in [Board::Nrf52840, Board::Stm32f411] {
        steps.push(Step::new(format!("firmware build ({board})"), move || {
            firmware::build(board)?;
            Ok(String::new())
        }));
    }
    steps.push(Step::new("format and clippy (firmware-bench)", || {
        let dir = crate::bench_target::package_dir();
        Cmd::new("cargo").args(["fmt", "--check"]).dir(&dir).run()?;
        Cmd::new("cargo")
            .args(["clippy", "--bins", "--", "-D", "warnings"])
            .dir(&dir)
            .run()?;
        Ok(String::new())
    }));
    steps.push(Step::new("firmware run on QEMU", move || {
        run_qemu_firmware(timeout_seconds)
    }));
    steps
}

/// Builds the QEMU firmware, runs it and checks its decoded log.
fn run_qemu_firmware(timeout_seconds: u64) -> StepResult {
    let epochs = firmware::epochs()?;
    let elf = firmware::build(Board::Qemu)?;
    let lines = qemu::run(&elf, timeout_seconds)?;
    let summary = logcheck::check(&lines, epochs)
        .map_err(|problems| format!("the firmware log is incomplete: {}", problems.join("; ")))?;
    snapshot::compare(&lines)?;
    Ok(format!(
        "{epochs} epochs, final test accuracy {}, weights checksum {}, log matches firmware/expected.log",
        summary.final_accuracy, summary.checksum
    ))
}

fn summary_line(name: &str, result: &StepResult, seconds: f64) -> String {
    match result {
        Ok(note) if note.is_empty() => format!("PASS  {name} ({seconds:.1} s)"),
        Ok(note) => format!("PASS  {name} ({seconds:.1} s): {note}"),
        Err(reason) => format!("FAIL  {name} ({seconds:.1} s): {reason}"),
    }
}
