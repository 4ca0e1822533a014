//! Parsing of comma-separated numeric tables with the class label last.
//!
//! The format is deliberately small: one row per line, fields separated by
//! commas, surrounding spaces ignored, no quoting. Blank lines are skipped.
//! A UTF-8 byte order mark is ignored, and lines may end in LF, CRLF or a
//! lone CR. The first non-blank line is a header, and is skipped, when most
//! of its fields are not numbers. A header must still have as many columns
//! as the data rows. So a typo in one number of the first data line, or a
//! missing or extra column there, is reported rather than silently dropped
//! as a header.

use std::io::Read;
use std::path::Path;

use flate2::read::MultiGzDecoder;

use super::{DataError, MAX_CLASS};

/// One data row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The row's line in the file, counted from 1.
    pub line: usize,
    /// Every column but the last.
    pub features: Vec<f32>,
    /// The last column.
    pub class: usize,
}

/// The data rows of a file, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The data rows; never empty.
    pub rows: Vec<Row>,
    /// The number of feature columns, which is the column count less one.
    pub features: usize,
    /// The header's line, if the file has one.
    pub header_line: Option<usize>,
}

/// Reads a whole file as text, decompressing it first if its name ends in
/// `.gz`.
pub fn read_text(path: &Path) -> Result<String, DataError> {
    let read_error = |source| DataError::Read {
        path: path.to_owned(),
        source,
    };
    let raw = std::fs::read(path).map_err(read_error)?;
    let bytes = if path.extension().is_some_and(|ext| ext == "gz") {
        let mut unpacked = Vec::new();
        MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut unpacked)
            .map_err(read_error)?;
        unpacked
    } else {
        raw
    };
    String::from_utf8(bytes).map_err(|_| DataError::NotText {
        path: path.to_owned(),
    })
}

/// Parses the text of a table. `path` appears only in error messages.
pub fn parse(path: &Path, text: &str) -> Result<Table, DataError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Old Mac files end lines with a lone CR, so `lines` would see one line.
    let separator = if text.contains('\n') { '\n' } else { '\r' };
    let mut lines = text
        .split(separator)
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty())
        .peekable();

    let mut header_line = None;
    // The column count every row must match, and the line that set it.
    let mut shape: Option<(usize, usize)> = None;
    if let Some(&(line, first)) = lines.peek() {
        let fields: Vec<&str> = first.split(',').map(str::trim).collect();
        let non_numeric = fields
            .iter()
            .filter(|field| field.parse::<f64>().is_err())
            .count();
        if 2 * non_numeric > fields.len() {
            check_width(path, line, fields.len())?;
            header_line = Some(line);
            shape = Some((fields.len(), line));
            lines.next();
        }
    }

    let mut rows = Vec::new();
    for (line, text) in lines {
        let fields: Vec<&str> = text.split(',').map(str::trim).collect();
        match shape {
            None => {
                check_width(path, line, fields.len())?;
                shape = Some((fields.len(), line));
            }
            Some((expected, first_line)) if fields.len() != expected => {
                return Err(DataError::ColumnCount {
                    path: path.to_owned(),
                    line,
                    expected,
                    found: fields.len(),
                    first_line,
                });
            }
            Some(_) => {}
        }
        rows.push(parse_row(path, line, &fields)?);
    }

    match shape {
        Some((columns, _)) if !rows.is_empty() => Ok(Table {
            rows,
            features: columns - 1,
            header_line,
        }),
        _ => Err(DataError::NoRows {
            path: path.to_owned(),
        }),
    }
}

fn check_width(path: &Path, line: usize, found: usize) -> Result<(), DataError> {
    if found < 2 {
        return Err(DataError::TooFewColumns {
            path: path.to_owned(),
            line,
            found,
        });
    }
    Ok(())
}

fn parse_row(path: &Path, line: usize, fields: &[&str]) -> Result<Row, DataError> {
    let (label, feature_fields) = fields.split_last().expect("rows have at least two columns");
    let mut features = Vec::with_capacity(feature_fields.len());
    for (index, text) in feature_fields.iter().enumerate() {
        features.push(parse_feature(path, line, index + 1, text)?);
    }
    let class = parse_label(label).ok_or_else(|| DataError::InvalidLabel {
        path: path.to_owned(),
        line,
        column: fields.len(),
        text: (*label).to_owned(),
    })?;
    Ok(Row {
        line,
        features,
        class,
    })
}

