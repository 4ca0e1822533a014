//! Reading binary patterns from a CSV file.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::data::{DataError, csv::read_text};

/// The reasons a pattern file cannot be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum PatternFileError {
    /// The file cannot be read, is not UTF-8, or is not valid gzip.
    Read(DataError),
    /// A field is not one of `-1`, `0`, `1` or `+1`.
    InvalidValue {
        /// The file.
        path: PathBuf,
        /// Line of the field, counted from 1.
        line: usize,
        /// The field as written.
        field: String,
    },
    /// The file mixes `-1` and `0`, so it is unclear which of them is the
    /// negative state.
    MixedEncodings {
        /// The file.
        path: PathBuf,
        /// The first line that contains the second encoding.
        line: usize,
    },
    /// A line contains a semicolon or a tab, so the file is probably
    /// separated by something other than commas.
    Separator {
        /// The file.
        path: PathBuf,
        /// The line, counted from 1.
        line: usize,
        /// The separator found, `;` or a tab.
        separator: char,
    },
    /// A pattern has a different number of units from the first pattern.
    UnequalWidths {
        /// The file.
        path: PathBuf,
        /// The pattern's line, counted from 1.
        line: usize,
        /// The pattern's number of units.
        width: usize,
        /// The line of the first pattern.
        first_line: usize,
        /// The first pattern's number of units.
        first_width: usize,
    },
    /// The file has no data rows.
    Empty {
        /// The file.
        path: PathBuf,
    },
}

impl fmt::Display for PatternFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternFileError::Read(error) => error.fmt(f),
            PatternFileError::InvalidValue { path, line, field } => write!(
                f,
                "{}:{line}: invalid pattern value {field:?}: use -1 and 1, or 0 and 1",
                path.display()
            ),
            PatternFileError::MixedEncodings { path, line } => write!(
                f,
                "{}:{line}: the file mixes -1 and 0 values: use -1 and 1, or 0 and 1, throughout",
                path.display()
            ),
            PatternFileError::Separator {
                path,
                line,
                separator,
            } => write!(
                f,
                "{}:{line}: found the separator {separator:?}, but pattern values must be separated by commas",
                path.display()
            ),
            PatternFileError::UnequalWidths {
                path,
                line,
                width,
                first_line,
                first_width,
            } => write!(
                f,
                "{}:{line}: found {width} units, but the first pattern, on line {first_line}, has \
                 {first_width}. Every pattern needs the same number of units",
                path.display()
            ),
            PatternFileError::Empty { path } => {
                write!(f, "{}: no pattern rows found", path.display())
            }
        }
    }
}

// `source()` stays `None`: `Read` shows the data error's message, which
// already includes the I/O error, and reporters that walk the chain would
// print it twice.
impl std::error::Error for PatternFileError {}

