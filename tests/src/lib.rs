//! Integration tests of the `shinkei` kernels against the host's `f64`
//! reference, and of the host's data loading. The tests are in `tests/`,
//! and this library contains what they share: random networks, flattening
//! of gradients, error magnitudes, and the tolerance table.

use rand_core::SeedableRng;
use shinkei::activation::{Activation, Precision};
use shinkei::dense::Dense;
use shinkei::loss::Loss;
use shinkei::mlp::{Gradient, Mlp};
use shinkei::rng::{Xoshiro128PlusPlus, standard_normal};
use shinkei_host::reference;

pub mod magnitude;

/// Allowed relative error of the kernel against the `f64` reference,
/// measured against each value's error magnitude from [`magnitude`]: an
/// element passes when `|actual − expected| ≤ KERNEL_RELATIVE · max(|expected|, M)`.
///
/// An `f32` operation rounds with relative error at most 2⁻²⁴ ≈ 6e-8. No
/// value here passes through more than about 40 roundings: two sums of up
/// to 64 terms in eight lanes, the activations, the softmax, and the
/// backward sums. So the error stays below about 2.4e-6 of `M`, and the
/// largest measured on these tests is about 8e-8 of `M`.
pub const KERNEL_RELATIVE: f64 = 1e-5;

/// Allowed errors of a gradient against finite differences. An element
/// passes when `|actual − expected| ≤ relative · max(|expected|, floor · scale)`,
/// where `scale` is the largest `|expected|` in the same array, so that
/// elements much smaller than their neighbours are judged on the array's
/// absolute scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// Allowed relative error.
    pub relative: f64,
    /// Fraction of the array's largest magnitude below which errors are
    /// judged as if the element had that magnitude.
    pub floor: f64,
}

/// The reference's analytical gradient against its own central finite
/// differences in `f64` with step [`F64_STEP`]. The truncation error is
/// about `h² |L'''| / 6` ≈ 1e-11 and the rounding error about
/// `1e-16 |L| / h` ≈ 1e-11, both far inside 1e-7 of gradients of order
/// 0.01 to 1.
pub const REFERENCE_VS_DIFFERENCES: Tolerance = Tolerance {
    relative: 1e-7,
    floor: 1e-2,
};

/// Step of the `f64` central differences.
pub const F64_STEP: f64 = 1e-5;

/// The kernel's gradient against central differences of the kernel's own
/// `f32` loss with step [`F32_STEP`]. Rounding of the loss, about 1e-6 of
/// it after some dozens of operations, is divided by `2h` = 0.02 and gives
/// an absolute error near 5e-5; truncation adds about `h² |L'''| / 6`, near
/// 2e-5. Gradients here are of order 0.01 to 1, so 1e-2 relative with a
/// floor of 10 % of the largest element is a few times above both, and still
/// catches a wrong factor or sign.
pub const KERNEL_VS_DIFFERENCES: Tolerance = Tolerance {
    relative: 1e-2,
    floor: 1e-1,
};

/// Step of the `f32` central differences.
pub const F32_STEP: f32 = 1e-2;

/// Asserts that `actual` matches `expected` element by element within
/// `allowed`, and names `what`, the element index, both values and `input`
/// on failure.
///
/// # Panics
///
/// Panics on the first element out of tolerance, or if the lengths differ.
pub fn assert_within(what: &str, input: &str, actual: &[f64], expected: &[f64], allowed: &[f64]) {
    assert_eq!(
        actual.len(),
        expected.len(),
        "{what}: {} values, expected {}",
        actual.len(),
        expected.len()
    );
    assert_eq!(
        allowed.len(),
        expected.len(),
        "{what}: {} tolerances for {} values",
        allowed.len(),
        expected.len()
    );
    for (index, ((a, e), allowed)) in actual.iter().zip(expected).zip(allowed).enumerate() {
        let error = (a - e).abs();
        assert!(
            error <= *allowed,
            "{what}[{index}] = {a:e}, expected {e:e}: error {error:e} exceeds {allowed:e}; input {input}"
        );
    }
}

/// Returns the allowed errors of the kernel for `expected` values whose
/// error magnitudes are `magnitudes`.
pub fn kernel_allowed(expected: &[f64], magnitudes: &[f64]) -> Vec<f64> {
    expected
        .iter()
        .zip(magnitudes)
        .map(|(e, m)| KERNEL_RELATIVE * e.abs().max(*m))
        .collect()
}

/// Returns the allowed errors of `tolerance` for `expected`.
pub fn difference_allowed(expected: &[f64], tolerance: Tolerance) -> Vec<f64> {
    let scale = expected.iter().fold(0.0f64, |max, e| max.max(e.abs()));
    expected
        .iter()
        .map(|e| tolerance.relative * e.abs().max(tolerance.floor * scale))
        .collect()
}

