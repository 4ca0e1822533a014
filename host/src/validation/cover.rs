//! Cover's function counting theorem (Cover 1965).
//!
//! Of the `2^P` dichotomies of `P` points in general position in `N`
//! dimensions, `C(P, N) = 2 Σ_{k=0}^{N−1} binom(P − 1, k)` are separable by
//! a hyperplane through the origin. So a uniformly random dichotomy is
//! separable with probability `C(P, N) / 2^P`, which is exactly 1/2 at
//! `P = 2N`.
//!
//! Each trial draws `P` points from N(0, I_N), which are in general position
//! with probability 1, and independent fair ±1 labels, and decides
//! separability with [`separability::decide`]. The measured fraction is
//! compared with the theorem within [`SIGMAS`] binomial standard errors
//! `√(p (1 − p) / trials)`.
//!
//! NOTE: the points are not integers, so a "not separable" decision is
//! certified only up to a relative residual of
//! [`separability::RESIDUAL_TOLERANCE`]; "separable" decisions are proved.

use rand_core::{Rng, SeedableRng};
use shinkei::rng::{Xoshiro128PlusPlus, standard_normal};

use std::path::Path;

use plotters::style::colors::{BLUE, RED};

use super::separability;
use super::{Check, ExperimentResult};
use crate::plot::{self, Axis, Chart, Corner, Mark, Series};

/// Tolerances are this many standard errors.
pub const SIGMAS: f64 = 4.0;

/// `(N, point counts P)` of the experiment.
const SETTINGS: [(usize, &[usize]); 2] = [(10, &[15, 20, 25]), (20, &[30, 35, 40, 45, 50])];

/// Random dichotomies per `(N, P)`.
const TRIALS: u32 = 4000;

const SEED: u64 = 0x434F_5645;

/// Runs `cover`.
pub fn run() -> ExperimentResult {
    Ok(checks(&measure()?))
}

/// Runs `cover` and writes `cover.png` into `folder`: the theorem's curve
/// against `P / N` for each `N`, and the measured fractions. A bar marks
/// the accepted range, the theorem's value ± [`SIGMAS`] standard errors.
pub fn run_and_plot(folder: &Path) -> ExperimentResult {
    let measurements = measure()?;
    let colors = [BLUE, RED];
    let mut series = Vec::new();
    for ((dimension, _), color) in SETTINGS.into_iter().zip(colors) {
        let curve = (1..=3 * dimension)
            .map(|points| {
                (
                    points as f64 / dimension as f64,
                    separable_fraction(points, dimension),
                )
            })
            .collect();
        series.push(Series {
            label: format!("C(P, N) / 2^P, N = {dimension}"),
            points: curve,
            mark: Mark::Line,
            color,
        });
        let measured: Vec<&Measurement> = measurements
            .iter()
            .filter(|m| m.dimension == dimension)
            .collect();
        series.push(Series {
            label: format!("measured, N = {dimension}, {TRIALS} trials; bar: accepted range"),
            points: measured
                .iter()
                .map(|m| (m.points as f64 / dimension as f64, m.fraction()))
                .collect(),
            mark: Mark::ErrorBars(
                measured
                    .iter()
                    .map(|m| {
                        let (expected, tolerance) = m.expected();
                        (expected - tolerance, expected + tolerance)
                    })
                    .collect(),
            ),
            color,
        });
    }
    let chart = Chart {
        title: "Cover: separable dichotomies".to_owned(),
        x: Axis {
            label: "P / N".to_owned(),
            range: (0.0, 3.0),
            ticks: vec![0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0],
            log: false,
        },
        y: Axis {
            label: "fraction separable".to_owned(),
            range: (0.0, 1.05),
            ticks: vec![0.0, 0.25, 0.5, 0.75, 1.0],
            log: false,
        },
        series,
        legend: Corner::BottomLeft,
    };
    plot::write_png(&chart, &folder.join("cover.png"))?;
    Ok(checks(&measurements))
}

