//! A training step that fails must leave the model bit-for-bit unchanged.

use rand_core::SeedableRng;
use shinkei::Error;
use shinkei::activation::{Activation, Precision};
use shinkei::dense::Dense;
use shinkei::loss::Loss;
use shinkei::mlp::Mlp;
use shinkei::perceptron::AnalogPerceptron;
use shinkei::rng::Xoshiro128PlusPlus;
use shinkei::schedule::Schedule;
use shinkei::sgd::OnlineSgd;

type Net = Mlp<9, 5, 3>;

fn network() -> Net {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(11);
    Mlp::classifier(Activation::Tanh, Precision::Exact, &mut rng)
}

fn sample() -> ([f32; 9], [f32; 3]) {
    (
        [0.5, -0.25, 1.0, 0.0, -1.0, 0.75, 0.1, -0.3, 0.2],
        [0.0, 1.0, 0.0],
    )
}

/// Runs a step that must fail with `expected`, and checks the network and
/// the trainer did not change.
fn assert_rejected(net: &mut Net, x: &[f32; 9], t: &[f32; 3], rate: f32, expected: Error) {
    let before = net.clone();
    let checksum = net.checksum();
    let result = net.train_step(x, t, rate);
    // Compared through Debug because a NaN inside an error is never equal
    // to itself.
    assert_eq!(
        format!("{result:?}"),
        format!("{:?}", Err::<f32, Error>(expected)),
        "step with x = {x:?}, t = {t:?}, rate = {rate}"
    );
    assert_eq!(
        net.checksum(),
        checksum,
        "checksum changed after {expected:?}"
    );
    assert_eq!(*net, before, "weights changed after {expected:?}");
}

#[test]
fn non_finite_input_rejected() {
    let mut net = network();
    let (x, t) = sample();
    for index in [0, 7, 8] {
        for value in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
            let mut bad = x;
            bad[index] = value;
            assert_rejected(
                &mut net,
                &bad,
                &t,
                0.1,
                Error::NonFiniteInput { index, value },
            );
        }
    }
}

#[test]
fn non_finite_input_reports_first_index() {
    let net = network();
    let mut x = sample().0;
    x[3] = f32::INFINITY;
    x[6] = f32::NAN;
    let result = net.predict(&x);
    assert_eq!(
        result,
        Err(Error::NonFiniteInput {
            index: 3,
            value: f32::INFINITY
        })
    );
}

#[test]
fn non_finite_target_rejected() {
    let mut net = network();
    let (x, t) = sample();
    for index in 0..3 {
        let mut bad = t;
        bad[index] = f32::NAN;
        let result = net.train_step(&x, &bad, 0.1);
        assert!(
            matches!(result, Err(Error::NonFiniteTarget { index: i, .. }) if i == index),
            "target {bad:?}: got {result:?}, expected NonFiniteTarget at {index}"
        );
        bad[index] = f32::NEG_INFINITY;
        assert_rejected(
            &mut net,
            &x,
            &bad,
            0.1,
            Error::NonFiniteTarget {
                index,
                value: f32::NEG_INFINITY,
            },
        );
    }
}

#[test]
fn invalid_learning_rate_rejected() {
    let mut net = network();
    let (x, t) = sample();
    for rate in [f32::INFINITY, f32::NEG_INFINITY, -0.1, -f32::MIN_POSITIVE] {
        assert_rejected(
            &mut net,
            &x,
            &t,
            rate,
            Error::InvalidLearningRate { value: rate },
        );
    }
    let result = net.train_step(&x, &t, f32::NAN);
    assert!(
        matches!(result, Err(Error::InvalidLearningRate { value }) if value.is_nan()),
        "NaN rate gave {result:?}"
    );
}

#[test]
fn zero_rate_changes_nothing() {
    let mut net = network();
    let before = net.clone();
    let (x, t) = sample();
    let loss = net.train_step(&x, &t, 0.0);
    assert!(loss.is_ok(), "rate 0 gave {loss:?}");
    assert_eq!(net, before, "rate 0 changed the weights");
}

#[test]
fn zero_rate_keeps_negative_zero_bits() {
    let hidden = Dense::<2, 2>::from_parts(
        [[-0.0, 0.5], [0.25, -0.0]],
        [-0.0, 0.0],
        Activation::Tanh,
        Precision::Exact,
    )
    .unwrap();
    let output = Dense::<2, 2>::from_parts(
        [[-0.0; 2], [0.5, -0.5]],
        [-0.0; 2],
        Activation::Identity,
        Precision::Exact,
    )
    .unwrap();
    let mut net = Mlp::from_layers(hidden, output, Loss::SoftmaxCrossEntropy);
    let checksum = net.checksum();
    net.train_step(&[1.0, -1.0], &[1.0, 0.0], 0.0).unwrap();
    assert_eq!(
        net.checksum(),
        checksum,
        "a step with rate 0 changed the bits of -0.0 weights"
    );
}