/// Widens `f32` values to `f64`.
pub fn widen(values: &[f32]) -> Vec<f64> {
    values.iter().map(|&v| f64::from(v)).collect()
}

/// Returns `N` standard normal values from `rng`, times `scale`.
pub fn normal_array<const N: usize>(rng: &mut Xoshiro128PlusPlus, scale: f32) -> [f32; N] {
    core::array::from_fn(|_| scale * standard_normal(rng))
}

/// Builds a layer with weights `N(0, 1 / IN)` and biases `N(0, 0.25)`,
/// so that weighted sums are of order 1 and the biases take part.
pub fn random_dense<const IN: usize, const OUT: usize>(
    activation: Activation,
    rng: &mut Xoshiro128PlusPlus,
) -> Dense<IN, OUT> {
    let scale = 1.0 / (IN as f32).sqrt();
    let weights: [[f32; IN]; OUT] = core::array::from_fn(|_| normal_array(rng, scale));
    let bias = normal_array(rng, 0.5);
    Dense::from_parts(weights, bias, activation, Precision::Exact)
        .expect("random weights are finite")
}

/// Builds a network with random weights and biases from `seed`: a softmax
/// classifier when `output` is `None`, a squared-error regressor with that
/// output activation otherwise.
pub fn random_mlp<const IN: usize, const HIDDEN: usize, const OUT: usize>(
    hidden: Activation,
    output: Option<Activation>,
    seed: u64,
) -> Mlp<IN, HIDDEN, OUT> {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(seed);
    let hidden_layer = random_dense(hidden, &mut rng);
    let (output_activation, loss) = match output {
        None => (Activation::Identity, Loss::SoftmaxCrossEntropy),
        Some(activation) => (activation, Loss::SquaredError),
    };
    Mlp::from_layers(
        hidden_layer,
        random_dense(output_activation, &mut rng),
        loss,
    )
}

/// Copies a kernel network into the `f64` reference.
pub fn reference_of<const IN: usize, const HIDDEN: usize, const OUT: usize>(
    net: &Mlp<IN, HIDDEN, OUT>,
) -> reference::ReferenceMlp {
    reference::ReferenceMlp::from_layers(
        net.hidden_layer(),
        net.output_layer(),
        net.loss_function(),
    )
}

/// Returns the four parameter arrays of a gradient, flattened and widened, with
/// their names: hidden weights, hidden bias, output weights, output bias.
pub fn kernel_gradient_parts<const IN: usize, const HIDDEN: usize, const OUT: usize>(
    gradient: &Gradient<IN, HIDDEN, OUT>,
) -> [(&'static str, Vec<f64>); 4] {
    [
        (
            "hidden weights",
            widen(gradient.hidden_weights.as_flattened()),
        ),
        ("hidden bias", widen(&gradient.hidden_bias)),
        (
            "output weights",
            widen(gradient.output_weights.as_flattened()),
        ),
        ("output bias", widen(&gradient.output_bias)),
    ]
}

/// Returns the same four arrays of a reference gradient.
pub fn reference_gradient_parts(gradient: &reference::Gradient) -> [(&'static str, Vec<f64>); 4] {
    [
        ("hidden weights", gradient.hidden_weights.concat()),
        ("hidden bias", gradient.hidden_bias.clone()),
        ("output weights", gradient.output_weights.concat()),
        ("output bias", gradient.output_bias.clone()),
    ]
}

/// Returns the four parameter arrays of a network, flattened and widened.
pub fn parameter_parts<const IN: usize, const HIDDEN: usize, const OUT: usize>(
    net: &Mlp<IN, HIDDEN, OUT>,
) -> [(&'static str, Vec<f64>); 4] {
    [
        (
            "hidden weights",
            widen(net.hidden_layer().weights().as_flattened()),
        ),
        ("hidden bias", widen(net.hidden_layer().bias())),
        (
            "output weights",
            widen(net.output_layer().weights().as_flattened()),
        ),
        ("output bias", widen(net.output_layer().bias())),
    ]
}

/// Returns a one-hot target for a random class when `classifier` is true,
/// or else a random target with elements in `[0, 1)` for a regressor.
pub fn target_for<const OUT: usize>(classifier: bool, rng: &mut Xoshiro128PlusPlus) -> [f32; OUT] {
    if classifier {
        let class = shinkei::rng::below(rng, OUT as u32) as usize;
        core::array::from_fn(|k| if k == class { 1.0 } else { 0.0 })
    } else {
        core::array::from_fn(|_| shinkei::rng::uniform_f32(rng))
    }
}
