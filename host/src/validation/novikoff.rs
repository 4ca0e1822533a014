//! The perceptron convergence theorem (Block 1962, Novikoff 1962) on the
//! kernel's `Perceptron`.
//!
//! If every input has norm at most `R` and some unit vector `u` gives
//! `y (u · x) ≥ γ > 0` on every sample, the perceptron started at `w = 0`
//! makes at most `(R / γ)²` updates, in any sample order. With a learned
//! bias the theorem applies to the inputs extended by a constant 1 and to
//! `(u, c) / |(u, c)|` for the hyperplane `u · x + c = 0`.
//!
//! Two parts:
//!
//! - The tight case `x_i = e_i`, all labels +1, through the origin: `R = 1`
//!   and the best margin is `1 / √N`, so the bound is `N`, and the
//!   perceptron makes exactly `N` updates.
//! - Generated separable sets of several dimensions, sizes and margins:
//!   points uniform in the cube `[-2, 2]^IN`, labelled by a random
//!   hyperplane, rejected when closer to it than a minimum distance. `γ` is
//!   the margin of that generating hyperplane on the data actually drawn,
//!   which is at most the best margin, so `(R / γ)²` is a valid bound. Each
//!   set is trained twice: in the order drawn, and in a new random order
//!   every epoch. The check is the largest ratio of measured updates to the
//!   bound.

use rand_core::SeedableRng;
use shinkei::rng::{Xoshiro128PlusPlus, shuffle, standard_normal, uniform_range};
use shinkei::rosenblatt::{Bias, Label, Perceptron};

use std::path::Path;

use plotters::style::colors::{BLUE, RED};

use super::{Check, ExperimentResult};
use crate::plot::{self, Axis, Chart, Corner, Mark, Series};

/// Sample counts of the generated sets.
const SAMPLE_COUNTS: [usize; 2] = [100, 1000];

/// Minimum distances of a generated point from the generating hyperplane.
const MIN_DISTANCES: [f64; 3] = [0.02, 0.1, 0.5];

/// Generated sets per combination of dimension, size, distance and bias.
const RUNS: u64 = 3;

const SEED: u64 = 0x4E4F_5649;

/// Runs `novikoff`.
pub fn run() -> ExperimentResult {
    let (mut checks, runs) = measure()?;
    checks.extend(run_checks(&runs));
    Ok(checks)
}

/// Runs `novikoff` and writes `novikoff.png` into `folder`: the updates of
/// every generated run against its bound `(R / γ)²`, on log scales, with
/// the line where the two are equal.
pub fn run_and_plot(folder: &Path) -> ExperimentResult {
    let (mut checks, runs) = measure()?;
    checks.extend(run_checks(&runs));

    let smallest = runs
        .iter()
        .map(|run| run.updates.max(1) as f64)
        .fold(f64::INFINITY, f64::min);
    let largest = runs.iter().map(|run| run.bound).fold(1.0, f64::max);
    let low = 10f64.powi(smallest.log10().floor() as i32);
    let high = 10f64.powi(largest.log10().ceil() as i32);
    let decades = (low.log10().round() as i32)..=(high.log10().round() as i32);
    let ticks: Vec<f64> = decades.map(|k| 10f64.powi(k)).collect();
    let axis = |label: &str| Axis {
        label: label.to_owned(),
        range: (low, high),
        ticks: ticks.clone(),
        log: true,
    };
    let chart = Chart {
        title: "Perceptron updates against the Novikoff bound".to_owned(),
        x: axis("bound (R / gamma)^2"),
        y: axis("updates"),
        series: vec![
            Series {
                label: "updates = bound".to_owned(),
                points: vec![(low, low), (high, high)],
                mark: Mark::Line,
                color: BLUE,
            },
            Series {
                label: format!("{} generated runs", runs.len()),
                points: runs
                    .iter()
                    .map(|run| (run.bound, run.updates.max(1) as f64))
                    .collect(),
                mark: Mark::Points,
                color: RED,
            },
        ],
        legend: Corner::TopLeft,
    };
    plot::write_png(&chart, &folder.join("novikoff.png"))?;
    Ok(checks)
}

/// Returns the checks of the tight case, and the runs on the generated
/// sets.
fn measure() -> Result<(Vec<Check>, Vec<Run>), shinkei::Error> {
    // The tight case in N = 10, 100 and 1000 dimensions.
    let checks = vec![
        tight_case::<10>()?,
        tight_case::<100>()?,
        tight_case::<1000>()?,
    ];

    let mut rng = Xoshiro128PlusPlus::seed_from_u64(SEED);
    let mut runs = Vec::new();
    generated_sets::<2>(&mut rng, &mut runs)?;
    generated_sets::<8>(&mut rng, &mut runs)?;
    generated_sets::<32>(&mut rng, &mut runs)?;
    Ok((checks, runs))
}

/// Returns the checks on the generated runs: all converged, and the largest
/// ratio of updates to bound is at most 1.
fn run_checks(runs: &[Run]) -> [Check; 2] {
    let unconverged = runs.iter().filter(|run| !run.converged).count();
    let ratio = runs
        .iter()
        .map(|run| run.updates as f64 / run.bound)
        .fold(0.0, f64::max);
    [
        Check::outcome("novikoff/all-runs-converged", true, unconverged == 0),
        Check::at_most("novikoff/max-updates-over-bound", 1.0, ratio),
    ]
}

