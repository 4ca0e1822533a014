//! The exact mean learning curve of the LMS rule on Gaussian inputs.
//!
//! Setting: a linear unit `y = w · x` learns a teacher `t = w* · x + ε`
//! online, with `x ~ N(0, I_d)`, noise `ε ~ N(0, σ²)`, and the update
//! `w ← w − η_t (y − t) x`, which is SGD on `½ (y − t)²`. The weight error
//! `e = w − w*` then moves as `e' = (I − η x xᵀ) e + η ε x`. Taking the
//! expectation of `‖e'‖²` with `E[x xᵀ] = I` and the Gaussian fourth moment
//! `E[‖x‖² x xᵀ] = (d + 2) I` gives
//!
//! ```text
//! E‖e_{t+1}‖² = (1 − 2η_t + (d + 2) η_t²) E‖e_t‖² + d σ² η_t²
//! ```
//!
//! exactly, for any rates. With a constant rate the fixed point is
//! `d η σ² / (2 − (d + 2) η)`. With Robbins-Monro rates `η_t = c / (t + 1 + c)`
//! and `c > ½`, `t E‖e_t‖² → d c² σ² / (2c − 1)`, because for large `t` the
//! `η²` term of the contraction is negligible and `E‖e_t‖² ≈ A / t` solves
//! the recursion with `A (2c − 1) = d c² σ²`.
//!
//! The recursion assumes no bias, or a bias held at 0. A bias trained as an
//! extra input fixed at 1 is not Gaussian, and its error and the weight
//! error then follow two different recursions.

/// Dimension and noise of an LMS problem.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LmsProblem {
    /// Input dimension `d`.
    pub dimension: usize,
    /// Noise variance `σ²`.
    pub noise_variance: f64,
}

impl LmsProblem {
    /// Returns `E‖e_{t+1}‖²` from `E‖e_t‖²` for one step with rate `rate`.
    pub fn next_error(&self, error: f64, rate: f64) -> f64 {
        let d = self.dimension as f64;
        let contraction = 1.0 - 2.0 * rate + (d + 2.0) * rate * rate;
        contraction * error + d * self.noise_variance * rate * rate
    }

    /// Returns `E‖e_t‖²` for `t = 0..=rates.len()`, starting from `initial`
    /// and taking step `t` with `rates[t]`.
    pub fn error_curve(&self, initial: f64, rates: &[f64]) -> Vec<f64> {
        let mut curve = Vec::with_capacity(rates.len() + 1);
        let mut error = initial;
        curve.push(error);
        for &rate in rates {
            error = self.next_error(error, rate);
            curve.push(error);
        }
        curve
    }

    /// Returns the stationary `E‖e‖²` under constant rate `rate`,
    /// `d η σ² / (2 − (d + 2) η)`, or infinity when the recursion does not
    /// contract (`η ≥ 2 / (d + 2)`).
    pub fn stationary_error(&self, rate: f64) -> f64 {
        let d = self.dimension as f64;
        let denominator = 2.0 - (d + 2.0) * rate;
        if denominator <= 0.0 {
            return f64::INFINITY;
        }
        d * rate * self.noise_variance / denominator
    }

    /// Returns the limit of `t E‖e_t‖²` under rates `c / (t + 1 + c)`,
    /// `d c² σ² / (2c − 1)`, or infinity for `c ≤ ½`, where the error decays
    /// more slowly than `1 / t`.
    pub fn robbins_monro_limit(&self, c: f64) -> f64 {
        if c <= 0.5 {
            return f64::INFINITY;
        }
        self.dimension as f64 * c * c * self.noise_variance / (2.0 * c - 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROBLEM: LmsProblem = LmsProblem {
        dimension: 10,
        noise_variance: 1.0,
    };

    #[test]
    fn stationary_error_matches_closed_form() {
        // 10 · 0.02 / (2 − 12 · 0.02) = 0.2 / 1.76.
        let stationary = PROBLEM.stationary_error(0.02);
        assert!(
            (stationary - 0.113_636_363_636).abs() < 1e-12,
            "got {stationary}, expected 0.1136"
        );
    }

    #[test]
    fn recursion_converges_to_stationary_error() {
        let curve = PROBLEM.error_curve(10.0, &[0.02; 3000]);
        let last = curve[3000];
        let expected = PROBLEM.stationary_error(0.02);
        assert!(
            (last - expected).abs() < 1e-12,
            "E‖e_3000‖² = {last}, expected {expected}"
        );
    }

    #[test]
    fn robbins_monro_approaches_limit() {
        let c = 1.0;
        let rates: Vec<f64> = (0..100_000).map(|t| c / (t as f64 + 1.0 + c)).collect();
        let curve = PROBLEM.error_curve(10.0, &rates);
        let scaled = 100_000.0 * curve[100_000];
        let limit = PROBLEM.robbins_monro_limit(c);
        assert_eq!(limit, 10.0);
        // The approach is slow, about 1.9e4 / t above the limit for c = 1.
        assert!(
            (scaled - limit).abs() < 0.25,
            "100000 E‖e‖² = {scaled}, limit {limit}"
        );
    }

    #[test]
    fn unstable_rates_have_no_stationary_error() {
        assert_eq!(PROBLEM.stationary_error(2.0 / 12.0), f64::INFINITY);
        assert_eq!(PROBLEM.robbins_monro_limit(0.5), f64::INFINITY);
    }
}
