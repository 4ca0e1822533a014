//! Throughput of the network kernels: dense forward passes, the gradient
//! of a two-layer perceptron, and one online SGD step, with FANN's
//! incremental training step on the same layer sizes as a peer.
//!
//! Dense layers report FLOP/s (two per weight); gradient and SGD groups
//! report samples per second.

use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main,
    measurement::WallTime,
};
use rand_core::SeedableRng;
use shinkei::activation::{Activation, Precision};
use shinkei::dense::Dense;
use shinkei::mlp::{Gradient, Mlp};
use shinkei::rng::Xoshiro128PlusPlus;
use shinkei_benches::random_samples;
use std::hint::black_box;

/// Learning rate of every training benchmark, shinkei and FANN alike.
const RATE: f32 = 0.01;
/// Number of distinct samples a training benchmark cycles through.
const SAMPLES: usize = 256;
/// Number of classes, the output layer's width.
const CLASSES: usize = 10;

fn dense_layer<const IN: usize, const OUT: usize>(group: &mut BenchmarkGroup<'_, WallTime>) {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(11);
    let tanh = Dense::<IN, OUT>::glorot(Activation::Tanh, Precision::Exact, &mut rng);
    let identity = Dense::<IN, OUT>::glorot(Activation::Identity, Precision::Exact, &mut rng);
    let (x, _) = random_samples::<IN>(12, 1, CLASSES)[0];
    let mut z = [0.0f32; OUT];
    let mut y = [0.0f32; OUT];

    let size = format!("{IN}x{OUT}");
    group.throughput(Throughput::Elements(2 * (IN * OUT) as u64));
    group.bench_function(BenchmarkId::new("tanh", &size), |bench| {
        bench.iter(|| tanh.forward(black_box(&x), &mut z, &mut y))
    });
    group.bench_function(BenchmarkId::new("identity", &size), |bench| {
        bench.iter(|| identity.forward(black_box(&x), &mut z, &mut y))
    });
}

fn dense_forward(c: &mut Criterion) {
    let mut group = c.benchmark_group("dense_forward");
    dense_layer::<32, 10>(&mut group);
    dense_layer::<64, 32>(&mut group);
    dense_layer::<784, 64>(&mut group);
    group.finish();
}

/// Returns the one-hot target of `class`.
fn one_hot(class: usize) -> [f32; CLASSES] {
    let mut target = [0.0; CLASSES];
    target[class] = 1.0;
    target
}

/// Benchmarks `Mlp::gradient` (forward and backward pass, no update) and
/// `Mlp::train_class` (one online SGD step) of an `IN`-`HIDDEN`-10
/// classifier with tanh hidden units and softmax outputs.
fn mlp<const IN: usize, const HIDDEN: usize>(c: &mut Criterion) {
    let name = format!("{IN}-{HIDDEN}-{CLASSES}");
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(13);
    let mut net =
        Mlp::<IN, HIDDEN, CLASSES>::classifier(Activation::Tanh, Precision::Exact, &mut rng);
    let samples = random_samples::<IN>(14, SAMPLES, CLASSES);
    let targets: Vec<[f32; CLASSES]> = samples.iter().map(|(_, class)| one_hot(*class)).collect();

    let mut group = c.benchmark_group("mlp_gradient");
    group.throughput(Throughput::Elements(1));
    let mut gradient = Box::new(Gradient::<IN, HIDDEN, CLASSES>::default());
    let mut next = 0;
    group.bench_function(&name, |bench| {
        bench.iter(|| {
            next = (next + 1) % SAMPLES;
            net.gradient(black_box(&samples[next].0), &targets[next], &mut gradient)
                .unwrap()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("sgd_step");
    group.throughput(Throughput::Elements(1));
    group.bench_function(BenchmarkId::new("shinkei", &name), |bench| {
        bench.iter(|| {
            next = (next + 1) % SAMPLES;
            let (x, class) = &samples[next];
            net.train_class(black_box(x), *class, RATE).unwrap()
        })
    });
    // The same network with the fast activations and exponential, to show
    // how much of a step the exact `libm` functions take.
    let mut fast =
        Mlp::<IN, HIDDEN, CLASSES>::classifier(Activation::Tanh, Precision::Fast, &mut rng);
    group.bench_function(BenchmarkId::new("shinkei_fast", &name), |bench| {
        bench.iter(|| {
            next = (next + 1) % SAMPLES;
            let (x, class) = &samples[next];
            fast.train_class(black_box(x), *class, RATE).unwrap()
        })
    });
    // ReLU hidden units cost almost nothing to apply and differentiate, so
    // this variant bounds what a faster tanh could save.
    let mut relu =
        Mlp::<IN, HIDDEN, CLASSES>::classifier(Activation::Relu, Precision::Exact, &mut rng);
    group.bench_function(BenchmarkId::new("shinkei_relu", &name), |bench| {
        bench.iter(|| {
            next = (next + 1) % SAMPLES;
            let (x, class) = &samples[next];
            relu.train_class(black_box(x), *class, RATE).unwrap()
        })
    });
    fann_step(&mut group, &name, IN, HIDDEN, &samples, &targets);
    group.finish();
}

/// Benchmarks FANN's incremental training step on the same samples.
#[cfg(fann)]
fn fann_step<const IN: usize>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    inputs: usize,
    hidden: usize,
    samples: &[([f32; IN], usize)],
    targets: &[[f32; CLASSES]],
) {
    let mut fann = shinkei_benches::fann::Fann::new(inputs, hidden, CLASSES, RATE);
    let mut next = 0;
    group.bench_function(BenchmarkId::new("fann", name), |bench| {
        bench.iter(|| {
            next = (next + 1) % SAMPLES;
            fann.train(black_box(&samples[next].0), &targets[next]);
        })
    });
    let output = fann.run(&samples[0].0);
    assert!(
        output.iter().all(|v| v.is_finite()),
        "FANN diverged: outputs {output:?}"
    );
}

/// Without `libfloatfann` the build script leaves `cfg(fann)` unset and
/// there is no FANN benchmark.
#[cfg(not(fann))]
fn fann_step<const IN: usize>(
    _group: &mut BenchmarkGroup<'_, WallTime>,
    _name: &str,
    _inputs: usize,
    _hidden: usize,
    _samples: &[([f32; IN], usize)],
    _targets: &[[f32; CLASSES]],
) {
    eprintln!("FANN benchmark skipped: libfloatfann was not found at build time");
}

fn mlp_small(c: &mut Criterion) {
    mlp::<64, 32>(c);
}

fn mlp_mnist(c: &mut Criterion) {
    mlp::<784, 64>(c);
}

criterion_group!(benches, dense_forward, mlp_small, mlp_mnist);
criterion_main!(benches);
