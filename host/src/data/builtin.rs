//! The data sets shipped in the repository's `data/` folder, built into the
//! binary so that it runs from any directory.
//!
//! Sources, licences and checksums are in `data/README.md`.

use std::io::Read;
use std::path::Path;

use flate2::read::GzDecoder;

use super::csv::{self, Table};
use super::split::{Standardizer, split};
use super::{DataError, Dataset, Sample};

const DIGITS_GZ: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../data/digits.csv.gz"
));
const IRIS_CSV: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/iris.csv"));

/// Pixel values of digits run from 0 to 16; dividing by this maps them to
/// [0, 1], the scaling used for the scikit-learn figures in `data/README.md`.
const DIGITS_PIXEL_MAX: f32 = 16.0;

/// Loads the 8×8 handwritten digits: 1797 rows of 64 pixels and a label
/// 0..=9, pixels scaled to [0, 1], split 1437 train / 360 test.
pub fn digits() -> Result<Dataset, DataError> {
    let path = Path::new("data/digits.csv.gz");
    let mut text = String::new();
    GzDecoder::new(DIGITS_GZ)
        .read_to_string(&mut text)
        .map_err(|source| DataError::Read {
            path: path.to_owned(),
            source,
        })?;
    let table = csv::parse(path, &text)?;
    check_shape("digits", &table, 1797, 64, 10)?;

    let samples = table.rows.into_iter().map(|row| Sample {
        features: row
            .features
            .iter()
            .map(|pixel| pixel / DIGITS_PIXEL_MAX)
            .collect(),
        class: row.class,
    });
    let (train, test) = split(samples);
    Ok(Dataset {
        name: "digits".to_owned(),
        features: 64,
        classes: 10,
        train,
        test,
    })
}

/// Loads Fisher's iris: 150 rows of 4 measurements and a label 0..=2, split
/// 120 train / 30 test, each feature standardised with the training set's
/// mean and standard deviation.
///
/// The rows are sorted by class in the file, so taking every fifth row as
/// test gives each class 10 test rows.
pub fn iris() -> Result<Dataset, DataError> {
    let table = csv::parse(Path::new("data/iris.csv"), IRIS_CSV)?;
    check_shape("iris", &table, 150, 4, 3)?;
    if table.header_line != Some(1) {
        return Err(DataError::Shape {
            name: "iris",
            detail: "expected a header on line 1".to_owned(),
        });
    }

    let samples = table.rows.into_iter().map(|row| Sample {
        features: row.features,
        class: row.class,
    });
    let (mut train, mut test) = split(samples);
    let scaler = Standardizer::fit(&train);
    train
        .iter_mut()
        .chain(test.iter_mut())
        .for_each(|sample| scaler.apply(sample));
    Ok(Dataset {
        name: "iris".to_owned(),
        features: 4,
        classes: 3,
        train,
        test,
    })
}

fn check_shape(
    name: &'static str,
    table: &Table,
    rows: usize,
    features: usize,
    classes: usize,
) -> Result<(), DataError> {
    let found_classes = table
        .rows
        .iter()
        .map(|row| row.class)
        .max()
        .map_or(0, |max| max + 1);
    if table.rows.len() != rows || table.features != features || found_classes != classes {
        return Err(DataError::Shape {
            name,
            detail: format!(
                "expected {rows} rows, {features} features and {classes} classes, found {}, {} and {}",
                table.rows.len(),
                table.features,
                found_classes
            ),
        });
    }
    Ok(())
}
