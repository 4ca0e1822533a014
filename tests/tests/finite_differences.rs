//! Gradients against central finite differences of the loss.
//!
//! There are two checks. The `f64` reference's backpropagation is compared
//! with differences of its own loss, which validates the reference that the
//! kernel is compared with. The kernel's gradient is compared with
//! differences of the kernel's own `f32` loss, which needs no reference.
//!
//! ReLU is left out here: a step of `h` can cross its kink, where the
//! difference quotient is not the derivative. The comparison with the
//! reference covers ReLU.

use rand_core::SeedableRng;
use shinkei::activation::Activation;
use shinkei::dense::Dense;
use shinkei::mlp::{Gradient, Mlp};
use shinkei::rng::Xoshiro128PlusPlus;
use shinkei_host::reference::ReferenceMlp;
use shinkei_tests::{
    F32_STEP, F64_STEP, KERNEL_VS_DIFFERENCES, REFERENCE_VS_DIFFERENCES, assert_within,
    difference_allowed, kernel_gradient_parts, normal_array, random_mlp, reference_gradient_parts,
    reference_of, target_for, widen,
};

/// Networks checked per shape; `None` is a softmax classifier.
const CONFIGS: [(Activation, Option<Activation>); 4] = [
    (Activation::Tanh, None),
    (Activation::Sigmoid, None),
    (Activation::Tanh, Some(Activation::Identity)),
    (Activation::Sigmoid, Some(Activation::Tanh)),
];

/// Returns every parameter of the reference as a mutable reference, in the
/// order of [`reference_gradient_parts`] flattened.
fn reference_parameters(net: &mut ReferenceMlp) -> Vec<&mut f64> {
    let hidden = &mut net.hidden;
    let output = &mut net.output;
    hidden
        .weights
        .iter_mut()
        .flatten()
        .chain(hidden.bias.iter_mut())
        .chain(output.weights.iter_mut().flatten())
        .chain(output.bias.iter_mut())
        .collect()
}

/// Returns the central differences of the reference's loss with respect to
/// every parameter, in the order of [`reference_parameters`].
fn reference_differences(net: &ReferenceMlp, x: &[f64], t: &[f64]) -> Vec<f64> {
    let count = reference_parameters(&mut net.clone()).len();
    (0..count)
        .map(|index| {
            let mut plus = net.clone();
            *reference_parameters(&mut plus)[index] += F64_STEP;
            let mut minus = net.clone();
            *reference_parameters(&mut minus)[index] -= F64_STEP;
            (plus.loss(x, t) - minus.loss(x, t)) / (2.0 * F64_STEP)
        })
        .collect()
}

fn check_reference<const IN: usize, const HIDDEN: usize, const OUT: usize>(seed: u64) {
    for (index, &(hidden, output)) in CONFIGS.iter().enumerate() {
        let net_seed = seed * 100 + index as u64;
        let reference = reference_of(&random_mlp::<IN, HIDDEN, OUT>(hidden, output, net_seed));
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(net_seed + 1);
        let x = widen(&normal_array::<IN>(&mut rng, 1.0));
        let t = widen(&target_for::<OUT>(output.is_none(), &mut rng));
        let case = format!(
            "{IN}-{HIDDEN}-{OUT} net seed {net_seed}, hidden {hidden:?}, output {output:?}: x = {x:?}, t = {t:?}"
        );

        let differences = reference_differences(&reference, &x, &t);
        let gradient = reference.gradient(&x, &t);
        let mut offset = 0;
        for (name, analytic) in reference_gradient_parts(&gradient) {
            let numeric = &differences[offset..offset + analytic.len()];
            let allowed = difference_allowed(numeric, REFERENCE_VS_DIFFERENCES);
            assert_within(
                &format!("reference gradient of {name}"),
                &case,
                &analytic,
                numeric,
                &allowed,
            );
            offset += analytic.len();
        }
    }
}

#[test]
fn reference_gradient_3_5_2() {
    check_reference::<3, 5, 2>(1);
}

