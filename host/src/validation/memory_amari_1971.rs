//! Amari's (1971) macroscopic activity equation for a random network of
//! McCulloch-Pitts units.
//!
//! Units are 0 or 1, weights are independent `N(w̄/N, σ²/N)` and every unit
//! has threshold `h`. With a fraction `X_t` of units active, a unit's input
//! is close to `N(w̄ X_t, σ² X_t)`, so the active fraction follows
//!
//! ```text
//! X_{t+1} = Φ((w̄ X_t - h) / (σ √X_t)).
//! ```
//!
//! For `w̄ = 2`, `σ = 1`, `h = 0.5` the map has stable fixed points 0 and
//! 0.9185 and an unstable one at 0.0597. The experiment checks those fixed
//! points, then runs [`NETWORKS`] networks of `N = 4000` units from
//! `X_0 = 0.3` and compares the mean active fraction with the map for three
//! steps.
//!
//! The networks are plain `f32` matrices on the host, not the kernel's
//! `threshold` module, whose units have small integer weights.
//!
//! NOTE: the map gives `X_1 = Φ(0.1 / √0.3) = 0.5724` from `X_0 = 0.3`. A
//! published table lists 0.5695, 0.8014, 0.8910. Its later values follow from
//! 0.5695 by the same map, so only its first value disagrees with the
//! formula. The checks use the values this file computes: 0.5724, 0.8030,
//! 0.8914.

use std::path::Path;

use plotters::style::RGBColor;
use plotters::style::colors::{BLACK, BLUE, RED};
use rand_core::SeedableRng;
use shinkei::rng::{Xoshiro128PlusPlus, standard_normal};

use super::memory_support::Estimate;
use super::{Check, ExperimentResult};
use crate::plot::{self, Axis, Chart, Corner, Mark, Series};

/// Mean weight times `N`.
const MEAN_WEIGHT: f64 = 2.0;

/// Weight standard deviation times `√N`.
const WEIGHT_SPREAD: f64 = 1.0;

/// Threshold of every unit.
const THRESHOLD: f64 = 0.5;

/// Units per network.
const N: usize = 4000;

/// Independent networks averaged.
const NETWORKS: u64 = 4;

/// Initial active fraction.
const INITIAL_ACTIVITY: f64 = 0.3;

/// Steps compared with the map.
const STEPS: usize = 3;

/// Accepted gap between the mean active fraction and the map.
const TOLERANCE: f64 = 0.01;

const SEED: u64 = 0x414D_3731;

/// Steps of the map drawn by [`run_and_plot`].
const PLOTTED_STEPS: usize = 8;

/// Runs `amari-1971`.
pub fn run() -> ExperimentResult {
    Ok(evaluate().0)
}

/// Runs `amari-1971` and writes `amari-1971.png` into `folder`: the map's
/// `X_t` against `t`, its two fixed points other than 0, and the mean
/// simulated activity with a bar over the accepted range.
pub fn run_and_plot(folder: &Path) -> ExperimentResult {
    let (checks, simulated) = evaluate();
    let mut map = vec![(0.0, INITIAL_ACTIVITY)];
    for t in 1..=PLOTTED_STEPS {
        map.push((t as f64, next_activity(map[t - 1].1)));
    }
    let level = |value: f64| vec![(0.0, value), (PLOTTED_STEPS as f64, value)];
    let stable = fixed_point(0.5, 0.999);
    let unstable = fixed_point(0.01, 0.3);
    let grey = RGBColor(150, 150, 150);
    let chart = Chart {
        title: "Amari 1971: active fraction".to_owned(),
        x: Axis {
            label: "step t".to_owned(),
            range: (0.0, PLOTTED_STEPS as f64),
            ticks: (0..=PLOTTED_STEPS).map(|t| t as f64).collect(),
            log: false,
        },
        y: Axis {
            label: "active fraction X_t".to_owned(),
            // Headroom above 1 keeps the legend clear of the curves.
            range: (0.0, 1.25),
            ticks: vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            log: false,
        },
        series: vec![
            Series {
                label: format!("stable fixed point {stable:.4}"),
                points: level(stable),
                mark: Mark::Line,
                color: RED,
            },
            Series {
                label: format!("unstable fixed point {unstable:.4}"),
                points: level(unstable),
                mark: Mark::Line,
                color: grey,
            },
            Series {
                label: "map X_t+1 = Phi((2 X_t - 0.5) / sqrt(X_t))".to_owned(),
                points: map,
                mark: Mark::Line,
                color: BLUE,
            },
            Series {
                label: format!(
                    "simulated mean, {NETWORKS} networks of N = {N}; bar: accepted range"
                ),
                points: simulated.iter().map(|&(t, mean, _)| (t, mean)).collect(),
                mark: Mark::ErrorBars(
                    simulated
                        .iter()
                        .map(|&(_, _, expected)| (expected - TOLERANCE, expected + TOLERANCE))
                        .collect(),
                ),
                color: BLACK,
            },
        ],
        legend: Corner::TopLeft,
    };
    plot::write_png(&chart, &folder.join("amari-1971.png"))?;
    Ok(checks)
}

