//! The kernel's forward pass, loss and gradient against the `f64` reference,
//! on random networks of several shapes and on a network trained on digits.
//!
//! Shapes include sizes 1, 7, 8 and 9, one under, at and over the kernel's
//! eight SIMD lanes, so that both the vector groups and the scalar tail of
//! every dot product and matrix-vector product are exercised.

use rand_core::SeedableRng;
use shinkei::activation::Activation;
use shinkei::mlp::{Gradient, Mlp};
use shinkei::rng::Xoshiro128PlusPlus;
use shinkei::schedule::Schedule;
use shinkei_host::data;
use shinkei_host::training::{TrainConfig, padded, train};
use shinkei_tests::magnitude::magnitudes;
use shinkei_tests::{
    assert_within, kernel_allowed, kernel_gradient_parts, normal_array, parameter_parts,
    random_mlp, reference_gradient_parts, reference_of, target_for, widen,
};

/// Random samples per network.
const SAMPLES: usize = 20;

/// Hidden activation and output activation of each network tested per
/// shape; `None` is a softmax classifier.
const CONFIGS: [(Activation, Option<Activation>); 6] = [
    (Activation::Tanh, None),
    (Activation::Sigmoid, None),
    (Activation::Relu, None),
    (Activation::Tanh, Some(Activation::Identity)),
    (Activation::Sigmoid, Some(Activation::Sigmoid)),
    (Activation::Relu, Some(Activation::Tanh)),
];

/// Compares predict, loss and gradient of `net` with the reference on
/// `(x, target)`; `case` describes the input for failure messages.
fn compare_sample<const IN: usize, const HIDDEN: usize, const OUT: usize>(
    net: &Mlp<IN, HIDDEN, OUT>,
    x: &[f32; IN],
    target: &[f32; OUT],
    case: &str,
) {
    let reference = reference_of(net);
    let x64 = widen(x);
    let target64 = widen(target);
    let bounds = magnitudes(&reference, &x64, &target64);

    let predicted = net
        .predict(x)
        .unwrap_or_else(|e| panic!("predict failed: {e}; input {case}"));
    let expected = reference.predict(&x64);
    check(
        "predict",
        case,
        &widen(&predicted),
        &expected,
        &bounds.predict,
    );

    let loss = net
        .loss(x, target)
        .unwrap_or_else(|e| panic!("loss failed: {e}; input {case}"));
    let expected_loss = reference.loss(&x64, &target64);
    check(
        "loss",
        case,
        &[f64::from(loss)],
        &[expected_loss],
        &[bounds.loss],
    );

    let mut gradient = Gradient::default();
    let gradient_loss = net
        .gradient(x, target, &mut gradient)
        .unwrap_or_else(|e| panic!("gradient failed: {e}; input {case}"));
    assert_eq!(
        gradient_loss, loss,
        "loss returned by gradient differs from loss(); input {case}"
    );

    let expected = reference_gradient_parts(&reference.gradient(&x64, &target64));
    let bounds = reference_gradient_parts(&bounds.gradient);
    for (((name, actual), (_, expected)), (_, bound)) in kernel_gradient_parts(&gradient)
        .iter()
        .zip(&expected)
        .zip(&bounds)
    {
        check(
            &format!("gradient of {name}"),
            case,
            actual,
            expected,
            bound,
        );
    }
}

/// Asserts that `actual` is within [`KERNEL_RELATIVE`](shinkei_tests::KERNEL_RELATIVE)
/// of `expected`, measured against the error magnitudes `bounds`.
fn check(what: &str, case: &str, actual: &[f64], expected: &[f64], bounds: &[f64]) {
    assert_within(
        what,
        case,
        actual,
        expected,
        &kernel_allowed(expected, bounds),
    );
}

