//! The machine's peak single-precision throughput through `wide::f32x8`,
//! the yardstick for the other benchmarks' FLOP/s.
//!
//! Each benchmark runs `CHAINS` independent accumulators for `STEPS` steps
//! of `acc = acc * a + b`, all in registers: as `mul_add` (one fused
//! instruction when the build enables FMA, else a multiply and an add) and
//! as a separate multiply and add. Enough independent chains hide the
//! instruction latency, so the best result over the chain counts is the
//! peak for that instruction mix. Every step is two FLOPs per lane.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use wide::f32x8;

/// Steps per call; long enough that the call overhead vanishes.
const STEPS: usize = 1024;

#[inline(never)]
fn mul_add_chains<const CHAINS: usize>(
    a: f32x8,
    b: f32x8,
    start: [f32x8; CHAINS],
) -> [f32x8; CHAINS] {
    let mut acc = start;
    for _ in 0..STEPS {
        for v in acc.iter_mut() {
            *v = v.mul_add(a, b);
        }
    }
    acc
}

#[inline(never)]
fn mul_then_add_chains<const CHAINS: usize>(
    a: f32x8,
    b: f32x8,
    start: [f32x8; CHAINS],
) -> [f32x8; CHAINS] {
    let mut acc = start;
    for _ in 0..STEPS {
        for v in acc.iter_mut() {
            *v = *v * a + b;
        }
    }
    acc
}

fn chains<const CHAINS: usize>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
) {
    // `a` slightly below 1 and a small `b` keep every accumulator a normal
    // number near 1 however many steps run.
    let a = f32x8::splat(0.999_9);
    let b = f32x8::splat(1.0e-4);
    let start = [f32x8::ONE; CHAINS];
    group.throughput(Throughput::Elements((STEPS * CHAINS * 8 * 2) as u64));
    group.bench_function(BenchmarkId::new("mul_add", CHAINS), |bench| {
        bench.iter(|| mul_add_chains(black_box(a), black_box(b), black_box(start)))
    });
    group.bench_function(BenchmarkId::new("mul_then_add", CHAINS), |bench| {
        bench.iter(|| mul_then_add_chains(black_box(a), black_box(b), black_box(start)))
    });
}

fn peak(c: &mut Criterion) {
    let mut group = c.benchmark_group("peak");
    chains::<4>(&mut group);
    chains::<6>(&mut group);
    chains::<8>(&mut group);
    chains::<12>(&mut group);
    group.finish();
}

criterion_group!(benches, peak);
criterion_main!(benches);
