//! Project tasks that need more than cargo: `cargo xtask demo`, `test`,
//! `size` and `bench`. Run `cargo xtask help` for the options.

mod bench;
mod bench_host;
mod bench_report;
mod bench_target;
mod cmd;
mod firmware;
mod install;
mod logcheck;
mod qemu;
mod size;
mod snapshot;
mod steps;

use std::process::ExitCode;

use crate::firmware::Board;

/// Default time limit for one QEMU run of the firmware, in seconds. The run
/// itself takes about 3 s on QEMU 7.2; the margin covers a slow or busy machine.
const DEFAULT_TIMEOUT_SECONDS: u64 = 120;

const USAGE: &str = "\
Usage: cargo xtask <COMMAND> [OPTIONS]

Commands:
  demo    Install what is missing, build the QEMU firmware and run it, showing the decoded log
  test    Run every check: formatting, clippy, host tests, Cortex-M builds and the QEMU run
  size    Build a release firmware and print its section sizes
  bless   Run the QEMU firmware and record its decoded log as firmware/expected.log
  bench   Run the host and Cortex-M4F benchmarks and write BENCHMARKS.md (about 15 minutes)
  help    Print this help

Options:
  --timeout <SECONDS>  Time limit for the QEMU run, for demo and test [default: 120]
  --board <BOARD>      Firmware to measure with size: qemu, nrf52840 or stm32f411 [default: qemu]
  --quick              For bench: measure each host benchmark for 0.5 s instead of 1.5 s
  --reuse-host-results For bench: report the criterion results of the last bench run
                       instead of running criterion again

demo and test install the thumbv7em-none-eabihf target (rustup), qemu-system-arm
(apt-get) and defmt-print (cargo install) if they are missing.";

/// Parsed command line.
struct Options {
    command: String,
    timeout_seconds: u64,
    board: Board,
    quick: bool,
    reuse_host_results: bool,
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };

    let result = match options.command.as_str() {
        "demo" => demo(options.timeout_seconds),
        "test" => {
            // The summary's `N passed, N failed` line stays the last line of output.
            return if steps::run_all(options.timeout_seconds) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
        "size" => size::run(options.board),
        "bless" => bless(options.timeout_seconds),
        "bench" => bench::run(bench::BenchOptions {
            timing: if options.quick {
                bench::QUICK_TIMING
            } else {
                bench::FULL_TIMING
            },
            quick: options.quick,
            reuse_host_results: options.reuse_host_results,
        }),
        "help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}; run `cargo xtask help`")),
    };

    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        command: String::new(),
        timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
        board: Board::Qemu,
        quick: false,
        reuse_host_results: false,
    };

    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => options.command = "help".to_string(),
            "--timeout" => {
                let value = args.next().ok_or("--timeout needs a number of seconds")?;
                options.timeout_seconds = match value.parse() {
                    Ok(seconds) if seconds > 0 => seconds,
                    _ => {
                        return Err(format!(
                            "invalid --timeout {value:?}, expected whole seconds above 0"
                        ));
                    }
                };
            }
            "--board" => {
                let value = args.next().ok_or("--board needs a board name")?;
                options.board = Board::parse(&value)?;
            }
            "--quick" => options.quick = true,
            "--reuse-host-results" => options.reuse_host_results = true,
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag:?}")),
            command if options.command.is_empty() => options.command = command.to_string(),
            extra => return Err(format!("unexpected argument {extra:?}")),
        }
    }

    if options.command.is_empty() {
        return Err("no command given".to_string());
    }
    Ok(options)
}

/// Installs what is missing, builds the QEMU firmware in release and runs it.
fn demo(timeout_seconds: u64) -> Result<(), String> {
    install::ensure_firmware_tools()?;
    let elf = firmware::build(Board::Qemu)?;
    qemu::run(&elf, timeout_seconds)?;
    println!("xtask: the firmware run passed");
    Ok(())
}

/// Runs the QEMU firmware and records its decoded log as the snapshot that
/// `cargo xtask test` and the host replay test compare against.
fn bless(timeout_seconds: u64) -> Result<(), String> {
    install::ensure_firmware_tools()?;
    let elf = firmware::build(Board::Qemu)?;
    let lines = qemu::run(&elf, timeout_seconds)?;
    snapshot::write(&lines)
}
