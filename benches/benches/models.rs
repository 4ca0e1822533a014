//! Throughput of the perceptron, threshold-network and associative-memory
//! kernels for N = 256 to 4096 units, in synapses per second: the weights
//! one call reads, divided by its time.
//!
//! The largest memories take up to 64 MiB (4096² `f32` weights), more than
//! a thread's default stack, so the benchmarks run on a thread with a
//! large stack and keep every model in a `Box`. Every group samples in
//! criterion's flat mode, because one call takes up to milliseconds.

use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, measurement::WallTime,
};
use rand_core::SeedableRng;
use shinkei::memory::{BipolarPattern, ClippedHopfield, Hopfield, OnlineRule, Weight};
use shinkei::rng::{Xoshiro128PlusPlus, uniform_range};
use shinkei::rosenblatt::{Bias, Label, Perceptron};
use shinkei::threshold::{BitVec, Network};
use shinkei_benches::random_vec;
use std::hint::black_box;

/// Stack of the benchmark thread, enough to build a 64 MiB memory before
/// it moves into its `Box`.
const STACK_BYTES: usize = 512 << 20;
/// Patterns stored in each associative memory. The load is far below
/// capacity, so recall converges in one step.
const PATTERNS: usize = 4;
/// Training samples the perceptron benchmark cycles through.
const SAMPLES: usize = 64;

/// Returns the label of sample `index` on pass `pass` over the samples:
/// alternating between samples, and flipped on every pass.
fn flipping_label(index: usize, pass: usize) -> Label {
    if (index + pass).is_multiple_of(2) {
        Label::Positive
    } else {
        Label::Negative
    }
}

/// Benchmarks one training step of Rosenblatt's perceptron with `IN`
/// inputs. Random samples in high dimension are linearly separable, so
/// fixed labels would soon stop all updates. The labels flip on every pass
/// instead, and a warm-up pass prints how many steps update the weights.
fn perceptron_step<const IN: usize>(group: &mut BenchmarkGroup<'_, WallTime>) {
    let mut perceptron = Box::new(Perceptron::<IN>::new(Bias::Learned));
    let samples: Vec<[f32; IN]> = (0..SAMPLES)
        .map(|i| random_vec(100 + i as u64, IN).try_into().unwrap())
        .collect();

    let warm_up_steps = 10 * SAMPLES;
    let updates = (0..warm_up_steps)
        .filter(|step| {
            let index = step % SAMPLES;
            let label = flipping_label(index, step / SAMPLES);
            perceptron.train_step(&samples[index], label, 0.01).unwrap()
        })
        .count();
    eprintln!(
        "perceptron_step/f32/{IN}: {updates} of {warm_up_steps} warm-up steps updated the weights"
    );

    let mut step = 0;
    group.throughput(Throughput::Elements(IN as u64));
    group.bench_function(BenchmarkId::new("f32", IN), |bench| {
        bench.iter(|| {
            step += 1;
            let index = step % SAMPLES;
            let label = flipping_label(index, step / SAMPLES);
            perceptron
                .train_step(black_box(&samples[index]), label, 0.01)
                .unwrap()
        })
    });
}

/// Benchmarks one clock tick of a network of `N` McCulloch-Pitts units, fully
/// connected with random weights in `±(2^WEIGHT_BITS - 1)`.
fn threshold_step<const N: usize, const WORDS: usize, const WEIGHT_BITS: usize>(
    group: &mut BenchmarkGroup<'_, WallTime>,
) {
    let mut network = Box::new(Network::<N, WORDS, WEIGHT_BITS>::new());
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(200);
    let max = (1i32 << WEIGHT_BITS) - 1;
    for to in 0..N {
        for from in 0..N {
            let weight = (uniform_range(&mut rng, -(max as f32), max as f32 + 1.0).floor() as i32)
                .clamp(-max, max);
            network.set_weight(to, from, weight).unwrap();
        }
    }
    network.set_state(BitVec::from_fn(|i| i % 3 == 0));
    let external = BitVec::<N, WORDS>::zeros();

    group.throughput(Throughput::Elements((N * N) as u64));
    group.bench_function(
        BenchmarkId::new(format!("weight_bits_{WEIGHT_BITS}"), N),
        |bench| bench.iter(|| network.step(black_box(&external))),
    );
}

