//! Binary prototypes of the handwritten digits.

use crate::data::Dataset;

/// Side of a digit image, in pixels.
pub const DIGIT_SIDE: usize = 8;

/// Returns one binary prototype per class of `dataset`, from its training
/// samples: the class mean of every feature, thresholded at the median of
/// that mean image, so pixels above the median are `true` (`+1`).
///
/// The median threshold makes each prototype about half `+1`, which suits
/// the Hebbian rule better than a fixed threshold would. The prototypes are
/// still strongly correlated with each other, since every digit shares the
/// blank border and much of the centre. A class without training samples
/// gets no prototype.
pub fn digit_prototypes(dataset: &Dataset) -> Vec<Vec<bool>> {
    let mut sums = vec![vec![0.0f64; dataset.features]; dataset.classes];
    let mut counts = vec![0usize; dataset.classes];
    for sample in &dataset.train {
        counts[sample.class] += 1;
        for (sum, &value) in sums[sample.class].iter_mut().zip(&sample.features) {
            *sum += f64::from(value);
        }
    }
    sums.into_iter()
        .zip(counts)
        .filter(|&(_, count)| count > 0)
        .map(|(sum, _)| threshold_at_median(&sum))
        .collect()
}

/// Returns `values[j] > median(values)` for every `j`.
fn threshold_at_median(values: &[f64]) -> Vec<bool> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    let median = if sorted.len().is_multiple_of(2) {
        0.5 * (sorted[middle - 1] + sorted[middle])
    } else {
        sorted[middle]
    };
    values.iter().map(|&value| value > median).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_threshold_splits_in_half() {
        let values = [0.3, 0.1, 0.4, 0.2];
        assert_eq!(threshold_at_median(&values), [true, false, true, false]);
    }

    #[test]
    fn digit_prototypes_are_balanced() {
        let dataset = crate::data::digits().expect("built-in digits load");
        let prototypes = digit_prototypes(&dataset);
        assert_eq!(prototypes.len(), 10, "one prototype per digit");
        for (class, prototype) in prototypes.iter().enumerate() {
            assert_eq!(prototype.len(), DIGIT_SIDE * DIGIT_SIDE);
            let positive = prototype.iter().filter(|&&bit| bit).count();
            assert!(
                (24..=32).contains(&positive),
                "digit {class}: {positive} of 64 pixels above the median"
            );
        }
    }
}
