//! One-step recall error of the Hebbian Hopfield memory against the exact
//! binomial value and the Gaussian approximation `Φ(-1/√α)` (Amit,
//! Gutfreund and Sompolinsky 1985).
//!
//! Each network stores random patterns one at a time with `f32` weights,
//! which represent the Hebbian sums exactly. The kernel's `i16` store would
//! do as well but is about three times slower on the host, because it
//! divides per weight. At each load the network is started on each of the
//! first stored patterns in turn, and the units flipped by one synchronous
//! step are counted. The error rate is averaged over [`NETWORKS`]
//! independent networks, because the units of one network share its
//! crosstalk and their errors are correlated.
//!
//! The kernel keeps a unit whose field is exactly zero. The pattern counts
//! here are even, so with `N - 1` odd a zero field can occur. The comparison
//! is therefore with the exact error under that tie rule. The published
//! values, which count a zero field as half a flip, are checked separately
//! against the host's exact sum.

use std::path::Path;

use plotters::style::colors::{BLACK, BLUE, RED};
use rand_core::SeedableRng;
use shinkei::memory::capacity::hebbian_one_step_error;
use shinkei::memory::{Hopfield, OnlineRule, words_for};
use shinkei::rng::Xoshiro128PlusPlus;

use super::memory_support::{
    Estimate, MeasuredRate, error_rate_tolerance, exact_hebbian_one_step_error, on_large_stack,
    random_patterns,
};
use super::{Check, ExperimentResult};
use crate::plot::{self, Axis, Chart, Corner, Mark, Series};

/// Units per network.
const N: usize = 1000;

/// Pattern counts at which the error is measured: α = 0.05 to 0.30.
const PATTERN_COUNTS: [usize; 6] = [50, 100, 150, 200, 250, 300];

/// Independent networks per load.
const NETWORKS: u64 = 6;

/// Stored patterns started from per network and load, the first ones
/// stored. Fewer than all keeps the run short, and the networks, not the
/// patterns, limit the precision.
const PROBED_PATTERNS: usize = 100;

const SEED: u64 = 0x4F4E_4553;

/// Published exact (zero field as half a flip) and Gaussian values at
/// N = 1000 for 100 and 200 patterns, rounded to the digits given.
const PUBLISHED: [(usize, f64, f64); 2] = [(100, 0.00074, 0.00078), (200, 0.01253, 0.01267)];

/// Runs `hopfield-one-step`.
pub fn run() -> ExperimentResult {
    Ok(evaluate()?.0)
}

/// Runs `hopfield-one-step` and writes `hopfield-one-step.png` into
/// `folder`: the measured error against `α` with a bar over the accepted
/// range, the exact binomial error under the kernel's tie rule, and
/// `Φ(-1/√α)`.
pub fn run_and_plot(folder: &Path) -> ExperimentResult {
    let (checks, measured) = evaluate()?;
    let loads: Vec<f64> = (1..=64).map(|step| 0.005 * f64::from(step)).collect();
    let exact = loads
        .iter()
        .map(|&alpha| {
            let patterns = (alpha * N as f64).round() as usize;
            (
                alpha,
                exact_hebbian_one_step_error(N, patterns).tie_keeps_unit(),
            )
        })
        .collect();
    let gaussian = loads
        .iter()
        .map(|&alpha| (alpha, f64::from(hebbian_one_step_error(alpha as f32))))
        .collect();
    let chart = Chart {
        title: "Hopfield: one-step recall error".to_owned(),
        x: Axis {
            label: format!("load alpha = P / N, N = {N}"),
            range: (0.0, 0.32),
            ticks: vec![0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3],
            log: false,
        },
        y: Axis {
            label: "error rate".to_owned(),
            range: (0.0, 0.045),
            ticks: vec![0.0, 0.01, 0.02, 0.03, 0.04],
            log: false,
        },
        series: vec![
            Series {
                label: "Gaussian Phi(-1/sqrt(alpha))".to_owned(),
                points: gaussian,
                mark: Mark::Line,
                color: RED,
            },
            Series {
                label: "exact binomial sum, zero field keeps unit".to_owned(),
                points: exact,
                mark: Mark::Line,
                color: BLUE,
            },
            Series {
                label: format!("measured, {NETWORKS} networks; bar: accepted range"),
                points: measured.iter().map(|m| (m.alpha, m.mean)).collect(),
                mark: Mark::ErrorBars(measured.iter().map(MeasuredRate::accepted_range).collect()),
                color: BLACK,
            },
        ],
        legend: Corner::TopLeft,
    };
    plot::write_png(&chart, &folder.join("hopfield-one-step.png"))?;
    Ok(checks)
}

