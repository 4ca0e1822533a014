//! Minsky and Papert ("Perceptrons", 1969): what one threshold unit cannot
//! compute, and Rosenblatt's way around it.
//!
//! - XOR is not a threshold function. [`separability::decide`] proves it
//!   with an exact certificate, and the kernel's `Perceptron` stops at its
//!   epoch limit. The limit alone would prove nothing.
//! - `n`-bit parity has order `n`: no threshold unit over the monomials
//!   (products of inputs) of degree below `n` computes it, and one over all
//!   monomials up to degree `n` does. Both are decided exactly.
//! - The S-A-R `ThreeLayerPerceptron`, a trained readout on fixed random
//!   sign units, learns `n`-bit parity for `n = 2..6`. The measured value is
//!   the smallest number of association units among [`A_UNITS`] with which
//!   the readout converged within [`PARITY_MAX_EPOCHS`] epochs, and it
//!   passes when some choice converged.
//!
//! NOTE: every layer is drawn from one seed, so the smallest size is that
//! of one draw per size, not a typical value, and need not grow with `n`.

use std::path::Path;

use plotters::style::RGBColor;
use plotters::style::colors::{BLACK, RED};
use shinkei::activation::{Activation, Precision};
use shinkei::rosenblatt::{
    Bias, Label, Perceptron, RandomWeights, Rule, StoredAssociation, ThreeLayerPerceptron,
};

use super::separability::{self, with_bias};
use super::threshold_functions::cube;
use super::{Check, ExperimentResult};
use crate::plot::{self, Axis, Chart, Corner, Mark, Series};

/// Epoch limit of the single unit on XOR.
const XOR_MAX_EPOCHS: u32 = 1000;

/// The association layer sizes tried, in increasing order.
pub const A_UNITS: [usize; 5] = [8, 16, 32, 64, 128];

/// Epoch limit of the S-A-R readout on parity.
pub const PARITY_MAX_EPOCHS: u32 = 2000;

/// Seed of every association layer.
const LAYER_SEED: u64 = 0x4D50_0001;

/// Parity sizes whose order is decided by linear programming.
const ORDER_INPUTS: [usize; 4] = [2, 3, 4, 5];

/// Parity sizes learned by the S-A-R perceptron, in the order of the
/// `smallest_converging_layer` calls in [`evaluate`].
const PARITY_INPUTS: [usize; 5] = [2, 3, 4, 5, 6];

/// The smallest association layer that learned parity, per size of
/// [`PARITY_INPUTS`], or `None` where no size in [`A_UNITS`] did.
type SmallestLayers = [Option<usize>; PARITY_INPUTS.len()];

type BoxedError = Box<dyn std::error::Error + Send + Sync>;

/// Runs `minsky-papert`.
pub fn run() -> ExperimentResult {
    Ok(evaluate()?.0)
}

/// Runs `minsky-papert` and writes `minsky-papert.png` into `folder`: the
/// smallest association layer with which the S-A-R perceptron learned
/// `n`-bit parity, against `n`. A size that never converged is not drawn.
pub fn run_and_plot(folder: &Path) -> ExperimentResult {
    let (checks, smallest) = evaluate()?;
    let largest = A_UNITS[A_UNITS.len() - 1] as f64;
    let inputs = || PARITY_INPUTS.iter().map(|&n| n as f64);
    let chart = Chart {
        title: "Minsky-Papert: parity with random A-units".to_owned(),
        x: Axis {
            label: "parity inputs n".to_owned(),
            range: (1.5, 6.5),
            ticks: inputs().collect(),
            log: false,
        },
        y: Axis {
            label: "A-units needed".to_owned(),
            range: (4.0, 512.0),
            ticks: vec![4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0],
            log: true,
        },
        series: vec![
            Series {
                label: format!("largest layer tried, {largest}"),
                points: vec![(1.5, largest), (6.5, largest)],
                mark: Mark::Line,
                color: RED,
            },
            Series {
                label: "2^n, the number of input patterns".to_owned(),
                points: inputs().map(|n| (n, 2f64.powf(n))).collect(),
                mark: Mark::Line,
                color: RGBColor(150, 150, 150),
            },
            Series {
                label: format!(
                    "smallest of {A_UNITS:?} that converged within {PARITY_MAX_EPOCHS} epochs, one seed"
                ),
                points: inputs()
                    .zip(smallest)
                    .filter_map(|(n, units)| units.map(|units| (n, units as f64)))
                    .collect(),
                mark: Mark::Points,
                color: BLACK,
            },
        ],
        legend: Corner::TopLeft,
    };
    plot::write_png(&chart, &folder.join("minsky-papert.png"))?;
    Ok(checks)
}