#[test]
fn invalid_class_rejected() {
    let mut net = network();
    let before = net.clone();
    let mut sgd = OnlineSgd::new(Schedule::Constant { rate: 0.1 }).unwrap();
    let x = sample().0;
    let result = sgd.train_class(&mut net, &x, 3);
    assert_eq!(
        result,
        Err(Error::InvalidClass {
            class: 3,
            classes: 3
        })
    );
    assert_eq!(net, before, "weights changed after an invalid class");
    assert_eq!(sgd.steps(), 0, "a failed step was counted");
}

#[test]
fn overflowing_update_rejected() {
    let mut net = network();
    let (mut x, t) = sample();
    x[2] = 4.0;
    assert_rejected(&mut net, &x, &t, f32::MAX, Error::NonFiniteWeight);
}

#[test]
fn overflowing_forward_rejected() {
    let mut net = network();
    let t = sample().1;
    let x = [f32::MAX; 9];
    assert_rejected(&mut net, &x, &t, 0.1, Error::NonFiniteOutput);
}

#[test]
fn update_near_f32_range_applied_when_finite() {
    // Weights of 1e38 are past the fast check's bound, so the exact check
    // runs; a small step keeps them finite and must be applied.
    let hidden = Dense::<2, 1>::from_parts(
        [[1.0e38, 0.0]],
        [0.0],
        Activation::Identity,
        Precision::Exact,
    )
    .unwrap();
    let output =
        Dense::<1, 1>::from_parts([[1.0e-38]], [0.0], Activation::Identity, Precision::Exact)
            .unwrap();
    let mut net = Mlp::from_layers(hidden, output, Loss::SquaredError);
    let before = net.clone();
    let result = net.train_step(&[1.0, 0.0], &[0.0], 0.5);
    assert!(
        result.is_ok(),
        "finite update near the f32 range gave {result:?}"
    );
    assert_ne!(net, before, "the update was not applied");
    assert!(net.hidden_layer().weights()[0][0].is_finite());
}

#[test]
fn failed_sgd_step_not_counted() {
    let mut net = network();
    let mut sgd = OnlineSgd::new(Schedule::RobbinsMonro {
        initial: 0.1,
        tau: 10.0,
    })
    .unwrap();
    let (x, t) = sample();
    sgd.train_step(&mut net, &x, &t).unwrap();
    let mut bad = x;
    bad[0] = f32::NAN;
    assert!(sgd.train_step(&mut net, &bad, &t).is_err());
    assert_eq!(sgd.steps(), 1, "steps after one good and one failed step");
    assert_eq!(sgd.rate(), 0.1 / 1.1, "rate of step 1");
}

#[test]
fn invalid_schedule_rejected() {
    let result = OnlineSgd::new(Schedule::Constant { rate: f32::NAN });
    assert!(
        matches!(result, Err(Error::InvalidSchedule { .. })),
        "NaN rate schedule gave {result:?}"
    );
}

#[test]
fn analog_perceptron_rejects_bad_input() {
    let mut unit = AnalogPerceptron::<3>::from_parts(
        [0.5, -0.5, 0.25],
        0.1,
        Activation::Sigmoid,
        Precision::Exact,
    )
    .unwrap();
    let before = unit.clone();
    let cases = [
        ([f32::NAN, 0.0, 0.0], 1.0, 0.1),
        ([0.0, 0.0, 0.0], f32::INFINITY, 0.1),
        ([0.0, 0.0, 0.0], 1.0, f32::NAN),
        ([0.0, 0.0, 0.0], 1.0, -1.0),
        ([f32::MAX, -f32::MAX, f32::MAX], 1.0, 0.1),
    ];
    for (x, target, rate) in cases {
        let result = unit.train_step(&x, target, rate);
        assert!(
            result.is_err(),
            "x = {x:?}, target = {target}, rate = {rate} gave {result:?}"
        );
        assert_eq!(
            unit, before,
            "unit changed after x = {x:?}, target = {target}, rate = {rate}"
        );
    }
}

#[test]
fn from_parts_rejects_non_finite_weights() {
    let result = Dense::<2, 1>::from_parts(
        [[1.0, f32::NAN]],
        [0.0],
        Activation::Identity,
        Precision::Exact,
    );
    assert_eq!(result.err(), Some(Error::NonFiniteWeight));
}
