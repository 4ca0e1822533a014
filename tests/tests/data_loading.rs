//! Loading of the built-in data sets and of user CSV files, good and bad.

use std::io::Write;
use std::path::PathBuf;

use flate2::Compression;
use flate2::write::GzEncoder;
use shinkei_host::data::{self, DataError, Dataset, Source};

/// Writes `contents` to a fresh file named `name` in this test target's
/// scratch directory and returns its path.
fn write_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, contents)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    path
}

/// Loads `contents` as a CSV file and returns the error message, failing if
/// it loads.
fn load_error(name: &str, contents: &[u8]) -> (DataError, String) {
    let path = write_file(name, contents);
    match data::load_csv(&path) {
        Ok(dataset) => panic!("{name} loaded, expected an error: {dataset:?}"),
        Err(error) => {
            let message = error.to_string();
            (error, message)
        }
    }
}

fn assert_mentions(message: &str, parts: &[&str]) {
    for part in parts {
        assert!(
            message.contains(part),
            "message {message:?} does not mention {part:?}"
        );
    }
}

#[test]
fn digits_has_standard_split() {
    let digits = data::digits().expect("built-in digits load");
    assert_eq!(
        (digits.train.len(), digits.test.len()),
        (1437, 360),
        "train and test sizes"
    );
    assert_eq!(
        (digits.features, digits.classes),
        (64, 10),
        "features and classes"
    );

    // Row 0 of the file is the first test sample: a 0 whose first pixels are
    // 0, 0, 5, 13 (of 16).
    let first = &digits.test[0];
    assert_eq!(first.class, 0, "class of row 0");
    assert_eq!(
        &first.features[..4],
        &[0.0, 0.0, 5.0 / 16.0, 13.0 / 16.0],
        "first pixels of row 0"
    );

    let all = digits.train.iter().chain(&digits.test);
    for (index, sample) in all.enumerate() {
        assert!(
            sample.features.iter().all(|p| (0.0..=1.0).contains(p)),
            "sample {index} has a pixel outside [0, 1]: {:?}",
            sample.features
        );
    }
}

#[test]
fn iris_is_standardised_on_train() {
    let iris = data::iris().expect("built-in iris loads");
    assert_eq!(
        (iris.train.len(), iris.test.len()),
        (120, 30),
        "train and test sizes"
    );
    assert_eq!(
        (iris.features, iris.classes),
        (4, 3),
        "features and classes"
    );

    for feature in 0..4 {
        let values: Vec<f64> = iris
            .train
            .iter()
            .map(|s| f64::from(s.features[feature]))
            .collect();
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / values.len() as f64;
        assert!(
            mean.abs() < 1e-6,
            "feature {feature}: training mean {mean}, expected 0"
        );
        assert!(
            (variance - 1.0).abs() < 1e-5,
            "feature {feature}: training variance {variance}, expected 1"
        );
    }
    for class in 0..3 {
        let count = iris.test.iter().filter(|s| s.class == class).count();
        assert_eq!(count, 10, "test samples of class {class}");
    }
}

#[test]
fn source_names_select_builtin_sets() {
    assert_eq!(Source::from_name("digits"), Source::Digits);
    assert_eq!(Source::from_name("iris"), Source::Iris);
    assert_eq!(
        Source::from_name("./digits"),
        Source::Csv(PathBuf::from("./digits"))
    );
}

#[test]
fn csv_with_header_loads() {
    let text = "width,height,label\n1,10,0\n2,20,1\n3,30,0\n4,40,1\n5,50,2\n6,60,1\n";
    let path = write_file("with_header.csv", text.as_bytes());
    let dataset: Dataset = data::load_csv(&path).expect("file loads");
    assert_eq!(
        (dataset.features, dataset.classes),
        (2, 3),
        "features and classes"
    );
    // Data rows 0 and 5 are test rows.
    assert_eq!(
        (dataset.train.len(), dataset.test.len()),
        (4, 2),
        "train and test sizes"
    );
    let test_classes: Vec<usize> = dataset.test.iter().map(|s| s.class).collect();
    assert_eq!(test_classes, vec![0, 1], "classes of the test rows");
    // Training rows 2..=5 have widths 2, 3, 4, 5: mean 3.5, std √1.25.
    let first = dataset.train[0].features[0];
    let expected = ((2.0 - 3.5) / 1.25f64.sqrt()) as f32;
    assert!(
        (first - expected).abs() < 1e-6,
        "standardised width {first}, expected {expected}"
    );
}

#[test]
fn csv_without_header_loads() {
    let path = write_file("no_header.csv", b"0.5,1\r\n-1e-3,0\r\n2,1\r\n");
    let dataset = data::load_csv(&path).expect("file loads");
    assert_eq!(
        (dataset.features, dataset.classes),
        (1, 2),
        "features and classes"
    );
    assert_eq!(
        (dataset.train.len(), dataset.test.len()),
        (2, 1),
        "train and test sizes"
    );
}