/// Runs the checks and returns them with the smallest converging layer for
/// each size of [`PARITY_INPUTS`].
fn evaluate() -> Result<(Vec<Check>, SmallestLayers), BoxedError> {
    let mut checks = Vec::new();

    let xor_points = with_bias(&cube(2));
    let xor_labels = [false, true, true, false];
    let decision = separability::decide(&xor_points, &xor_labels)?;
    checks.push(Check::outcome(
        "minsky-papert/xor-separable",
        false,
        decision.is_separable(),
    ));

    let inputs = [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]];
    let labels = xor_labels.map(Label::from);
    let mut unit = Perceptron::<2>::new(Bias::Learned);
    let training = unit.train(&inputs, &labels, 1.0, XOR_MAX_EPOCHS)?;
    checks.push(Check::outcome(
        "minsky-papert/xor-perceptron-converged",
        false,
        training.is_converged(),
    ));

    for inputs in ORDER_INPUTS {
        for degree in [inputs - 1, inputs] {
            let separable = parity_separable_by_monomials(inputs, degree)?;
            checks.push(Check::outcome(
                &format!("minsky-papert/parity-{inputs}-degree-{degree}-separable"),
                degree == inputs,
                separable,
            ));
        }
    }

    let smallest = [
        smallest_converging_layer::<2>()?,
        smallest_converging_layer::<3>()?,
        smallest_converging_layer::<4>()?,
        smallest_converging_layer::<5>()?,
        smallest_converging_layer::<6>()?,
    ];
    for (inputs, units) in PARITY_INPUTS.into_iter().zip(smallest) {
        checks.push(Check::at_most(
            &format!("minsky-papert/parity-{inputs}-a-units"),
            A_UNITS[A_UNITS.len() - 1] as f64,
            units.map_or(f64::INFINITY, |units| units as f64),
        ));
    }
    Ok((checks, smallest))
}

/// Decides whether one threshold unit over the monomials of degree at most
/// `degree` (the empty product, 1, included) computes parity of `inputs`
/// bits.
fn parity_separable_by_monomials(
    inputs: usize,
    degree: usize,
) -> Result<bool, separability::Undecided> {
    let subsets: Vec<usize> = (0..1usize << inputs)
        .filter(|s| s.count_ones() as usize <= degree)
        .collect();
    let points: Vec<Vec<f64>> = (0..1usize << inputs)
        .map(|p| {
            // The monomial over subset s is 1 iff every input in s is 1.
            subsets
                .iter()
                .map(|&s| if p & s == s { 1.0 } else { 0.0 })
                .collect()
        })
        .collect();
    let odd: Vec<bool> = (0..1usize << inputs)
        .map(|p: usize| p.count_ones() % 2 == 1)
        .collect();
    Ok(separability::decide(&points, &odd)?.is_separable())
}

/// Returns the smallest size in [`A_UNITS`] whose S-A-R perceptron learns
/// `S`-bit parity, or `None`.
fn smallest_converging_layer<const S: usize>() -> Result<Option<usize>, shinkei::Error> {
    // One entry per size of A_UNITS, in the same order.
    let results = [
        learns_parity::<S, 8>()?,
        learns_parity::<S, 16>()?,
        learns_parity::<S, 32>()?,
        learns_parity::<S, 64>()?,
        learns_parity::<S, 128>()?,
    ];
    Ok(A_UNITS
        .into_iter()
        .zip(results)
        .find(|(_, converged)| *converged)
        .map(|(units, _)| units))
}

/// Trains the readout of an S-A-R perceptron with `A` Gaussian sign units on
/// all `2^S` inputs of parity, as 0/1 values, with Kesler's rule.
fn learns_parity<const S: usize, const A: usize>() -> Result<bool, shinkei::Error> {
    let inputs: Vec<[f32; S]> = (0..1usize << S)
        .map(|p| core::array::from_fn(|bit| ((p >> bit) & 1) as f32))
        .collect();
    let classes: Vec<usize> = (0..1usize << S)
        .map(|p| p.count_ones() as usize % 2)
        .collect();
    let layer = StoredAssociation::<S, A>::from_seed(
        LAYER_SEED,
        RandomWeights::Gaussian,
        Activation::Sign,
        Precision::Exact,
    );
    let mut network = ThreeLayerPerceptron::<S, A, 2, _>::new(layer);
    let training = network.train(&inputs, &classes, Rule::Kesler, 1.0, PARITY_MAX_EPOCHS)?;
    Ok(training.is_converged())
}
