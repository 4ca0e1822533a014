//! The statistical neurodynamics of Amari and Maginu (1988) for synchronous
//! recall in the Hebbian Hopfield memory.
//!
//! The overlap `m_t` with the cued pattern and the variance `σ_t²` of the
//! crosstalk noise follow
//!
//! ```text
//! m_{t+1}  = erf(m_t / (√2 σ_t))
//! σ²_{t+1} = α + χ_t² σ_t² + 2 α m_{t+1} m_t χ_t
//! χ_t      = √(2/π) σ_t⁻¹ exp(-m_t² / (2 σ_t²)),   σ_0² = α.
//! ```
//!
//! Started at `m_0 = 1`, the overlap stays near 1 for loads below a
//! critical `α_c ≈ 0.16` and collapses above it. The experiment finds that
//! load by bisection, then compares the predicted `m_t` with a simulated
//! network of `N = 2000` units at `α = 0.10`, started from states with a
//! fraction of a stored pattern's units flipped.

use std::path::Path;

use plotters::style::colors::{BLACK, BLUE};
use rand_core::SeedableRng;
use shinkei::memory::{Hopfield, OnlineRule, words_for};
use shinkei::rng::Xoshiro128PlusPlus;

use super::memory_support::{Estimate, on_large_stack, random_patterns};
use super::{Check, ExperimentResult};
use crate::plot::{self, Axis, Chart, Corner, Mark, Series};

/// Amari and Maginu's critical load for synchronous recall.
const PUBLISHED_CRITICAL_LOAD: f64 = 0.16;

/// Units of the simulated network.
const N: usize = 2000;

/// Patterns stored in the simulated network: α = 0.10.
const PATTERNS: usize = 200;

/// Initial overlap of the simulated recalls, `1 - 2 · flipped / N`.
const INITIAL_OVERLAP: f64 = 0.5;

/// Synchronous steps compared with theory.
const STEPS: usize = 4;

/// Recalls simulated, each from a different stored pattern.
const RUNS: usize = 100;

/// Accepted gap between the simulated mean overlap and theory, on top of
/// four standard errors of the mean.
///
/// NOTE: the map is exact for the first step only. Later steps rest on a
/// Gaussian approximation of the crosstalk noise, so a small systematic gap
/// is expected there. The value is a judgement, not a derived bound.
const THEORY_GAP: f64 = 0.02;

/// Steps of the map iterated to decide whether the overlap is retained.
const BISECTION_STEPS: usize = 5000;

const SEED: u64 = 0x414D_4147;

/// Runs `amari-maginu`.
pub fn run() -> ExperimentResult {
    Ok(evaluate()?.0)
}