/// Trains on `x_i = e_i` in `N` dimensions and checks for `N` updates.
fn tight_case<const N: usize>() -> Result<Check, shinkei::Error> {
    let inputs: Vec<[f32; N]> = (0..N)
        .map(|i| core::array::from_fn(|j| if i == j { 1.0 } else { 0.0 }))
        .collect();
    let labels = vec![Label::Positive; N];
    let mut unit = Perceptron::<N>::new(Bias::Zero);
    let training = unit.train(&inputs, &labels, 1.0, 10)?;
    Ok(Check::new(
        &format!("novikoff/tight-{N}-updates"),
        N as f64,
        training.updates() as f64,
        0.0,
    ))
}

/// One training run on a generated set.
#[derive(Debug, Clone, Copy)]
struct Run {
    /// The bound `(R / γ)²` of the set.
    bound: f64,
    updates: u64,
    converged: bool,
}

/// Trains on [`RUNS`] generated sets for every sample count, minimum
/// distance and bias mode, in `IN` dimensions.
fn generated_sets<const IN: usize>(
    rng: &mut Xoshiro128PlusPlus,
    runs: &mut Vec<Run>,
) -> Result<(), shinkei::Error> {
    for samples in SAMPLE_COUNTS {
        for min_distance in MIN_DISTANCES {
            for bias in [Bias::Zero, Bias::Learned] {
                for _ in 0..RUNS {
                    let mut data = separable_set::<IN>(rng, samples, min_distance, bias);
                    // Every epoch but the last makes an update, so a run that
                    // keeps the bound ends within bound + 1 epochs.
                    let max_epochs = (data.bound.floor() as u32).saturating_add(1);

                    // In the order drawn, until an epoch without a mistake.
                    let mut unit = Perceptron::<IN>::new(bias);
                    let training = unit.train(&data.inputs, &data.labels, 1.0, max_epochs)?;
                    runs.push(Run {
                        bound: data.bound,
                        updates: training.updates(),
                        converged: training.is_converged(),
                    });

                    // In a new random order every epoch.
                    let mut unit = Perceptron::<IN>::new(bias);
                    let mut updates = 0;
                    let mut converged = false;
                    for _ in 0..max_epochs {
                        data.shuffle(rng);
                        let epoch = unit.train(&data.inputs, &data.labels, 1.0, 1)?;
                        updates += epoch.updates();
                        if epoch.is_converged() {
                            converged = true;
                            break;
                        }
                    }
                    runs.push(Run {
                        bound: data.bound,
                        updates,
                        converged,
                    });
                }
            }
        }
    }
    Ok(())
}

/// A generated separable data set and its bound `(R / γ)²`.
struct SeparableSet<const IN: usize> {
    inputs: Vec<[f32; IN]>,
    labels: Vec<Label>,
    bound: f64,
}

impl<const IN: usize> SeparableSet<IN> {
    /// Puts the samples in a random order, which changes neither R nor γ.
    fn shuffle(&mut self, rng: &mut Xoshiro128PlusPlus) {
        let mut order: Vec<usize> = (0..self.inputs.len()).collect();
        shuffle(rng, &mut order);
        self.inputs = order.iter().map(|&i| self.inputs[i]).collect();
        self.labels = order.iter().map(|&i| self.labels[i]).collect();
    }
}

/// Draws `samples` points labelled by a random hyperplane, each at least
/// `min_distance` from it. The hyperplane passes through the origin for
/// [`Bias::Zero`] and has an offset uniform in `[-0.5, 0.5]` otherwise.
fn separable_set<const IN: usize>(
    rng: &mut Xoshiro128PlusPlus,
    samples: usize,
    min_distance: f64,
    bias: Bias,
) -> SeparableSet<IN> {
    let mut normal: [f64; IN] = core::array::from_fn(|_| f64::from(standard_normal(rng)));
    let norm = normal.iter().map(|v| v * v).sum::<f64>().sqrt();
    normal.iter_mut().for_each(|v| *v /= norm);
    let offset = match bias {
        Bias::Learned => f64::from(uniform_range(rng, -0.5, 0.5)),
        Bias::Zero => 0.0,
    };
    let signed_distance = |x: &[f32; IN]| -> f64 {
        x.iter()
            .zip(&normal)
            .map(|(x, u)| f64::from(*x) * u)
            .sum::<f64>()
            + offset
    };

    let mut inputs = Vec::with_capacity(samples);
    let mut labels = Vec::with_capacity(samples);
    while inputs.len() < samples {
        let x: [f32; IN] = core::array::from_fn(|_| uniform_range(rng, -2.0, 2.0));
        let distance = signed_distance(&x);
        if distance.abs() >= min_distance {
            inputs.push(x);
            labels.push(Label::from(distance > 0.0));
        }
    }

    // R and γ of the f32 inputs passed to the kernel, extended by the
    // constant 1 when the bias is learned.
    let (constant_sq, extended_norm) = match bias {
        Bias::Learned => (1.0, (1.0 + offset * offset).sqrt()),
        Bias::Zero => (0.0, 1.0),
    };
    let mut radius_sq = 0.0f64;
    let mut margin = f64::INFINITY;
    for (x, label) in inputs.iter().zip(&labels) {
        let norm_sq: f64 = x.iter().map(|v| f64::from(*v).powi(2)).sum();
        radius_sq = radius_sq.max(norm_sq + constant_sq);
        margin = margin.min(f64::from(label.sign()) * signed_distance(x) / extended_norm);
    }
    SeparableSet {
        inputs,
        labels,
        bound: radius_sq / (margin * margin),
    }
}