fn parse_feature(path: &Path, line: usize, column: usize, text: &str) -> Result<f32, DataError> {
    let value: f64 = text.parse().map_err(|_| DataError::InvalidNumber {
        path: path.to_owned(),
        line,
        column,
        text: text.to_owned(),
    })?;
    // Rust's parser accepts "NaN", "inf" and "1e999"; the kernel rejects
    // non-finite inputs, so they are rejected here with their position.
    let narrowed = value as f32;
    if !narrowed.is_finite() {
        return Err(DataError::NonFinite {
            path: path.to_owned(),
            line,
            column,
            text: text.to_owned(),
        });
    }
    Ok(narrowed)
}

/// Parses a class label: a non-negative integer, also when written with a
/// zero fraction as some exporters do ("3.0").
fn parse_label(text: &str) -> Option<usize> {
    let class = match text.parse::<u64>() {
        Ok(class) => class,
        Err(_) => {
            let value: f64 = text.parse().ok()?;
            if !(value >= 0.0 && value.fract() == 0.0 && value <= MAX_CLASS as f64) {
                return None;
            }
            value as u64
        }
    };
    usize::try_from(class)
        .ok()
        .filter(|&class| class <= MAX_CLASS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Table, DataError> {
        parse(Path::new("test.csv"), text)
    }

    #[test]
    fn byte_order_mark_ignored() {
        let table = parse_str("\u{feff}1,2,0\n3,4,1\n").unwrap();
        assert_eq!(table.header_line, None, "a BOM made line 1 a header");
        assert_eq!(table.rows.len(), 2, "rows: {:?}", table.rows);
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let table = parse_str("1,2,0\r3,4,1\r5,6,0\r").unwrap();
        assert_eq!(table.rows.len(), 3, "rows: {:?}", table.rows);
        assert_eq!(table.rows[2].line, 3);
    }

    #[test]
    fn typo_on_first_line_is_reported() {
        let result = parse_str("1,2x,0\n3,4,1\n");
        let message = result
            .expect_err("a typo on line 1 was taken as a header")
            .to_string();
        assert!(
            message.contains("2x"),
            "error {message:?} does not name the field \"2x\""
        );
    }

    #[test]
    fn scikit_learn_header_is_skipped() {
        let table = parse_str("150,4,setosa,versicolor,virginica\n1,2,3,4,0\n").unwrap();
        assert_eq!(table.header_line, Some(1));
        assert_eq!(table.rows.len(), 1);
    }

    #[test]
    fn header_is_detected_and_skipped() {
        let table = parse_str("a,b,label\n1,2,0\n3,4,1\n").unwrap();
        assert_eq!(table.header_line, Some(1));
        assert_eq!(table.features, 2);
        assert_eq!(table.rows.len(), 2, "rows: {:?}", table.rows);
        assert_eq!(
            table.rows[0],
            Row {
                line: 2,
                features: vec![1.0, 2.0],
                class: 0
            }
        );
    }

    #[test]
    fn numeric_first_line_is_data() {
        let table = parse_str("1,2,0\n3,4,1").unwrap();
        assert_eq!(table.header_line, None);
        assert_eq!(table.rows.len(), 2);
    }

    #[test]
    fn blank_lines_and_spaces_are_ignored() {
        let table = parse_str("\n 1 , 2 ,0\r\n\n3,4, 1 \n\n").unwrap();
        assert_eq!(
            table.rows[1],
            Row {
                line: 4,
                features: vec![3.0, 4.0],
                class: 1
            }
        );
    }

    #[test]
    fn labels_accept_integral_floats() {
        assert_eq!(parse_label("3"), Some(3));
        assert_eq!(parse_label("3.0"), Some(3));
        assert_eq!(parse_label("1.5"), None);
        assert_eq!(parse_label("-1"), None);
        assert_eq!(parse_label("nan"), None);
        assert_eq!(parse_label("inf"), None);
        assert_eq!(parse_label(&(MAX_CLASS + 1).to_string()), None);
    }

    #[test]
    fn header_with_wrong_width_is_reported() {
        let error = parse_str("a,b\n1,2,0\n").unwrap_err();
        assert!(
            matches!(
                error,
                DataError::ColumnCount {
                    line: 2,
                    expected: 2,
                    found: 3,
                    first_line: 1,
                    ..
                }
            ),
            "got {error:?}"
        );
    }

    #[test]
    fn single_column_is_rejected() {
        let error = parse_str("1\n2\n").unwrap_err();
        assert!(
            matches!(
                error,
                DataError::TooFewColumns {
                    line: 1,
                    found: 1,
                    ..
                }
            ),
            "got {error:?}"
        );
    }

    #[test]
    fn header_only_has_no_rows() {
        let error = parse_str("x,label\n").unwrap_err();
        assert!(matches!(error, DataError::NoRows { .. }), "got {error:?}");
    }
}