/// The separable count of [`TRIALS`] random dichotomies of `points` points
/// in `dimension` dimensions.
struct Measurement {
    dimension: usize,
    points: usize,
    separable: u32,
}

impl Measurement {
    fn fraction(&self) -> f64 {
        f64::from(self.separable) / f64::from(TRIALS)
    }

    /// Returns the theorem's fraction and the tolerance around it.
    fn expected(&self) -> (f64, f64) {
        let expected = separable_fraction(self.points, self.dimension);
        let standard_error = (expected * (1.0 - expected) / f64::from(TRIALS)).sqrt();
        (expected, SIGMAS * standard_error)
    }
}

/// Runs the trials of every setting.
fn measure() -> Result<Vec<Measurement>, separability::Undecided> {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(SEED);
    let mut measurements = Vec::new();
    for (dimension, point_counts) in SETTINGS {
        for &points in point_counts {
            let mut separable = 0u32;
            for _ in 0..TRIALS {
                if random_dichotomy_is_separable(&mut rng, points, dimension)? {
                    separable += 1;
                }
            }
            measurements.push(Measurement {
                dimension,
                points,
                separable,
            });
        }
    }
    Ok(measurements)
}

fn checks(measurements: &[Measurement]) -> Vec<Check> {
    measurements
        .iter()
        .map(|m| {
            let (expected, tolerance) = m.expected();
            Check::new(
                &format!("cover/n{}-p{}", m.dimension, m.points),
                expected,
                m.fraction(),
                tolerance,
            )
        })
        .collect()
}

/// Draws `points` Gaussian points in `dimension` dimensions with fair random
/// labels and decides whether a hyperplane through the origin separates them.
fn random_dichotomy_is_separable(
    rng: &mut Xoshiro128PlusPlus,
    points: usize,
    dimension: usize,
) -> Result<bool, separability::Undecided> {
    let inputs: Vec<Vec<f64>> = (0..points)
        .map(|_| {
            (0..dimension)
                .map(|_| f64::from(standard_normal(rng)))
                .collect()
        })
        .collect();
    let positive: Vec<bool> = (0..points).map(|_| rng.next_u32() & 1 == 1).collect();
    Ok(separability::decide(&inputs, &positive)?.is_separable())
}

/// Returns `C(P, N) / 2^P = 2 Σ_{k<N} binom(P − 1, k) / 2^P`, the fraction of
/// dichotomies of `points` points in general position in `dimension`
/// dimensions that a hyperplane through the origin separates.
///
/// The sum is formed in `f64`. For `points ≤ 50` every intermediate value
/// is an integer below `2^53`, so the sum is exact and only the final
/// division rounds.
pub fn separable_fraction(points: usize, dimension: usize) -> f64 {
    let mut binomial = 1.0f64;
    let mut sum = 0.0f64;
    for k in 0..dimension.min(points) {
        sum += binomial;
        // binom(P − 1, k + 1) from binom(P − 1, k). The product is divisible
        // by k + 1, so the step is exact while the values stay below 2^53.
        binomial = binomial * (points - 1 - k) as f64 / (k + 1) as f64;
    }
    2.0 * sum / 2f64.powi(points as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_matches_published_values() {
        // N = 20, computed by exact sums.
        let table = [
            (30, 0.969286),
            (35, 0.804236),
            (40, 0.5),
            (45, 0.225690),
            (50, 0.076204),
        ];
        for (points, expected) in table {
            let got = separable_fraction(points, 20);
            assert!(
                (got - expected).abs() < 1e-6,
                "C({points}, 20) / 2^{points}: got {got}, expected {expected}"
            );
        }
    }

    #[test]
    fn fraction_edge_cases() {
        // Up to N points in general position, every dichotomy is separable.
        assert_eq!(separable_fraction(1, 1), 1.0);
        assert_eq!(separable_fraction(10, 10), 1.0);
        assert_eq!(separable_fraction(20, 10), 0.5);
        // In one dimension only the two dichotomies by sign are separable.
        assert_eq!(separable_fraction(5, 1), 2.0 / 32.0);
    }
}
