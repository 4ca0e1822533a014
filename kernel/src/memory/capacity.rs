//! The one-step recall errors that signal-to-noise theory predicts, and the
//! pattern limit every memory enforces.
//!
//! Start a memory on a stored pattern and update one unit: its local field is
//! the pattern's own contribution (the signal) plus the crosstalk of the
//! other patterns (the noise). For random patterns the noise is close to
//! Gaussian, so the probability that the unit flips is `Φ(-signal / noise)`,
//! with `Φ` the standard normal distribution function:
//!
//! - Hebbian rule, load `α = P/N`: `Φ(-1/√α)` (Amit, Gutfreund and
//!   Sompolinsky 1985). For `N = 1000`, `α = 0.1` gives 0.00078 against an
//!   exact 0.00074.
//! - Clipped Hebbian synapses `w_ij = sgn Σ_μ ξ_i^μ ξ_j^μ`: `Φ(-1/√(α π/2))`,
//!   for an odd number of patterns so that no sum is zero.
//! - Dense associative memory with `F(x) = xⁿ` (Krotov and Hopfield 2016):
//!   `Φ(-√(N^(n-1) / ((2n-3)!! P)))`, which for `n = 2` is the Hebbian case.
//!
//! The approximation ignores the correlations between units of one network,
//! so compare it with an error averaged over several networks.

use crate::Error;

/// Returns the standard normal distribution function `Φ(x)`, computed as
/// `½ erfc(-x/√2)` with `libm::erfcf`.
///
/// Accurate to a few units in the last place of `f32`. `Φ(-∞) = 0`,
/// `Φ(∞) = 1`, and NaN gives NaN.
pub fn normal_cdf(x: f32) -> f32 {
    0.5 * libm::erfcf(-x * core::f32::consts::FRAC_1_SQRT_2)
}

/// Returns the predicted one-step error `Φ(-1/√α)` of a Hebbian memory at
/// load `α = P/N`.
///
/// A load of zero or less (no patterns) gives 0, and NaN gives NaN.
pub fn hebbian_one_step_error(load: f32) -> f32 {
    if load <= 0.0 {
        return 0.0;
    }
    normal_cdf(-1.0 / libm::sqrtf(load))
}

/// Returns the predicted one-step error `Φ(-1/√(α π/2))` of a memory with
/// clipped Hebbian synapses at load `α = P/N`, for an odd number of
/// patterns.
///
/// A load of zero or less gives 0, and NaN gives NaN.
pub fn clipped_one_step_error(load: f32) -> f32 {
    hebbian_one_step_error(load * core::f32::consts::FRAC_PI_2)
}

/// Returns the predicted one-step error `Φ(-√(N^(n-1) / ((2n-3)!! P)))` of
/// a dense associative memory of `units` units with `patterns` patterns and
/// `F(x) = x^degree`.
///
/// No patterns gives 0. The ratio is computed from its logarithm in `f64`,
/// with `ln (2n-3)!!` from `ln Γ`, so no power overflows and the cost does
/// not grow with the degree. A signal-to-noise ratio beyond the `f32` range
/// gives 0, the limit. For degrees above about `e N / 2` the noise term
/// `(2n-3)!!` outgrows `N^(n-1)` and the result tends to 1/2, as the formula
/// does, although the Gaussian approximation is not meant for that range.
///
/// # Panics
///
/// Panics if `degree < 2`, where the formula does not apply.
pub fn dense_one_step_error(units: usize, patterns: usize, degree: u32) -> f32 {
    assert!(
        degree >= 2,
        "the dense memory error needs degree >= 2, got {degree}"
    );
    if patterns == 0 {
        return 0.0;
    }
    // With m = n - 1 the ratio is N^m / ((2m-1)!! P).
    let m = f64::from(degree - 1);
    let ln_signal = m * libm::log(units as f64);
    let ln_noise = ln_odd_double_factorial(m) + libm::log(patterns as f64);
    let signal_to_noise = libm::exp(0.5 * (ln_signal - ln_noise));
    // Past f32::MAX the cast gives infinity, and Φ(-∞) = 0.
    normal_cdf(-(signal_to_noise as f32))
}

/// Returns `ln (2m-1)!!` for an integer `m ≥ 1`, from
/// `(2m-1)!! = (2m)! / (2^m m!)`.
fn ln_odd_double_factorial(m: f64) -> f64 {
    libm::lgamma(2.0 * m + 1.0) - m * core::f64::consts::LN_2 - libm::lgamma(m + 1.0)
}

