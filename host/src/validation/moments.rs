//! Running mean and Monte-Carlo standard error.

/// The running mean and variance of a stream of values, by Welford's
/// method, which stays accurate when the mean is large against the spread.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Moments {
    count: u64,
    mean: f64,
    /// Sum of squared deviations from the running mean.
    m2: f64,
}

impl Moments {
    /// Adds one value.
    pub fn push(&mut self, value: f64) {
        self.count += 1;
        let deviation = value - self.mean;
        self.mean += deviation / self.count as f64;
        self.m2 += deviation * (value - self.mean);
    }

    /// Returns the number of values.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Returns the mean, or NaN for no values.
    pub fn mean(&self) -> f64 {
        if self.count == 0 { f64::NAN } else { self.mean }
    }

    /// Returns the sample variance (divisor n - 1), or NaN for fewer than two
    /// values.
    pub fn variance(&self) -> f64 {
        if self.count < 2 {
            f64::NAN
        } else {
            self.m2 / (self.count - 1) as f64
        }
    }

    /// Returns the standard error of the mean, `sqrt(variance / n)`, which is
    /// valid when the values are independent, or NaN for fewer than two values.
    pub fn standard_error(&self) -> f64 {
        (self.variance() / self.count as f64).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_of_small_sample() {
        let mut moments = Moments::default();
        for value in [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0] {
            moments.push(value);
        }
        assert_eq!(moments.mean(), 5.0);
        // Sum of squared deviations is 32, so the sample variance is 32 / 7.
        let variance = moments.variance();
        assert!(
            (variance - 32.0 / 7.0).abs() < 1e-12,
            "variance {variance}, expected 32/7"
        );
        let error = moments.standard_error();
        assert!(
            (error - (32.0f64 / 7.0 / 8.0).sqrt()).abs() < 1e-12,
            "standard error {error}"
        );
    }

    #[test]
    fn empty_moments_are_nan() {
        let moments = Moments::default();
        assert!(
            moments.mean().is_nan(),
            "mean of nothing: {}",
            moments.mean()
        );
        assert!(
            moments.standard_error().is_nan(),
            "standard error of nothing"
        );
    }
}
