//! Helpers shared by the associative-memory experiments: a thread with a
//! large stack for the big weight matrices, statistics across networks, and
//! the exact one-step error of the Hebbian rule.

use shinkei::memory::BipolarPattern;
use shinkei::rng::Xoshiro128PlusPlus;

/// Stack size of the thread that runs an experiment with a large memory.
///
/// The kernel's matrix memories are plain arrays built by a `const fn`, and
/// there is no safe way to build one directly on the heap: `Box::new` of a
/// `Hopfield<i16, 2000, _>` (8 MB) first builds it on the stack in debug
/// builds. 64 MiB fits the largest memory used here (`f32` weights at
/// `N = 2000`, 16 MB) with room for the copies a debug build makes.
pub const LARGE_STACK_BYTES: usize = 64 << 20;

/// Runs `task` on a new thread with a [`LARGE_STACK_BYTES`] stack and
/// returns its result. A panic in `task` is raised again in the caller.
///
/// # Panics
///
/// Panics if the operating system cannot start the thread.
pub fn on_large_stack<T: Send>(task: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("memory-experiment".to_owned())
            .stack_size(LARGE_STACK_BYTES)
            .spawn_scoped(scope, task)
            .expect("failed to start a thread with a 64 MiB stack");
        match handle.join() {
            Ok(value) => value,
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}

/// Mean and standard error of one quantity measured once per independent
/// network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The mean over networks.
    pub mean: f64,
    /// The standard error of the mean, `s / √K` with the sample standard
    /// deviation `s` of `K` networks; 0 for a single network.
    pub standard_error: f64,
}

impl Estimate {
    /// Computes the mean and standard error of `values`.
    ///
    /// # Panics
    ///
    /// Panics if `values` is empty.
    pub fn from_values(values: &[f64]) -> Self {
        assert!(!values.is_empty(), "an estimate needs at least one value");
        let count = values.len() as f64;
        let mean = values.iter().sum::<f64>() / count;
        if values.len() == 1 {
            return Self {
                mean,
                standard_error: 0.0,
            };
        }
        let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (count - 1.0);
        Self {
            mean,
            standard_error: (variance / count).sqrt(),
        }
    }
}

/// A mean error rate measured at one load, and the range its check
/// accepts, kept for a chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeasuredRate {
    /// The load `α = P / N`.
    pub alpha: f64,
    /// The mean rate over networks.
    pub mean: f64,
    /// The value of theory the mean is checked against.
    pub expected: f64,
    /// The largest accepted `|mean - expected|`.
    pub tolerance: f64,
}

impl MeasuredRate {
    /// Returns `(expected - tolerance, expected + tolerance)`.
    pub fn accepted_range(&self) -> (f64, f64) {
        (
            self.expected - self.tolerance,
            self.expected + self.tolerance,
        )
    }
}

/// Returns the tolerance for a measured error rate: 4 standard errors across
/// networks, but at least 4 binomial standard errors `√(p (1 - p) / bits)` of
/// the expected rate `p` over all `bits` observed. The floor matters at low
/// loads, where most networks show no error at all and the spread across
/// networks underestimates the uncertainty.
pub fn error_rate_tolerance(estimate: &Estimate, expected: f64, bits: f64) -> f64 {
    let binomial = (expected * (1.0 - expected) / bits).sqrt();
    4.0 * estimate.standard_error.max(binomial)
}

/// Draws `count` independent random patterns.
pub fn random_patterns<const N: usize, const WORDS: usize>(
    rng: &mut Xoshiro128PlusPlus,
    count: usize,
) -> Vec<BipolarPattern<N, WORDS>> {
    (0..count).map(|_| BipolarPattern::random(rng)).collect()
}

/// The exact one-step error of a Hebbian memory started on a stored random
/// pattern, split by how a zero field is treated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExactOneStepError {
    /// Probability that the field opposes the unit: `(N - 1) + S < 0`.
    pub below_zero: f64,
    /// Probability of a zero field: `(N - 1) + S = 0`.
    pub zero: f64,
}

impl ExactOneStepError {
    /// Returns the error with a zero field counted as half a flip, the usual
    /// convention in the literature.
    pub fn tie_as_half(&self) -> f64 {
        self.below_zero + 0.5 * self.zero
    }