/// Reads one pattern per line from a CSV file (gzip-compressed if the name
/// ends in `.gz`): comma-separated `-1`/`1` or `0`/`1` values, `1` meaning
/// `+1`. Blank lines are skipped, and a first line with a field that is not a
/// number is skipped as a header.
///
/// # Errors
///
/// [`PatternFileError`] if the file cannot be read, a line contains a
/// semicolon or a tab, a field contains another value, the file mixes `-1`
/// with `0`, rows differ in length, or there are no rows.
pub fn read_patterns(path: &Path) -> Result<Vec<Vec<bool>>, PatternFileError> {
    let text = read_text(path).map_err(PatternFileError::Read)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut patterns = Vec::new();
    // The encoding seen so far: Some(true) for -1/1, Some(false) for 0/1.
    let mut bipolar: Option<bool> = None;
    let mut first = true;
    // The line and width of the first pattern.
    let mut first_pattern: Option<(usize, usize)> = None;
    for (index, line) in text.lines().enumerate() {
        let line_number = index + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        // Checked before the header test, which would otherwise skip a first
        // line such as `1;-1;1` as a header.
        if let Some(separator) = line.chars().find(|&c| c == ';' || c == '\t') {
            return Err(PatternFileError::Separator {
                path: path.to_owned(),
                line: line_number,
                separator,
            });
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let is_header = first && fields.iter().any(|field| field.parse::<f64>().is_err());
        first = false;
        if is_header {
            continue;
        }
        let mut pattern = Vec::with_capacity(fields.len());
        for field in fields {
            let (positive, encoding) = match field {
                "1" | "+1" => (true, None),
                "-1" => (false, Some(true)),
                "0" => (false, Some(false)),
                _ => {
                    return Err(PatternFileError::InvalidValue {
                        path: path.to_owned(),
                        line: line_number,
                        field: field.to_owned(),
                    });
                }
            };
            if let Some(encoding) = encoding {
                if bipolar.is_some_and(|seen| seen != encoding) {
                    return Err(PatternFileError::MixedEncodings {
                        path: path.to_owned(),
                        line: line_number,
                    });
                }
                bipolar = Some(encoding);
            }
            pattern.push(positive);
        }
        match first_pattern {
            None => first_pattern = Some((line_number, pattern.len())),
            Some((first_line, first_width)) if pattern.len() != first_width => {
                return Err(PatternFileError::UnequalWidths {
                    path: path.to_owned(),
                    line: line_number,
                    width: pattern.len(),
                    first_line,
                    first_width,
                });
            }
            Some(_) => {}
        }
        patterns.push(pattern);
    }
    if patterns.is_empty() {
        return Err(PatternFileError::Empty {
            path: path.to_owned(),
        });
    }
    Ok(patterns)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_temporary(name: &str, text: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!("shinkei-{}-{name}", std::process::id()));
        std::fs::write(&path, text).expect("temporary file is writable");
        path
    }

    #[test]
    fn reads_both_encodings() {
        let path = write_temporary("bipolar.csv", "a,b,c\n1,-1,+1\n\n-1,-1,1\n");
        let patterns = read_patterns(&path).expect("valid file");
        assert_eq!(
            patterns,
            [vec![true, false, true], vec![false, false, true]]
        );
        let path = write_temporary("binary.csv", "0,1\r\n1,0\r\n");
        let patterns = read_patterns(&path).expect("valid file");
        assert_eq!(patterns, [vec![false, true], vec![true, false]]);
    }

    #[test]
    fn rejects_mixed_encodings() {
        let path = write_temporary("mixed.csv", "1,-1\n0,1\n");
        let error = read_patterns(&path).expect_err("mixed file");
        assert!(
            matches!(error, PatternFileError::MixedEncodings { line: 2, .. }),
            "{error:?}"
        );
    }

    #[test]
    fn rejects_other_values() {
        let path = write_temporary("values.csv", "1,0\n1,0.5\n");
        let error = read_patterns(&path).expect_err("file with 0.5");
        let message = error.to_string();
        assert!(
            message.contains(":2:") && message.contains("\"0.5\""),
            "{message}"
        );
    }

    #[test]
    fn rejects_other_separators() {
        let cases = [
            ("semicolon.csv", "1;-1;1\n-1;1;1\n", ';'),
            ("tab.csv", "1,-1,1\n-1\t1\t1\n", '\t'),
        ];
        for (name, text, separator) in cases {
            let path = write_temporary(name, text);
            let error = read_patterns(&path).expect_err("file with another separator");
            let message = error.to_string();
            assert!(
                message.contains(&format!("{separator:?}")) && message.contains("commas"),
                "{text:?}: message {message:?}, expected one naming {separator:?} and commas"
            );
            let expected_line = if separator == ';' { 1 } else { 2 };
            assert!(
                matches!(error, PatternFileError::Separator { line, .. } if line == expected_line),
                "{text:?}: {error:?}, expected a separator error on line {expected_line}"
            );
        }
    }

    #[test]
    fn rejects_unequal_widths() {
        let path = write_temporary("widths.csv", "a,b,c\n1,0,1\n\n1,0\n");
        let error = read_patterns(&path).expect_err("rows of 3 and 2 values");
        let message = error.to_string();
        assert!(
            message.contains(":4: found 2 units") && message.contains("line 2, has 3"),
            "rows of 3 (line 2) and 2 (line 4) values: message {message:?}"
        );
    }
}
