//! The standard train/test split and feature standardisation.

use super::Sample;

/// Every `TEST_EVERY`-th data row, starting with the first, is a test row.
pub const TEST_EVERY: usize = 5;

/// Returns whether the data row at 0-based `index`, counted in file order
/// without the header, belongs to the test set.
///
/// This is the standard split of every data set here: for digits it gives
/// 360 test rows and 1437 training rows, for iris 30 and 120.
// `usize::is_multiple_of` needs Rust 1.87, above the workspace's rust-version.
#[allow(clippy::manual_is_multiple_of)]
pub fn is_test_row(index: usize) -> bool {
    index % TEST_EVERY == 0
}

/// Splits rows into `(train, test)` by [`is_test_row`], keeping file order.
pub fn split<T>(rows: impl IntoIterator<Item = T>) -> (Vec<T>, Vec<T>) {
    let mut train = Vec::new();
    let mut test = Vec::new();
    for (index, row) in rows.into_iter().enumerate() {
        if is_test_row(index) {
            test.push(row);
        } else {
            train.push(row);
        }
    }
    (train, test)
}

/// A per-feature affine map `(x - mean) / std`, fitted on the training set
/// only so that no test statistics leak into training.
#[derive(Debug, Clone, PartialEq)]
pub struct Standardizer {
    mean: Vec<f64>,
    std: Vec<f64>,
}

impl Standardizer {
    /// Fits the mean and the population standard deviation (divisor n) of
    /// each feature over `samples`.
    ///
    /// A feature that is constant over `samples` gets a standard deviation
    /// of 1, so it is only centred.
    ///
    /// # Panics
    ///
    /// Panics if `samples` is empty or the samples differ in width.
    pub fn fit(samples: &[Sample]) -> Self {
        assert!(!samples.is_empty(), "Standardizer::fit: no samples");
        let width = samples[0].features.len();
        let count = samples.len() as f64;
        let mut mean = vec![0.0; width];
        for sample in samples {
            assert_eq!(
                sample.features.len(),
                width,
                "Standardizer::fit: samples differ in width"
            );
            for (sum, &x) in mean.iter_mut().zip(&sample.features) {
                *sum += f64::from(x);
            }
        }
        mean.iter_mut().for_each(|sum| *sum /= count);

        let mut std = vec![0.0; width];
        for sample in samples {
            for ((sum, &x), m) in std.iter_mut().zip(&sample.features).zip(&mean) {
                *sum += (f64::from(x) - m).powi(2);
            }
        }
        for sum in &mut std {
            let deviation = (*sum / count).sqrt();
            *sum = if deviation > 0.0 { deviation } else { 1.0 };
        }
        Self { mean, std }
    }

    /// Standardises the features of `sample` in place.
    ///
    /// # Panics
    ///
    /// Panics if `sample` is not as wide as the fitted samples.
    pub fn apply(&self, sample: &mut Sample) {
        assert_eq!(
            sample.features.len(),
            self.mean.len(),
            "Standardizer::apply: wrong width"
        );
        for ((x, m), s) in sample.features.iter_mut().zip(&self.mean).zip(&self.std) {
            *x = ((f64::from(*x) - m) / s) as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_takes_every_fifth_row() {
        let (train, test) = split(0..12);
        assert_eq!(test, vec![0, 5, 10]);
        assert_eq!(train, vec![1, 2, 3, 4, 6, 7, 8, 9, 11]);
    }

    #[test]
    fn standardizer_gives_zero_mean_unit_std() {
        let mut samples: Vec<Sample> = [[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]]
            .iter()
            .map(|x| Sample {
                features: x.to_vec(),
                class: 0,
            })
            .collect();
        let scaler = Standardizer::fit(&samples);
        samples.iter_mut().for_each(|s| scaler.apply(s));
        let first: Vec<f32> = samples.iter().map(|s| s.features[0]).collect();
        let expected = [-1.224_744_9, 0.0, 1.224_744_9];
        for (actual, expected) in first.iter().zip(expected) {
            assert!(
                (actual - expected).abs() < 1e-6,
                "feature 0: got {first:?}, expected {expected:?}"
            );
        }
        // The constant feature is centred and not scaled.
        assert!(
            samples.iter().all(|s| s.features[1] == 0.0),
            "constant feature: {samples:?}"
        );
    }
}