/// Runs the checks and returns them with the measured error at each load of
/// [`PATTERN_COUNTS`].
fn evaluate() -> Result<(Vec<Check>, Vec<MeasuredRate>), shinkei::Error> {
    let mut checks = Vec::new();
    for (patterns, exact, gaussian) in PUBLISHED {
        let alpha = patterns as f64 / N as f64;
        let computed = exact_hebbian_one_step_error(N, patterns).tie_as_half();
        checks.push(Check::new(
            &format!("hopfield-one-step/exact-sum-alpha-{alpha:.2}"),
            exact,
            computed,
            5e-6,
        ));
        let predicted = f64::from(hebbian_one_step_error(alpha as f32));
        checks.push(Check::new(
            &format!("hopfield-one-step/gaussian-alpha-{alpha:.2}"),
            gaussian,
            predicted,
            5e-6,
        ));
    }

    // error_rates[load][network]
    let error_rates = on_large_stack(measure_error_rates)?;
    let mut measured = Vec::new();
    for (patterns, rates) in PATTERN_COUNTS.iter().zip(&error_rates) {
        let alpha = *patterns as f64 / N as f64;
        let estimate = Estimate::from_values(rates);
        let expected = exact_hebbian_one_step_error(N, *patterns).tie_keeps_unit();
        let bits = (NETWORKS as usize * patterns.min(&PROBED_PATTERNS) * N) as f64;
        let tolerance = error_rate_tolerance(&estimate, expected, bits);
        checks.push(Check::new(
            &format!("hopfield-one-step/alpha-{alpha:.2}-vs-exact"),
            expected,
            estimate.mean,
            tolerance,
        ));
        measured.push(MeasuredRate {
            alpha,
            mean: estimate.mean,
            expected,
            tolerance,
        });
    }
    Ok((checks, measured))
}

/// Returns the one-step error rate of every network at every load of
/// [`PATTERN_COUNTS`].
fn measure_error_rates() -> Result<Vec<Vec<f64>>, shinkei::Error> {
    type Memory = Hopfield<f32, N, { words_for(N) }>;

    let mut rates = vec![Vec::new(); PATTERN_COUNTS.len()];
    let mut memory = Box::new(Memory::new(OnlineRule::Hebbian));
    for network in 0..NETWORKS {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(SEED + network);
        let max_patterns = PATTERN_COUNTS[PATTERN_COUNTS.len() - 1];
        let patterns = random_patterns::<N, { words_for(N) }>(&mut rng, max_patterns);
        memory.clear();
        for (load, &count) in PATTERN_COUNTS.iter().enumerate() {
            for pattern in &patterns[memory.pattern_count()..count] {
                memory.store(pattern)?;
            }
            let mut flipped = 0u64;
            let probed = count.min(PROBED_PATTERNS);
            for pattern in &patterns[..probed] {
                let mut state = *pattern;
                memory.recall_synchronous(&mut state, 1);
                flipped += u64::from(state.hamming_distance(pattern));
            }
            rates[load].push(flipped as f64 / (probed * N) as f64);
        }
    }
    Ok(rates)
}