/// Returns `stored / units` as an `f32`.
pub(crate) fn load(stored: usize, units: usize) -> f32 {
    stored as f32 / units as f32
}

/// Returns an error if a memory holding `stored` patterns has reached
/// `limit`.
pub(crate) fn check_room(stored: usize, limit: usize) -> Result<(), Error> {
    if stored >= limit {
        Err(Error::MemoryFull { limit })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_table() {
        // Reference values from the closed form ½ erfc(-x/√2) in f64.
        let cases = [
            (0.0f32, 0.5f32),
            (-1.0, 0.158_655_25),
            (1.0, 0.841_344_8),
            (-3.162_277_7, 7.827_011e-4),
            (-2.236_068, 0.012_673_66),
            (f32::NEG_INFINITY, 0.0),
            (f32::INFINITY, 1.0),
        ];
        for (x, expected) in cases {
            let actual = normal_cdf(x);
            let tolerance = 1.0e-5 * expected.max(1.0e-3);
            assert!(
                (actual - expected).abs() <= tolerance,
                "Φ({x}) = {actual}, expected {expected} ± {tolerance}"
            );
        }
        assert!(normal_cdf(f32::NAN).is_nan(), "Φ(NaN) is not NaN");
    }

    #[test]
    fn predicted_errors_match_published_values() {
        // Gaussian values for N = 1000 at α = 0.1 and 0.2, and the dense
        // memory with n = 3, N = 100, P = 300.
        let cases = [
            ("hebbian α=0.1", hebbian_one_step_error(0.1), 7.827_011e-4),
            ("hebbian α=0.2", hebbian_one_step_error(0.2), 0.012_673_66),
            ("dense n=3", dense_one_step_error(100, 300, 3), 4.290_603e-4),
            (
                "dense n=2",
                dense_one_step_error(1000, 100, 2),
                7.827_011e-4,
            ),
            ("clipped α=0", clipped_one_step_error(0.0), 0.0),
        ];
        for (name, actual, expected) in cases {
            let tolerance = 2.0e-3 * expected;
            assert!(
                (actual - expected).abs() <= tolerance,
                "{name}: {actual}, expected {expected} ± {tolerance}"
            );
        }
        let clipped = clipped_one_step_error(0.05);
        let hebbian = hebbian_one_step_error(0.05 * core::f32::consts::FRAC_PI_2);
        assert_eq!(clipped, hebbian, "clipped error at α = 0.05");
    }

    /// Returns `Φ(-√(N^(n-1) / ((2n-3)!! P)))` with the powers and the
    /// double factorial multiplied out in `f64`.
    fn dense_error_by_products(units: usize, patterns: usize, degree: u32) -> f32 {
        let mut ratio = 1.0 / patterns as f64;
        for _ in 1..degree {
            ratio *= units as f64;
        }
        for k in (1..=2 * degree - 3).step_by(2) {
            ratio /= f64::from(k);
        }
        normal_cdf(-(libm::sqrt(ratio) as f32))
    }

    #[test]
    fn dense_error_log_space_matches_products() {
        let cases = [
            (100, 300, 3),
            (1000, 100, 2),
            (50, 2000, 4),
            (64, 1, 2),
            (200, 5000, 5),
            (30, 100_000, 8),
            (20, 1_000_000, 12),
        ];
        for (units, patterns, degree) in cases {
            let actual = dense_one_step_error(units, patterns, degree);
            let expected = dense_error_by_products(units, patterns, degree);
            let tolerance = 1.0e-5 * expected.max(1.0e-6);
            assert!(
                (actual - expected).abs() <= tolerance,
                "dense_one_step_error({units}, {patterns}, {degree}) = {actual}, \
                 expected {expected} ± {tolerance}"
            );
        }
    }

    #[test]
    fn dense_error_extreme_arguments() {
        // 10000^39 overflows f32 and f64 alike, and the error is 0.
        let cases = [
            (10_000, 1, 40, 0.0),
            (usize::MAX, 1, 1000, 0.0),
            // N = P: the ratio is 1 however large both are.
            (usize::MAX, usize::MAX, 2, normal_cdf(-1.0)),
            // (2n-3)!! outgrows 10^(n-1): the formula tends to 1/2.
            (10, 1, u32::MAX, 0.5),
            (10, 1, 1_000_000, 0.5),
        ];
        for (units, patterns, degree, expected) in cases {
            let actual = dense_one_step_error(units, patterns, degree);
            assert_eq!(
                actual, expected,
                "dense_one_step_error({units}, {patterns}, {degree}): got {actual}, expected {expected}"
            );
        }
    }
}