#[test]
fn gzip_csv_loads() {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder
        .write_all(b"1,2,0\n3,4,1\n5,6,0\n")
        .expect("gzip in memory");
    let path = write_file("packed.csv.gz", &encoder.finish().expect("gzip in memory"));
    let dataset = data::load_csv(&path).expect("file loads");
    assert_eq!(
        (dataset.train.len(), dataset.test.len()),
        (2, 1),
        "train and test sizes"
    );
}

#[test]
fn wrong_column_count_names_line() {
    let (error, message) = load_error("short_row.csv", b"1,2,0\n3,4,1\n5,1\n");
    assert!(
        matches!(
            error,
            DataError::ColumnCount {
                line: 3,
                expected: 3,
                found: 2,
                ..
            }
        ),
        "got {error:?}"
    );
    assert_mentions(
        &message,
        &["short_row.csv:3:", "found 2 columns", "line 1 has 3"],
    );
}

#[test]
fn non_numeric_value_names_column() {
    let (error, message) = load_error("word.csv", b"1,2,0\n3,abc,1\n");
    assert!(
        matches!(
            error,
            DataError::InvalidNumber {
                line: 2,
                column: 2,
                ..
            }
        ),
        "got {error:?}"
    );
    assert_mentions(&message, &["word.csv:2:2:", "invalid number \"abc\""]);
}

#[test]
fn nan_and_infinity_are_rejected() {
    for (name, text, column) in [
        ("nan.csv", "1,2,0\n3,NaN,1\n", 2),
        ("inf.csv", "1,2,0\ninf,4,1\n", 1),
        ("huge.csv", "1,2,0\n3,1e39,1\n", 2),
    ] {
        let (error, message) = load_error(name, text.as_bytes());
        assert!(
            matches!(error, DataError::NonFinite { line: 2, column: c, .. } if c == column),
            "{name}: got {error:?}"
        );
        assert_mentions(&message, &[&format!("{name}:2:{column}:"), "not finite"]);
    }
}

#[test]
fn invalid_label_is_rejected() {
    for (name, text) in [
        ("fraction.csv", "1,0\n2,1.5\n"),
        ("negative.csv", "1,0\n2,-1\n"),
    ] {
        let (error, message) = load_error(name, text.as_bytes());
        assert!(
            matches!(
                error,
                DataError::InvalidLabel {
                    line: 2,
                    column: 2,
                    ..
                }
            ),
            "{name}: got {error:?}"
        );
        assert_mentions(&message, &[&format!("{name}:2:2:"), "invalid class label"]);
    }
}

#[test]
fn empty_files_have_no_rows() {
    for (name, text) in [
        ("empty.csv", ""),
        ("blank.csv", "\n  \n"),
        ("header_only.csv", "x,label\n"),
    ] {
        let (error, message) = load_error(name, text.as_bytes());
        assert!(
            matches!(error, DataError::NoRows { .. }),
            "{name}: got {error:?}"
        );
        assert_mentions(&message, &[name, "no data rows"]);
    }
}

#[test]
fn single_row_leaves_nothing_to_train() {
    let (error, message) = load_error("one_row.csv", b"1,2,0\n");
    assert!(
        matches!(error, DataError::NoTrainingRows { .. }),
        "got {error:?}"
    );
    assert_mentions(&message, &["one_row.csv", "at least 2 rows"]);
}

#[test]
fn single_column_is_rejected() {
    let (error, message) = load_error("labels_only.csv", b"0\n1\n");
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
    assert_mentions(
        &message,
        &["labels_only.csv:1:", "at least one feature column"],
    );
}

#[test]
fn binary_file_is_not_text() {
    let (error, message) = load_error("binary.csv", &[0xff, 0xfe, 0x00, 0x31]);
    assert!(matches!(error, DataError::NotText { .. }), "got {error:?}");
    assert_mentions(&message, &["binary.csv", "not UTF-8"]);
}

#[test]
fn missing_file_names_path() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("does_not_exist.csv");
    let error = data::load_csv(&path).expect_err("a missing file must not load");
    assert!(matches!(error, DataError::Read { .. }), "got {error:?}");
    assert_mentions(&error.to_string(), &["does_not_exist.csv", "cannot read"]);
}

#[test]
fn corrupt_gzip_is_a_read_error() {
    let (error, message) = load_error("corrupt.csv.gz", b"this is not gzip");
    assert!(matches!(error, DataError::Read { .. }), "got {error:?}");
    assert_mentions(&message, &["corrupt.csv.gz", "cannot read"]);
}

#[test]
fn scaled_overflow_names_line_and_column() {
    // Column 2 is 0 in every training row but one, so its standard deviation
    // is tiny, and the test row's 1e10 overflows f32 once standardised.
    let text = b"a,b,label\n1,0,0\n1,0,1\n1,1e-30,0\n1,0,1\n1,0,0\n1,1e10,1\n1,0,0\n";
    let (error, message) = load_error("scaled_overflow.csv", text);
    assert!(
        matches!(
            error,
            DataError::ScaledOverflow {
                line: 7,
                column: 2,
                ..
            }
        ),
        "error {error:?}, expected ScaledOverflow at line 7, column 2"
    );
    assert_mentions(&message, &["scaled_overflow.csv:7:2", "rescale"]);
}
