//! Throughput of the vector kernels: the `wide` path against the plain loops
//! of `shinkei::vector::scalar`, a fused multiply-add twin, and nalgebra's
//! matrix-vector products as a peer.
//!
//! Every throughput is in floating-point operations: two per
//! multiply-accumulate, so criterion's "elements/s" are FLOP/s.

use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main, measurement::WallTime,
};
use nalgebra::{DMatrix, DVector};
use shinkei::vector::{self, scalar};
use shinkei_benches::{fma, random_matrix, random_vec};
use std::hint::black_box;

/// Vector lengths for dot and axpy.
const LENGTHS: [usize; 5] = [8, 64, 256, 1024, 4096];

fn dot(c: &mut Criterion) {
    let mut group = c.benchmark_group("dot");
    for len in LENGTHS {
        let a = random_vec(1, len);
        let b = random_vec(2, len);
        group.throughput(Throughput::Elements(2 * len as u64));
        group.bench_with_input(BenchmarkId::new("wide", len), &len, |bench, _| {
            bench.iter(|| vector::dot(black_box(&a), black_box(&b)))
        });
        group.bench_with_input(BenchmarkId::new("scalar", len), &len, |bench, _| {
            bench.iter(|| scalar::dot(black_box(&a), black_box(&b)))
        });
        group.bench_with_input(BenchmarkId::new("wide_mul_add", len), &len, |bench, _| {
            bench.iter(|| fma::dot(black_box(&a), black_box(&b)))
        });
    }
    group.finish();
}

fn axpy(c: &mut Criterion) {
    let mut group = c.benchmark_group("axpy");
    for len in LENGTHS {
        let x = random_vec(3, len);
        let mut y = random_vec(4, len);
        // A tiny scale keeps `y` from growing however many iterations run.
        let alpha = 1.0e-6;
        group.throughput(Throughput::Elements(2 * len as u64));
        group.bench_with_input(BenchmarkId::new("wide", len), &len, |bench, _| {
            bench.iter(|| vector::axpy(black_box(alpha), black_box(&x), black_box(&mut y)))
        });
        group.bench_with_input(BenchmarkId::new("scalar", len), &len, |bench, _| {
            bench.iter(|| scalar::axpy(black_box(alpha), black_box(&x), black_box(&mut y)))
        });
        group.bench_with_input(BenchmarkId::new("wide_mul_add", len), &len, |bench, _| {
            bench.iter(|| fma::axpy(black_box(alpha), black_box(&x), black_box(&mut y)))
        });
    }
    group.finish();
}

/// The matrix-vector product that a group measures.
#[derive(Clone, Copy)]
enum Product {
    /// `y = W x`.
    Plain,
    /// `y = Wᵀ d`.
    Transposed,
}

/// Benchmarks one product with a square `N × N` matrix: wide, scalar,
/// the `mul_add` twin and nalgebra.
fn matvec_square<const N: usize>(group: &mut BenchmarkGroup<'_, WallTime>, product: Product) {
    let w = random_matrix::<N, N>(5);
    let x: Box<[f32; N]> = random_vec(6, N).into_boxed_slice().try_into().unwrap();
    let mut y: Box<[f32; N]> = Box::new([0.0; N]);

    // nalgebra stores matrices column by column, and `from_row_slice`
    // copies the same values in.
    let flat: Vec<f32> = w.iter().flatten().copied().collect();
    let w_nalgebra = DMatrix::from_row_slice(N, N, &flat);
    let x_nalgebra = DVector::from_column_slice(&x[..]);
    let mut y_nalgebra = DVector::<f32>::zeros(N);

    group.throughput(Throughput::Elements(2 * (N * N) as u64));
    match product {
        Product::Plain => {
            group.bench_function(BenchmarkId::new("wide", N), |bench| {
                bench.iter(|| vector::matvec(black_box(&w), black_box(&x), &mut y))
            });
            group.bench_function(BenchmarkId::new("scalar", N), |bench| {
                bench.iter(|| scalar::matvec(black_box(&w), black_box(&x), &mut y))
            });
            group.bench_function(BenchmarkId::new("wide_mul_add", N), |bench| {
                bench.iter(|| fma::matvec(black_box(&w), black_box(&x), &mut y))
            });
            group.bench_function(BenchmarkId::new("nalgebra", N), |bench| {
                bench.iter(|| {
                    y_nalgebra.gemv(1.0, black_box(&w_nalgebra), black_box(&x_nalgebra), 0.0)
                })
            });
        }
        Product::Transposed => {
            group.bench_function(BenchmarkId::new("wide", N), |bench| {
                bench.iter(|| vector::matvec_transposed(black_box(&w), black_box(&x), &mut y))
            });
            group.bench_function(BenchmarkId::new("scalar", N), |bench| {
                bench.iter(|| scalar::matvec_transposed(black_box(&w), black_box(&x), &mut y))
            });
            group.bench_function(BenchmarkId::new("wide_mul_add", N), |bench| {
                bench.iter(|| fma::matvec_transposed(black_box(&w), black_box(&x), &mut y))
            });
            group.bench_function(BenchmarkId::new("nalgebra", N), |bench| {
                bench.iter(|| {
                    y_nalgebra.gemv_tr(1.0, black_box(&w_nalgebra), black_box(&x_nalgebra), 0.0)
                })
            });
        }
    }
}

fn matvec(c: &mut Criterion) {
    for (name, product) in [
        ("matvec", Product::Plain),
        ("matvec_transposed", Product::Transposed),
    ] {
        let mut group = c.benchmark_group(name);
        // One product with the 1024 × 1024 matrix takes about a millisecond,
        // too long for criterion's default linear sampling.
        group.sampling_mode(SamplingMode::Flat);
        matvec_square::<8>(&mut group, product);
        matvec_square::<64>(&mut group, product);
        matvec_square::<256>(&mut group, product);
        matvec_square::<1024>(&mut group, product);
        group.finish();
    }
}

criterion_group!(benches, dot, axpy, matvec);
criterion_main!(benches);