#[test]
fn reference_gradient_9_7_8() {
    check_reference::<9, 7, 8>(2);
}

/// Rebuilds `net` with one parameter moved by `delta`; `index` counts in
/// the order hidden weights, hidden biases, output weights, output biases.
/// Returns the network and the parameter's new value.
fn perturbed<const IN: usize, const HIDDEN: usize, const OUT: usize>(
    net: &Mlp<IN, HIDDEN, OUT>,
    index: usize,
    delta: f32,
) -> (Mlp<IN, HIDDEN, OUT>, f32) {
    let (hidden, output) = (net.hidden_layer(), net.output_layer());
    let mut hidden_weights = *hidden.weights();
    let mut hidden_bias = *hidden.bias();
    let mut output_weights = *output.weights();
    let mut output_bias = *output.bias();
    let value = {
        let parameters = hidden_weights
            .as_flattened_mut()
            .iter_mut()
            .chain(hidden_bias.iter_mut())
            .chain(output_weights.as_flattened_mut().iter_mut())
            .chain(output_bias.iter_mut());
        let parameter = parameters
            .into_iter()
            .nth(index)
            .expect("index is below the parameter count");
        *parameter += delta;
        *parameter
    };
    let hidden = Dense::from_parts(
        hidden_weights,
        hidden_bias,
        hidden.activation(),
        hidden.precision(),
    )
    .expect("perturbed weights are finite");
    let output = Dense::from_parts(
        output_weights,
        output_bias,
        output.activation(),
        output.precision(),
    )
    .expect("perturbed weights are finite");
    (Mlp::from_layers(hidden, output, net.loss_function()), value)
}

fn check_kernel<const IN: usize, const HIDDEN: usize, const OUT: usize>(seed: u64) {
    let count = IN * HIDDEN + HIDDEN + HIDDEN * OUT + OUT;
    for (index, &(hidden, output)) in CONFIGS.iter().enumerate() {
        let net_seed = seed * 100 + index as u64;
        let net = random_mlp::<IN, HIDDEN, OUT>(hidden, output, net_seed);
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(net_seed + 1);
        let x: [f32; IN] = normal_array(&mut rng, 1.0);
        let t: [f32; OUT] = target_for(output.is_none(), &mut rng);
        let case = format!(
            "{IN}-{HIDDEN}-{OUT} net seed {net_seed}, hidden {hidden:?}, output {output:?}: x = {x:?}, t = {t:?}"
        );

        // The parameter actually moves between the two rounded f32 values,
        // so their difference, not 2h, is the denominator.
        let differences: Vec<f64> = (0..count)
            .map(|parameter| {
                let (plus, high) = perturbed(&net, parameter, F32_STEP);
                let (minus, low) = perturbed(&net, parameter, -F32_STEP);
                let rise = f64::from(plus.loss(&x, &t).expect("loss succeeds"))
                    - f64::from(minus.loss(&x, &t).expect("loss succeeds"));
                rise / (f64::from(high) - f64::from(low))
            })
            .collect();

        let mut gradient = Gradient::default();
        net.gradient(&x, &t, &mut gradient)
            .expect("gradient succeeds");
        let mut offset = 0;
        for (name, analytic) in kernel_gradient_parts(&gradient) {
            let numeric = &differences[offset..offset + analytic.len()];
            let allowed = difference_allowed(numeric, KERNEL_VS_DIFFERENCES);
            assert_within(
                &format!("kernel gradient of {name}"),
                &case,
                &analytic,
                numeric,
                &allowed,
            );
            offset += analytic.len();
        }
    }
}

#[test]
fn kernel_gradient_1_1_1() {
    check_kernel::<1, 1, 1>(3);
}

#[test]
fn kernel_gradient_7_8_9() {
    check_kernel::<7, 8, 9>(4);
}

#[test]
fn kernel_gradient_9_8_3() {
    check_kernel::<9, 8, 3>(5);
}
