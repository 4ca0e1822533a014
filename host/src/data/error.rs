//! The error type for loading a data set.

use std::fmt;
use std::path::PathBuf;

/// An error found while reading or parsing a data file.
///
/// Every variant names the file. Variants about one value also name its line
/// and column, both counted from 1 as editors count them, and the text found
/// there. `Display` writes them in the `file:line:column: message` form that
/// compilers use, so editors can jump to the spot.
#[derive(Debug)]
#[non_exhaustive]
pub enum DataError {
    /// The file could not be opened or read, or its gzip stream is corrupt.
    Read {
        /// The file.
        path: PathBuf,
        /// The error from the operating system or the decompressor.
        source: std::io::Error,
    },
    /// The file is not valid UTF-8 text.
    NotText {
        /// The file.
        path: PathBuf,
    },
    /// The file has no data rows: it is empty, blank, or has only a header.
    NoRows {
        /// The file.
        path: PathBuf,
    },
    /// The file has a single data row, which the standard split puts in
    /// the test set, so nothing is left to train on.
    NoTrainingRows {
        /// The file.
        path: PathBuf,
    },
    /// A row has fewer than two columns, so it cannot hold a feature and a
    /// label.
    TooFewColumns {
        /// The file.
        path: PathBuf,
        /// The row's line.
        line: usize,
        /// The number of columns found.
        found: usize,
    },
    /// A row has a different number of columns from the first row.
    ColumnCount {
        /// The file.
        path: PathBuf,
        /// The row's line.
        line: usize,
        /// The number of columns of the first row (or of the header).
        expected: usize,
        /// The number of columns found on this line.
        found: usize,
        /// The line that set `expected`.
        first_line: usize,
    },
    /// A feature is not a decimal number.
    InvalidNumber {
        /// The file.
        path: PathBuf,
        /// The value's line.
        line: usize,
        /// The value's column.
        column: usize,
        /// The text found.
        text: String,
    },
    /// A feature is NaN, infinite, or too large for an `f32`.
    NonFinite {
        /// The file.
        path: PathBuf,
        /// The value's line.
        line: usize,
        /// The value's column.
        column: usize,
        /// The text found.
        text: String,
    },
    /// A label is not a class number: a non-negative integer up to
    /// [`MAX_CLASS`](crate::data::MAX_CLASS).
    InvalidLabel {
        /// The file.
        path: PathBuf,
        /// The label's line.
        line: usize,
        /// The label's column, which is the last one.
        column: usize,
        /// The text found.
        text: String,
    },
    /// A feature is finite in the file but overflows `f32` once standardised
    /// with the training set's mean and standard deviation, because the
    /// feature barely varies in the training rows.
    ScaledOverflow {
        /// The file.
        path: PathBuf,
        /// The value's line.
        line: usize,
        /// The value's column.
        column: usize,
    },
    /// A built-in data set does not have the shape it is documented to have.
    Shape {
        /// The data set's name.
        name: &'static str,
        /// The expected and the found shape.
        detail: String,
    },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Read { path, source } => {
                write!(f, "{}: cannot read the data file: {source}", path.display())
            }
            DataError::NotText { path } => write!(
                f,
                "{}: the data file is not UTF-8 text; expected comma-separated numbers",
                path.display()
            ),
            DataError::ScaledOverflow { path, line, column } => write!(
                f,
                "{}:{line}:{column}: the value overflows f32 after standardising with the \
                 training rows' mean and standard deviation, which are tiny for this column; \
                 rescale or drop the column",
                path.display()
            ),
            DataError::NoRows { path } => write!(
                f,
                "{}: the data file has no data rows; expected comma-separated numbers \
                 with the class label in the last column",
                path.display()
            ),
            DataError::NoTrainingRows { path } => write!(
                f,
                "{}: the data file has one data row, which the split puts in the test set; \
                 at least 2 rows are needed",
                path.display()
            ),
            DataError::TooFewColumns { path, line, found } => write!(
                f,
                "{}:{line}: found {found} column(s), but a row needs at least one feature \
                 column and a label column",
                path.display()
            ),
            DataError::ColumnCount {
                path,
                line,
                expected,
                found,
                first_line,
            } => write!(
                f,
                "{}:{line}: found {found} columns, but line {first_line} has {expected}; \
                 every row must have the same number of columns",
                path.display()
            ),
            DataError::InvalidNumber {
                path,
                line,
                column,
                text,
            } => write!(
                f,
                "{}:{line}:{column}: invalid number {text:?}: expected a decimal number \
                 such as 0.5 or -1e-3",
                path.display()
            ),
            DataError::NonFinite {
                path,
                line,
                column,
                text,
            } => write!(
                f,
                "{}:{line}:{column}: value {text:?} is not finite in f32: features must \
                 be finite numbers of magnitude below 3.4e38",
                path.display()
            ),
            DataError::InvalidLabel {
                path,
                line,
                column,
                text,
            } => write!(
                f,
                "{}:{line}:{column}: invalid class label {text:?}: the last column must be \
                 an integer class from 0 to {}",
                path.display(),
                crate::data::MAX_CLASS
            ),
            DataError::Shape { name, detail } => {
                write!(f, "built-in data set {name} has the wrong shape: {detail}")
            }
        }
    }
}

// `source()` stays `None`: the message already includes the I/O error, and
// reporters that walk the chain would print it twice.
impl std::error::Error for DataError {}