/// Benchmarks one synchronous recall step of an `N`-unit Hopfield network with
/// weights of type `W`, from a stored pattern with 5 % of its units flipped.
fn hopfield_recall<W: Weight, const N: usize, const WORDS: usize>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    weight_name: &str,
) {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(300);
    let patterns: Vec<BipolarPattern<N, WORDS>> = (0..PATTERNS)
        .map(|_| BipolarPattern::random(&mut rng))
        .collect();
    let mut memory = Box::new(Hopfield::<W, N, WORDS>::new(OnlineRule::Hebbian));
    for pattern in &patterns {
        memory.store(pattern).unwrap();
    }
    let mut cue = patterns[0];
    cue.flip_random(N / 20, &mut rng);

    group.throughput(Throughput::Elements((N * N) as u64));
    group.bench_function(BenchmarkId::new(weight_name, N), |bench| {
        bench.iter(|| {
            let mut state = cue;
            memory.recall_synchronous(black_box(&mut state), 1)
        })
    });
}

/// As [`hopfield_recall`] for the clipped network, whose synapses are
/// bit-packed signs.
fn clipped_recall<const N: usize, const WORDS: usize>(group: &mut BenchmarkGroup<'_, WallTime>) {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(300);
    let patterns: Vec<BipolarPattern<N, WORDS>> = (0..PATTERNS)
        .map(|_| BipolarPattern::random(&mut rng))
        .collect();
    let mut memory = Box::new(ClippedHopfield::<N, WORDS>::new());
    memory.clip_hebbian(&patterns);
    let mut cue = patterns[0];
    cue.flip_random(N / 20, &mut rng);

    group.throughput(Throughput::Elements((N * N) as u64));
    group.bench_function(BenchmarkId::new("clipped_bits", N), |bench| {
        bench.iter(|| {
            let mut state = cue;
            memory.recall_synchronous(black_box(&mut state), 1)
        })
    });
}

fn perceptron(c: &mut Criterion) {
    let mut group = c.benchmark_group("perceptron_step");
    group.sampling_mode(SamplingMode::Flat);
    perceptron_step::<256>(&mut group);
    perceptron_step::<1024>(&mut group);
    perceptron_step::<4096>(&mut group);
    group.finish();
}

fn threshold(c: &mut Criterion) {
    let mut group = c.benchmark_group("threshold_step");
    group.sampling_mode(SamplingMode::Flat);
    threshold_step::<256, 8, 1>(&mut group);
    threshold_step::<1024, 32, 1>(&mut group);
    threshold_step::<4096, 128, 1>(&mut group);
    threshold_step::<256, 8, 4>(&mut group);
    threshold_step::<1024, 32, 4>(&mut group);
    group.finish();
}

fn memory(c: &mut Criterion) {
    let mut group = c.benchmark_group("memory_recall");
    group.sampling_mode(SamplingMode::Flat);
    hopfield_recall::<i8, 256, 8>(&mut group, "i8");
    hopfield_recall::<i8, 1024, 32>(&mut group, "i8");
    hopfield_recall::<i8, 4096, 128>(&mut group, "i8");
    hopfield_recall::<i16, 256, 8>(&mut group, "i16");
    hopfield_recall::<i16, 1024, 32>(&mut group, "i16");
    hopfield_recall::<i16, 4096, 128>(&mut group, "i16");
    hopfield_recall::<f32, 256, 8>(&mut group, "f32");
    hopfield_recall::<f32, 1024, 32>(&mut group, "f32");
    hopfield_recall::<f32, 4096, 128>(&mut group, "f32");
    clipped_recall::<256, 8>(&mut group);
    clipped_recall::<1024, 32>(&mut group);
    clipped_recall::<4096, 128>(&mut group);
    group.finish();
}

fn main() {
    let benchmarks = std::thread::Builder::new()
        .name("benchmarks".to_string())
        .stack_size(STACK_BYTES)
        .spawn(|| {
            let mut criterion = Criterion::default().configure_from_args();
            perceptron(&mut criterion);
            threshold(&mut criterion);
            memory(&mut criterion);
            criterion.final_summary();
        })
        .expect("failed to start the benchmark thread");
    if benchmarks.join().is_err() {
        eprintln!("error: a benchmark panicked");
        std::process::exit(1);
    }
}