/// Runs [`compare_sample`] on every configuration with random inputs.
fn check_shape<const IN: usize, const HIDDEN: usize, const OUT: usize>(seed: u64) {
    for (index, &(hidden, output)) in CONFIGS.iter().enumerate() {
        let net_seed = seed * 100 + index as u64;
        let net = random_mlp::<IN, HIDDEN, OUT>(hidden, output, net_seed);
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(net_seed + 1_000_000);
        for sample in 0..SAMPLES {
            let x: [f32; IN] = normal_array(&mut rng, 1.0);
            let target: [f32; OUT] = target_for(output.is_none(), &mut rng);
            let case = format!(
                "{IN}-{HIDDEN}-{OUT} net seed {net_seed}, hidden {hidden:?}, output {output:?}, \
                 sample {sample}: x = {x:?}, target = {target:?}"
            );
            compare_sample(&net, &x, &target, &case);
        }
    }
}

#[test]
fn shape_1_1_1() {
    check_shape::<1, 1, 1>(1);
}

#[test]
fn shape_7_8_9() {
    check_shape::<7, 8, 9>(2);
}

#[test]
fn shape_8_9_7() {
    check_shape::<8, 9, 7>(3);
}

#[test]
fn shape_9_7_8() {
    check_shape::<9, 7, 8>(4);
}

#[test]
fn shape_17_16_15() {
    check_shape::<17, 16, 15>(5);
}

#[test]
fn shape_64_32_10() {
    check_shape::<64, 32, 10>(6);
}

#[test]
fn digits_network_matches_reference() {
    let digits = data::digits().expect("built-in digits load");
    let config = TrainConfig {
        activation: Activation::Tanh,
        schedule: Schedule::Constant { rate: 0.05 },
        epochs: 3,
        seed: 11,
    };
    let (net, summary) =
        train::<64, 32, 10>(&digits, &config, &mut |_| {}).expect("training succeeds");
    assert!(
        summary.test_accuracy > 0.9,
        "accuracy {} after 3 epochs, expected above 0.9",
        summary.test_accuracy
    );

    for (index, sample) in digits.test.iter().take(60).enumerate() {
        let (x, class) = padded::<64>(sample);
        let target: [f32; 10] = core::array::from_fn(|k| if k == class { 1.0 } else { 0.0 });
        let case = format!("digits test sample {index} (class {class}): x = {x:?}");
        compare_sample(&net, &x, &target, &case);
    }
}

/// `train_step` must move every parameter by `-rate · gradient`, up to the
/// rounding of the update itself: `w' = fl(w + fl(fl(-rate · δ) · x))` has
/// at most three roundings, each within 2⁻²⁴ of its result, so the error is
/// below `4 · 2⁻²⁴ (|w| + |rate · g|)`.
#[test]
fn train_step_moves_by_rate_times_gradient() {
    const RATE: f32 = 0.5;
    let eps = f64::from(f32::EPSILON) / 2.0;
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(77);
    for &(hidden, output) in &CONFIGS {
        let mut net = random_mlp::<9, 8, 7>(hidden, output, 77);
        let x: [f32; 9] = normal_array(&mut rng, 1.0);
        let target: [f32; 7] = target_for(output.is_none(), &mut rng);
        let case =
            format!("9-8-7 hidden {hidden:?}, output {output:?}: x = {x:?}, target = {target:?}");

        let mut gradient = Gradient::default();
        net.gradient(&x, &target, &mut gradient)
            .expect("gradient succeeds");
        let before = parameter_parts(&net);
        net.train_step(&x, &target, RATE)
            .expect("train step succeeds");
        let after = parameter_parts(&net);

        let parts = before
            .iter()
            .zip(&after)
            .zip(kernel_gradient_parts(&gradient));
        for (((name, before), (_, after)), (_, gradient)) in parts {
            for (index, ((w, w_new), g)) in before.iter().zip(after).zip(&gradient).enumerate() {
                let step = f64::from(RATE) * g;
                let error = ((w - w_new) - step).abs();
                let allowed = 4.0 * eps * (w.abs() + step.abs());
                assert!(
                    error <= allowed,
                    "{name}[{index}]: moved by {:e}, expected rate × gradient = {step:e} \
                     (error {error:e}, allowed {allowed:e}); input {case}",
                    w - w_new
                );
            }
        }
    }
}