/// Runs the checks and returns them with `(t, simulated mean, map value)`
/// for `t = 1..=STEPS`.
fn evaluate() -> (Vec<Check>, Vec<(f64, f64, f64)>) {
    let mut checks = Vec::new();
    for (name, expected, low, high) in [
        ("unstable-fixed-point", 0.0597, 0.01, 0.3),
        ("stable-fixed-point", 0.9185, 0.5, 0.999),
    ] {
        checks.push(Check::new(
            &format!("amari-1971/{name}"),
            expected,
            fixed_point(low, high),
            5e-5,
        ));
    }

    let mut predicted = vec![INITIAL_ACTIVITY];
    for t in 0..STEPS {
        predicted.push(next_activity(predicted[t]));
    }
    let mut simulated = vec![Vec::new(); STEPS];
    for network in 0..NETWORKS {
        let activity = simulate_network(SEED + network);
        for (t, value) in activity.into_iter().enumerate() {
            simulated[t].push(value);
        }
    }
    let mut means = Vec::new();
    for t in 1..=STEPS {
        let estimate = Estimate::from_values(&simulated[t - 1]);
        checks.push(Check::new(
            &format!("amari-1971/x0-0.3-activity-t{t}"),
            predicted[t],
            estimate.mean,
            TOLERANCE,
        ));
        means.push((t as f64, estimate.mean, predicted[t]));
    }
    (checks, means)
}

/// Returns `Φ((w̄ X - h) / (σ √X))`, the active fraction after one step
/// from `activity`, or 0 from 0.
pub fn next_activity(activity: f64) -> f64 {
    if activity <= 0.0 {
        return 0.0;
    }
    let z = (MEAN_WEIGHT * activity - THRESHOLD) / (WEIGHT_SPREAD * activity.sqrt());
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

/// Returns the fixed point of [`next_activity`] in `[low, high]` by
/// bisection on `next_activity(X) - X`, which must change sign there.
fn fixed_point(low: f64, high: f64) -> f64 {
    let gap = |x: f64| next_activity(x) - x;
    let (mut low, mut high) = (low, high);
    let low_sign = gap(low) > 0.0;
    debug_assert_ne!(low_sign, gap(high) > 0.0, "no sign change in the bracket");
    for _ in 0..60 {
        let middle = 0.5 * (low + high);
        if (gap(middle) > 0.0) == low_sign {
            low = middle;
        } else {
            high = middle;
        }
    }
    0.5 * (low + high)
}

/// Draws one network, starts it with `0.3 N` random units active, and
/// returns the active fraction after each of [`STEPS`] synchronous steps.
fn simulate_network(seed: u64) -> Vec<f64> {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(seed);
    let mean = (MEAN_WEIGHT / N as f64) as f32;
    let spread = (WEIGHT_SPREAD / (N as f64).sqrt()) as f32;
    // Row i contains the weights into unit i.
    let weights: Vec<f32> = (0..N * N)
        .map(|_| mean + spread * standard_normal(&mut rng))
        .collect();

    let mut state = vec![0.0f32; N];
    let active = (INITIAL_ACTIVITY * N as f64).round() as usize;
    let mut order: Vec<usize> = (0..N).collect();
    shinkei::rng::shuffle(&mut rng, &mut order);
    for &unit in &order[..active] {
        state[unit] = 1.0;
    }

    let mut activity = Vec::with_capacity(STEPS);
    for _ in 0..STEPS {
        let next: Vec<f32> = weights
            .chunks_exact(N)
            .map(|row| {
                let field: f32 = row.iter().zip(&state).map(|(w, x)| w * x).sum();
                if f64::from(field) > THRESHOLD {
                    1.0
                } else {
                    0.0
                }
            })
            .collect();
        state = next;
        activity.push(state.iter().sum::<f32>() as f64 / N as f64);
    }
    activity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_from_initial_activity() {
        // Φ(0.1 / √0.3) and the two steps after it, from an f64 evaluation
        // of the same map with math.erfc in Python 3.
        let expected = [0.572_433_9, 0.802_984_7, 0.891_437_9];
        let mut activity = INITIAL_ACTIVITY;
        for (t, value) in expected.into_iter().enumerate() {
            activity = next_activity(activity);
            assert!(
                (activity - value).abs() < 1e-7,
                "X_{}: {activity}, expected {value}",
                t + 1
            );
        }
    }

    #[test]
    fn zero_activity_is_fixed() {
        assert_eq!(next_activity(0.0), 0.0);
    }
}
