//! `shinkei validate`: the validation experiments, one line per check.

use std::process::ExitCode;

use anyhow::Context;
use shinkei_host::validation::{Check, Relation, plotted, select};

use super::ValidateArgs;

/// Runs `shinkei validate`, which exits with status 1 if any check fails or
/// an experiment stops with an error.
pub fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let experiments = select(&args.names)?;
    if let Some(folder) = &args.plot {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("failed to create the plot folder {}", folder.display()))?;
    }

    let (mut passed, mut failed) = (0usize, 0usize);
    if !args.json {
        println!(
            "{:<46} {:>12} {:>12} {:>12}  result",
            "check", "expected", "measured", "tolerance"
        );
    }
    for experiment in experiments {
        let plotted = args
            .plot
            .as_deref()
            .and_then(|folder| plotted(experiment.name).map(|p| (folder, p)));
        let result = match plotted {
            Some((folder, plotted)) => (plotted.run_and_plot)(folder),
            None => (experiment.run)(),
        };
        let checks = match result {
            Ok(checks) => checks,
            Err(error) => {
                eprintln!("error: experiment {} stopped: {error}", experiment.name);
                failed += 1;
                continue;
            }
        };
        for check in &checks {
            print_check(check, args.json);
            if check.pass {
                passed += 1;
            } else {
                failed += 1;
            }
        }
    }

    if !args.json {
        println!("{passed} passed, {failed} failed");
    }
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn print_check(check: &Check, json: bool) {
    if json {
        let line = serde_json::to_string(check).expect("a check serialises to JSON");
        println!("{line}");
    } else {
        let (expected, tolerance) = match check.relation {
            Relation::Within => (
                format!("{:.6}", check.expected),
                format!("{:.6}", check.tolerance),
            ),
            Relation::AtMost => (format!("≤ {:.6}", check.expected), "bound".to_owned()),
        };
        println!(
            "{:<46} {:>12} {:>12.6} {:>12}  {}",
            check.name,
            expected,
            check.measured,
            tolerance,
            if check.pass { "pass" } else { "FAIL" }
        );
    }
}
