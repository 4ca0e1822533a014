//! Data sets: the built-in digits and iris, and user CSV files.
//!
//! Every data set is split by the same rule, [`split::is_test_row`]: data
//! row `i` (0-based, file order, header not counted) is a test row when
//! `i % 5 == 0`, and a training row otherwise.

mod builtin;
pub mod csv;
mod error;
pub mod split;

use std::fmt;
use std::path::{Path, PathBuf};

pub use builtin::{digits, iris};
pub use error::DataError;

use split::Standardizer;

/// The largest class label a file may contain. Larger values are almost
/// surely a wrong column rather than a class.
pub const MAX_CLASS: usize = 65_535;

/// One labelled example.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Input features, already scaled as the data set prescribes.
    pub features: Vec<f32>,
    /// Class label, below [`Dataset::classes`].
    pub class: usize,
}

/// A labelled data set split into training and test samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Name shown in reports: `digits`, `iris` or the file path.
    pub name: String,
    /// Number of features of every sample.
    pub features: usize,
    /// Number of classes: one more than the largest label in the file.
    pub classes: usize,
    /// Training samples, in file order.
    pub train: Vec<Sample>,
    /// Test samples, in file order; never empty.
    pub test: Vec<Sample>,
}

/// The origin of a data set: built in, or a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The built-in handwritten digits.
    Digits,
    /// The built-in iris measurements.
    Iris,
    /// A CSV file, gzip-compressed if its name ends in `.gz`.
    Csv(PathBuf),
}

impl Source {
    /// Reads a command-line name: `digits` and `iris` name the built-in sets,
    /// anything else is a path. A file called `digits` is reached as
    /// `./digits`.
    pub fn from_name(name: &str) -> Self {
        match name {
            "digits" => Source::Digits,
            "iris" => Source::Iris,
            path => Source::Csv(PathBuf::from(path)),
        }
    }

    /// Loads the data set.
    pub fn load(&self) -> Result<Dataset, DataError> {
        match self {
            Source::Digits => digits(),
            Source::Iris => iris(),
            Source::Csv(path) => load_csv(path),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Digits => f.write_str("digits"),
            Source::Iris => f.write_str("iris"),
            Source::Csv(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Loads a CSV file of features with an integer class label in the last
/// column (format in [`csv`]), splits it by the standard rule, and
/// standardises each feature with the training set's mean and standard
/// deviation.
pub fn load_csv(path: &Path) -> Result<Dataset, DataError> {
    let text = csv::read_text(path)?;
    let table = csv::parse(path, &text)?;
    if table.rows.len() < 2 {
        return Err(DataError::NoTrainingRows {
            path: path.to_owned(),
        });
    }
    let classes = table
        .rows
        .iter()
        .map(|row| row.class)
        .max()
        .map_or(0, |max| max + 1);

    let (train_lines, test_lines) = split::split(table.rows.iter().map(|row| row.line));
    let samples = table.rows.into_iter().map(|row| Sample {
        features: row.features,
        class: row.class,
    });
    let (mut train, mut test) = split::split(samples);
    let scaler = Standardizer::fit(&train);
    let rows = train
        .iter_mut()
        .zip(train_lines)
        .chain(test.iter_mut().zip(test_lines));
    for (sample, line) in rows {
        scaler.apply(sample);
        if let Some(index) = sample.features.iter().position(|x| !x.is_finite()) {
            return Err(DataError::ScaledOverflow {
                path: path.to_owned(),
                line,
                column: index + 1,
            });
        }
    }
    Ok(Dataset {
        name: path.display().to_string(),
        features: table.features,
        classes,
        train,
        test,
    })
}
