//! Checks the decoded firmware log for the lines a successful run prints.

/// The facts that the test summary repeats from a passing log.
#[derive(Debug, PartialEq, Eq)]
pub struct LogSummary {
    /// Text after `final test accuracy: `, such as `349/360 (96.94444 %)`.
    pub final_accuracy: String,
    /// The weights checksum as the firmware printed it, such as `0x1234abcd`.
    pub checksum: String,
}

/// Checks that `lines` has an epoch line with `test accuracy` for each of
/// `epochs` epochs, the final accuracy line and the checksum line, and no
/// line at ERROR level. Returns every problem found, not only the first.
pub fn check(lines: &[String], epochs: u32) -> Result<LogSummary, Vec<String>> {
    let lines: Vec<String> = lines.iter().map(|line| strip_ansi(line)).collect();
    let mut problems = Vec::new();

    for epoch in 1..=epochs {
        let prefix = format!("epoch {epoch}: ");
        let found = lines
            .iter()
            .any(|line| line.contains(&prefix) && line.contains("test accuracy"));
        if !found {
            problems.push(format!("no line with `{prefix}... test accuracy`"));
        }
    }

    for line in lines.iter().filter(|line| line.contains("ERROR")) {
        problems.push(format!("error in the log: {}", line.trim()));
    }

    let final_accuracy = text_after(&lines, "final test accuracy: ");
    if final_accuracy.is_none() {
        problems.push("no line with `final test accuracy: `".to_string());
    }
    let checksum = text_after(&lines, "weights checksum: ");
    if checksum.is_none() {
        problems.push("no line with `weights checksum: `".to_string());
    }

    match (final_accuracy, checksum) {
        (Some(final_accuracy), Some(checksum)) if problems.is_empty() => Ok(LogSummary {
            final_accuracy,
            checksum,
        }),
        _ => Err(problems),
    }
}

/// Returns the rest of the first line that contains `marker`, after it.
fn text_after(lines: &[String], marker: &str) -> Option<String> {
    lines.iter().find_map(|line| {
        let start = line.find(marker)? + marker.len();
        Some(line[start..].trim().to_string())
    })
}

/// Removes ANSI escape sequences (`ESC [ ... letter`), so a log with coloured
/// level names checks the same as a plain one.
pub fn strip_ansi(line: &str) -> String {
    let mut plain = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for next in chars.by_ref() {
                if next.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(text: &str) -> Vec<String> {
        text.lines().map(String::from).collect()
    }

    const PASSING: &str = "\
INFO  shinkei digits: 64-32-10 tanh network
INFO  epoch 1: train loss 0.9, test accuracy 300/360 (83.3 %)
INFO  epoch 2: train loss 0.3, test accuracy 340/360 (94.4 %)
INFO  final test accuracy: 340/360 (94.4 %)
INFO  weights checksum: 0x0badcafe
";

    #[test]
    fn passing_log_accepted() {
        let summary = check(&log(PASSING), 2).expect("the passing log has every line");
        assert_eq!(summary.final_accuracy, "340/360 (94.4 %)");
        assert_eq!(summary.checksum, "0x0badcafe");
    }

    #[test]
    fn missing_epoch_rejected() {
        let problems = check(&log(PASSING), 3).unwrap_err();
        assert_eq!(problems, ["no line with `epoch 3: ... test accuracy`"]);
    }

    #[test]
    fn error_line_rejected() {
        let text = format!("{PASSING}ERROR training step failed\n");
        let problems = check(&log(&text), 2).unwrap_err();
        assert_eq!(problems, ["error in the log: ERROR training step failed"]);
    }

    #[test]
    fn missing_checksum_rejected() {
        let text = PASSING.replace("weights checksum", "weights");
        let problems = check(&log(&text), 2).unwrap_err();
        assert_eq!(problems, ["no line with `weights checksum: `"]);
    }

    #[test]
    fn colours_stripped() {
        let coloured = "\u{1b}[32mINFO \u{1b}[0m epoch 1: test accuracy";
        assert_eq!(strip_ansi(coloured), "INFO  epoch 1: test accuracy");
    }
}
