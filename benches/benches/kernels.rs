//! Throughput of the vector kernels, `wide` against scalar, and of one
//! online SGD step.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand_core::SeedableRng;
use shinkei::activation::{Activation, Precision};
use shinkei::mlp::Mlp;
use shinkei::rng::Xoshiro128PlusPlus;
use shinkei::vector::{self, scalar};
use shinkei_benches::random_vec;
use std::hint::black_box;

fn dot(c: &mut Criterion) {
    let mut group = c.benchmark_group("dot");
    for len in [8usize, 64, 256, 1024] {
        let a = random_vec(1, len);
        let b = random_vec(2, len);
        // Two floating-point operations per element.
        group.throughput(Throughput::Elements(2 * len as u64));
        group.bench_with_input(BenchmarkId::new("wide", len), &len, |bench, _| {
            bench.iter(|| vector::dot(black_box(&a), black_box(&b)))
        });
        group.bench_with_input(BenchmarkId::new("scalar", len), &len, |bench, _| {
            bench.iter(|| scalar::dot(black_box(&a), black_box(&b)))
        });
    }
    group.finish();
}

fn matvec(c: &mut Criterion) {
    const IN: usize = 64;
    const OUT: usize = 32;
    let values = random_vec(3, IN * OUT);
    let mut w = [[0.0f32; IN]; OUT];
    for (row, chunk) in w.iter_mut().zip(values.chunks_exact(IN)) {
        row.copy_from_slice(chunk);
    }
    let x: [f32; IN] = random_vec(4, IN).try_into().unwrap();
    let mut y = [0.0f32; OUT];

    let mut group = c.benchmark_group("matvec_32x64");
    group.throughput(Throughput::Elements((2 * IN * OUT) as u64));
    group.bench_function("wide", |bench| {
        bench.iter(|| vector::matvec(black_box(&w), black_box(&x), &mut y))
    });
    group.bench_function("scalar", |bench| {
        bench.iter(|| scalar::matvec(black_box(&w), black_box(&x), &mut y))
    });
    group.finish();
}

fn sgd_step(c: &mut Criterion) {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(5);
    let mut net = Mlp::<64, 32, 10>::classifier(Activation::Tanh, Precision::Exact, &mut rng);
    let x: [f32; 64] = random_vec(6, 64)
        .iter()
        .map(|v| v.abs())
        .collect::<Vec<_>>()
        .try_into()
        .unwrap();

    let mut group = c.benchmark_group("sgd_step");
    group.throughput(Throughput::Elements(1));
    group.bench_function("mlp_64_32_10", |bench| {
        bench.iter(|| net.train_class(black_box(&x), 3, 0.01).unwrap())
    });
    group.finish();
}

criterion_group!(benches, dot, matvec, sgd_step);
criterion_main!(benches);