    /// Returns the error under the kernel's tie rule, where a zero field
    /// keeps the unit, so only a negative field flips it.
    pub fn tie_keeps_unit(&self) -> f64 {
        self.below_zero
    }
}

/// Computes the exact one-step error of unit `i` of a stored pattern in a
/// Hebbian memory of `units` units and `patterns` random patterns.
///
/// In units of `1/N` the aligned field is `ξ_i h_i = (N - 1) + S`, where the
/// crosstalk `S` is a sum of `M = (P - 1)(N - 1)` independent `±1` terms, so
/// `S = 2K - M` with `K ~ Binomial(M, ½)`. The unit flips when
/// `2K < M - (N - 1)`. The binomial probabilities are evaluated as
/// `exp(ln M! - ln k! - ln (M-k)! - M ln 2)` with log-factorials summed in
/// `f64`, whose rounding is far below the Monte-Carlo error it is compared
/// with.
///
/// # Panics
///
/// Panics if `units` or `patterns` is zero.
pub fn exact_hebbian_one_step_error(units: usize, patterns: usize) -> ExactOneStepError {
    assert!(
        units > 0 && patterns > 0,
        "need at least one unit and pattern"
    );
    let terms = (patterns - 1) * (units - 1);
    if terms < units - 1 {
        // Fewer crosstalk terms than the signal, so the field never opposes.
        return ExactOneStepError {
            below_zero: 0.0,
            zero: 0.0,
        };
    }
    let mut log_factorial = vec![0.0f64; terms + 1];
    for k in 1..=terms {
        log_factorial[k] = log_factorial[k - 1] + (k as f64).ln();
    }
    let log_half_power = terms as f64 * std::f64::consts::LN_2;
    let probability = |k: usize| {
        (log_factorial[terms] - log_factorial[k] - log_factorial[terms - k] - log_half_power).exp()
    };

    // Flip when 2K < D, tie when 2K = D, with D = M - (N - 1) ≥ 0.
    let difference = terms - (units - 1);
    let zero = if difference.is_multiple_of(2) {
        probability(difference / 2)
    } else {
        0.0
    };
    // The largest K that flips is ⌈D/2⌉ - 1. Summing from the smallest
    // terms up keeps the rounding error relative to the result.
    let below_zero = (0..difference.div_ceil(2)).map(probability).sum();
    ExactOneStepError { below_zero, zero }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_error_matches_published_values() {
        // Amit, Gutfreund and Sompolinsky's setting at N = 1000, with a zero
        // field counted as half a flip: 0.00074 at α = 0.1, 0.01253 at 0.2.
        let cases = [(100, 0.00074, 5e-6), (200, 0.01253, 5e-6)];
        for (patterns, expected, tolerance) in cases {
            let actual = exact_hebbian_one_step_error(1000, patterns).tie_as_half();
            assert!(
                (actual - expected).abs() <= tolerance,
                "P = {patterns}: {actual}, expected {expected} ± {tolerance}"
            );
        }
    }

    #[test]
    fn exact_error_small_case_by_enumeration() {
        // N = 3, P = 3: M = 4 terms, flip when 2K < 2 (K = 0), tie at K = 1.
        let error = exact_hebbian_one_step_error(3, 3);
        assert!((error.below_zero - 1.0 / 16.0).abs() < 1e-15, "{error:?}");
        assert!((error.zero - 4.0 / 16.0).abs() < 1e-15, "{error:?}");
    }

    #[test]
    fn single_pattern_never_flips() {
        let error = exact_hebbian_one_step_error(100, 1);
        assert_eq!(error.tie_as_half(), 0.0, "{error:?}");
    }

    #[test]
    fn estimate_of_constant_values() {
        let estimate = Estimate::from_values(&[0.5, 0.5, 0.5]);
        assert_eq!(estimate.mean, 0.5);
        assert_eq!(estimate.standard_error, 0.0);
        let estimate = Estimate::from_values(&[1.0, 3.0]);
        assert_eq!(estimate.mean, 2.0);
        assert!(
            (estimate.standard_error - 1.0).abs() < 1e-12,
            "{estimate:?}"
        );
    }
}
