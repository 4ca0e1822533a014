//! Runs the QEMU firmware and decodes its defmt log.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use crate::cmd::{Cmd, announce, describe};

/// Exit code of coreutils `timeout` when the time limit was reached.
const TIMED_OUT: i32 = 124;

/// Runs `elf` on QEMU `mps2-an386` under `timeout`, pipes QEMU's output
/// (the defmt stream that the firmware writes through semihosting) into
/// `defmt-print -e ELF`, and prints the decoded log as it arrives.
///
/// Returns the decoded lines if QEMU exits with status 0, which the firmware
/// requests only after a successful run.
pub fn run(elf: &Path, timeout_seconds: u64) -> Result<Vec<String>, String> {
    let elf = elf.display().to_string();
    let qemu = Cmd::new("timeout").args([
        "--kill-after=5",
        &timeout_seconds.to_string(),
        "qemu-system-arm",
        "-machine",
        "mps2-an386",
        "-cpu",
        "cortex-m4",
        "-nographic",
        "-semihosting-config",
        "enable=on,target=native",
        "-kernel",
        &elf,
    ]);
    let decoder = Cmd::new("defmt-print").args(["-e", &elf]);
    announce(&format!("{} | {}", qemu.display(), decoder.display()));

    let mut qemu_child = qemu
        .command()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|error| qemu.spawn_error(&error))?;
    let stream = qemu_child
        .stdout
        .take()
        .expect("QEMU's stdout was requested as a pipe");
    let mut decoder_child = match decoder
        .command()
        .stdin(stream)
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => {
            // Without a reader QEMU would block on a full pipe until the timeout.
            let _ = qemu_child.kill();
            let _ = qemu_child.wait();
            return Err(decoder.spawn_error(&error));
        }
    };

    let mut lines = Vec::new();
    let output = decoder_child
        .stdout
        .take()
        .expect("defmt-print's stdout was requested as a pipe");
    for line in BufReader::new(output).lines() {
        match line {
            Ok(line) => {
                println!("{line}");
                lines.push(line);
            }
            Err(error) => {
                println!("xtask: reading defmt-print's output failed: {error}");
                break;
            }
        }
    }

    let decoder_status = decoder_child
        .wait()
        .map_err(|error| format!("waiting for defmt-print failed: {error}"))?;
    let qemu_status = qemu_child
        .wait()
        .map_err(|error| format!("waiting for QEMU failed: {error}"))?;

    match qemu_status.code() {
        Some(0) => {}
        Some(TIMED_OUT) => {
            return Err(format!(
                "QEMU timed out after {timeout_seconds} s; the firmware never requested an exit"
            ));
        }
        Some(1) => {
            return Err(
                "the firmware reported failure (QEMU exit code 1); see the log above".to_string(),
            );
        }
        _ => return Err(format!("QEMU failed ({})", describe(qemu_status))),
    }
    if !decoder_status.success() {
        return Err(format!("defmt-print failed ({})", describe(decoder_status)));
    }
    Ok(lines)
}