/// Runs `amari-maginu` and writes `amari-maginu.png` into `folder`: the
/// theory's overlap `m_t` against `t` and the mean simulated overlap with a
/// bar over the accepted range.
pub fn run_and_plot(folder: &Path) -> ExperimentResult {
    let (checks, simulated) = evaluate()?;
    let alpha = PATTERNS as f64 / N as f64;
    let theory = overlap_trajectory(alpha, INITIAL_OVERLAP, STEPS)
        .into_iter()
        .enumerate()
        .map(|(t, overlap)| (t as f64, overlap))
        .collect();
    let chart = Chart {
        title: "Amari-Maginu: overlap during recall".to_owned(),
        x: Axis {
            label: "synchronous step t".to_owned(),
            range: (0.0, STEPS as f64),
            ticks: (0..=STEPS).map(|t| t as f64).collect(),
            log: false,
        },
        y: Axis {
            label: "overlap m_t".to_owned(),
            range: (0.4, 1.02),
            ticks: vec![0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
            log: false,
        },
        series: vec![
            Series {
                label: format!("theory, alpha = {alpha:.2}, m_0 = {INITIAL_OVERLAP}"),
                points: theory,
                mark: Mark::Line,
                color: BLUE,
            },
            Series {
                label: format!("simulated mean, {RUNS} recalls, N = {N}; bar: accepted range"),
                points: simulated.iter().map(|m| (m.step, m.mean)).collect(),
                mark: Mark::ErrorBars(
                    simulated
                        .iter()
                        .map(|m| (m.expected - m.tolerance, m.expected + m.tolerance))
                        .collect(),
                ),
                color: BLACK,
            },
        ],
        legend: Corner::BottomLeft,
    };
    plot::write_png(&chart, &folder.join("amari-maginu.png"))?;
    Ok(checks)
}

/// The mean simulated overlap after one step and the range the check
/// accepts.
struct SimulatedOverlap {
    step: f64,
    mean: f64,
    expected: f64,
    tolerance: f64,
}

/// Runs the checks and returns them with the simulated overlap at each
/// step.
fn evaluate() -> Result<(Vec<Check>, Vec<SimulatedOverlap>), shinkei::Error> {
    let critical = critical_load();
    let mut checks = vec![Check::new(
        "amari-maginu/critical-load",
        PUBLISHED_CRITICAL_LOAD,
        critical,
        0.01,
    )];

    let alpha = PATTERNS as f64 / N as f64;
    let predicted = overlap_trajectory(alpha, INITIAL_OVERLAP, STEPS);
    let simulated = on_large_stack(simulate_overlaps)?;
    let mut overlaps = Vec::new();
    for t in 1..=STEPS {
        let estimate = Estimate::from_values(&simulated[t - 1]);
        let tolerance = 4.0 * estimate.standard_error + THEORY_GAP;
        checks.push(Check::new(
            &format!("amari-maginu/alpha-{alpha:.2}-m0-{INITIAL_OVERLAP:.1}-overlap-t{t}"),
            predicted[t],
            estimate.mean,
            tolerance,
        ));
        overlaps.push(SimulatedOverlap {
            step: t as f64,
            mean: estimate.mean,
            expected: predicted[t],
            tolerance,
        });
    }
    Ok((checks, overlaps))
}

/// Returns `m_0, m_1, …, m_steps` of the Amari-Maginu map at load `alpha`.
pub fn overlap_trajectory(alpha: f64, initial_overlap: f64, steps: usize) -> Vec<f64> {
    let mut overlaps = vec![initial_overlap];
    let mut overlap = initial_overlap;
    let mut variance = alpha;
    for _ in 0..steps {
        let sigma = variance.sqrt();
        let chi = (2.0 / std::f64::consts::PI).sqrt() / sigma
            * (-overlap * overlap / (2.0 * variance)).exp();
        let next = libm::erf(overlap / (std::f64::consts::SQRT_2 * sigma));
        variance = alpha + chi * chi * variance + 2.0 * alpha * next * overlap * chi;
        overlap = next;
        overlaps.push(overlap);
    }
    overlaps
}

/// Returns the load below which the map, started at `m_0 = 1`, keeps an
/// overlap above ½ after [`BISECTION_STEPS`] steps, to within 10⁻⁵.
pub fn critical_load() -> f64 {
    let retains =
        |alpha: f64| overlap_trajectory(alpha, 1.0, BISECTION_STEPS)[BISECTION_STEPS] > 0.5;
    let (mut low, mut high) = (0.05, 0.30);
    debug_assert!(
        retains(low) && !retains(high),
        "the bracket must contain α_c"
    );
    while high - low > 1e-5 {
        let middle = 0.5 * (low + high);
        if retains(middle) {
            low = middle;
        } else {
            high = middle;
        }
    }
    0.5 * (low + high)
}

/// Returns the simulated overlap at steps `1..=STEPS`, one value per run.
fn simulate_overlaps() -> Result<Vec<Vec<f64>>, shinkei::Error> {
    type Memory = Hopfield<f32, N, { words_for(N) }>;

    let mut rng = Xoshiro128PlusPlus::seed_from_u64(SEED);
    let patterns = random_patterns::<N, { words_for(N) }>(&mut rng, PATTERNS);
    let mut memory = Box::new(Memory::new(OnlineRule::Hebbian));
    for pattern in &patterns {
        memory.store(pattern)?;
    }

    let flipped = ((1.0 - INITIAL_OVERLAP) * N as f64 / 2.0).round() as usize;
    let mut overlaps = vec![Vec::new(); STEPS];
    for pattern in &patterns[..RUNS] {
        let mut state = *pattern;
        state.flip_random(flipped, &mut rng);
        for step_overlaps in overlaps.iter_mut() {
            memory.recall_synchronous(&mut state, 1);
            step_overlaps.push(f64::from(state.overlap(pattern)));
        }
    }
    Ok(overlaps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn critical_load_near_published_value() {
        let critical = critical_load();
        assert!(
            (critical - PUBLISHED_CRITICAL_LOAD).abs() <= 0.01,
            "α_c = {critical}, expected {PUBLISHED_CRITICAL_LOAD} ± 0.01"
        );
    }

    #[test]
    fn first_step_matches_one_step_error() {
        // From m_0 = 1, m_1 = erf(1/√(2α)) = 1 - 2 Φ(-1/√α).
        let alpha = 0.1;
        let trajectory = overlap_trajectory(alpha, 1.0, 1);
        let phi = 0.5 * libm::erfc(1.0 / (alpha * 2.0f64).sqrt());
        let expected = 1.0 - 2.0 * phi;
        assert!(
            (trajectory[1] - expected).abs() < 1e-12,
            "m_1 = {}, expected {expected}",
            trajectory[1]
        );
    }
}
