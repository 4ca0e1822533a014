//! The committed snapshot of the QEMU firmware's decoded log,
//! `firmware/expected.log`.
//!
//! The firmware's run is deterministic, so every line of its log, weights
//! checksum included, must match the snapshot. The host test
//! `tests/tests/firmware_replay.rs` replays the same run on the host and
//! checks it against the same file, so together they show that the kernel
//! computes bit-identical weights on x86-64 and on the Cortex-M4F.

use std::path::PathBuf;

use crate::firmware;
use crate::logcheck::strip_ansi;

fn path() -> PathBuf {
    firmware::firmware_dir().join("expected.log")
}

fn normalize(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .map(|line| strip_ansi(line).trim_end().to_string())
        .filter(|line| !line.is_empty())
        .collect()
}

/// Checks the decoded log against the snapshot, and names the first line
/// that differs.
pub fn compare(lines: &[String]) -> Result<(), String> {
    let path = path();
    let text = std::fs::read_to_string(&path).map_err(|error| {
        format!(
            "reading {} failed: {error}; run `cargo xtask bless` to record it",
            path.display()
        )
    })?;
    let expected: Vec<String> = text.lines().map(str::to_string).collect();
    let actual = normalize(lines);
    if actual == expected {
        return Ok(());
    }

    let line = actual
        .iter()
        .zip(&expected)
        .position(|(a, e)| a != e)
        .unwrap_or(actual.len().min(expected.len()));
    let show = |lines: &[String]| {
        lines
            .get(line)
            .cloned()
            .unwrap_or_else(|| "(end of log)".to_string())
    };
    Err(format!(
        "the firmware log differs from {} at line {}: got {:?}, expected {:?}; \
         if the kernel's arithmetic changed on purpose, run `cargo xtask bless` and commit the file",
        path.display(),
        line + 1,
        show(&actual),
        show(&expected)
    ))
}

/// Writes the decoded log as the new snapshot.
pub fn write(lines: &[String]) -> Result<(), String> {
    let path = path();
    let mut text = normalize(lines).join("\n");
    text.push('\n');
    std::fs::write(&path, text)
        .map_err(|error| format!("writing {} failed: {error}", path.display()))?;
    println!("xtask: wrote {}", path.display());
    Ok(())
}
