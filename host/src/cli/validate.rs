//! `shinkei validate`: the validation experiments, one line per check.

use std::process::ExitCode;

use shinkei_host::validation::{Check, select};

use super::ValidateArgs;

/// Runs `shinkei validate`, which exits with status 1 if any check fails or
/// an experiment stops with an error.
pub fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let experiments = select(&args.names)?;

    let (mut passed, mut failed) = (0usize, 0usize);
    if !args.json {
        println!(
            "{:<34} {:>12} {:>12} {:>12}  result",
            "check", "expected", "measured", "tolerance"
        );
    }
    for experiment in experiments {
        let checks = match (experiment.run)() {
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
        println!(
            "{:<34} {:>12.6} {:>12.6} {:>12.6}  {}",
            check.name,
            check.expected,
            check.measured,
            check.tolerance,
            if check.pass { "pass" } else { "FAIL" }
        );
    }
}
