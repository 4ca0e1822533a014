//! Online training converges, and is reproducible from its seed.

use rand_core::SeedableRng;
use shinkei::activation::{Activation, Precision};
use shinkei::mlp::Mlp;
use shinkei::perceptron::AnalogPerceptron;
use shinkei::rng::{Xoshiro128PlusPlus, shuffle, standard_normal};
use shinkei::schedule::Schedule;
use shinkei::sgd::OnlineSgd;

const XOR: [([f32; 2], usize); 4] = [
    ([0.0, 0.0], 0),
    ([0.0, 1.0], 1),
    ([1.0, 0.0], 1),
    ([1.0, 1.0], 0),
];

fn train_xor(seed: u64, hidden: Activation, precision: Precision) -> Mlp<2, 4, 2> {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(seed);
    let mut net = Mlp::classifier(hidden, precision, &mut rng);
    let mut sgd = OnlineSgd::new(Schedule::Constant { rate: 0.2 }).unwrap();
    let mut order = [0usize, 1, 2, 3];
    for _ in 0..3000 {
        shuffle(&mut rng, &mut order);
        for &i in &order {
            sgd.train_class(&mut net, &XOR[i].0, XOR[i].1).unwrap();
        }
    }
    net
}

#[test]
fn classifier_learns_xor() {
    for (hidden, precision) in [
        (Activation::Tanh, Precision::Exact),
        (Activation::Tanh, Precision::Fast),
        (Activation::Sigmoid, Precision::Exact),
        (Activation::Sigmoid, Precision::Fast),
    ] {
        let net = train_xor(5, hidden, precision);
        for (x, class) in XOR {
            let got = net.classify(&x).unwrap();
            assert_eq!(
                got, class,
                "{hidden:?} {precision:?}: XOR{x:?} classified {got}, expected {class}"
            );
        }
    }
}

#[test]
fn same_seed_same_weights() {
    let a = train_xor(9, Activation::Tanh, Precision::Exact);
    let b = train_xor(9, Activation::Tanh, Precision::Exact);
    let c = train_xor(10, Activation::Tanh, Precision::Exact);
    assert_eq!(a, b, "two runs from seed 9 differ");
    assert_eq!(a.checksum(), b.checksum());
    assert_ne!(
        a.checksum(),
        c.checksum(),
        "seeds 9 and 10 gave the same checksum"
    );
}

#[test]
fn regressor_fits_sine() {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(4);
    let mut net = Mlp::<1, 16, 1>::regressor(
        Activation::Tanh,
        Activation::Identity,
        Precision::Exact,
        &mut rng,
    );
    let mut sgd = OnlineSgd::new(Schedule::RobbinsMonro {
        initial: 0.05,
        tau: 50_000.0,
    })
    .unwrap();
    let xs: Vec<f32> = (0..64).map(|i| -3.0 + 6.0 * i as f32 / 63.0).collect();
    let mut order: Vec<usize> = (0..xs.len()).collect();
    for _ in 0..2000 {
        shuffle(&mut rng, &mut order);
        for &i in &order {
            sgd.train_step(&mut net, &[xs[i]], &[libm::sinf(xs[i])])
                .unwrap();
        }
    }
    for &x in &xs {
        let got = net.predict(&[x]).unwrap()[0];
        let want = libm::sinf(x);
        assert!(
            (got - want).abs() < 0.1,
            "sin({x}): got {got}, expected {want} ± 0.1"
        );
    }
}

#[test]
fn lms_recovers_linear_teacher() {
    let teacher = [0.5f32, -1.0, 2.0, 0.0, 0.25];
    let bias = -0.75;
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(6);
    let mut unit = AnalogPerceptron::<5>::new(Activation::Identity, Precision::Exact);
    let mut sgd = OnlineSgd::new(Schedule::Constant { rate: 0.02 }).unwrap();
    for _ in 0..5000 {
        let x: [f32; 5] = core::array::from_fn(|_| standard_normal(&mut rng));
        let target = teacher.iter().zip(&x).map(|(w, x)| w * x).sum::<f32>() + bias;
        sgd.train_step(&mut unit, &x, &target).unwrap();
    }
    for (j, (got, want)) in unit.weights().iter().zip(&teacher).enumerate() {
        assert!(
            (got - want).abs() < 1e-3,
            "weight {j}: got {got}, expected {want}"
        );
    }
    assert!(
        (unit.bias() - bias).abs() < 1e-3,
        "bias: got {}, expected {bias}",
        unit.bias()
    );
}
