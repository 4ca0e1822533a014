//! Criterion benchmarks of the shinkei kernels; `cargo xtask bench` runs
//! them all and writes `BENCHMARKS.md`, and `cargo bench -p shinkei-benches`
//! runs them alone.
//!
//! The library part contains what the benchmark files share: input builders,
//! fused multiply-add twins of the vector kernels, and the FANN binding.

use rand_core::SeedableRng;
use shinkei::rng::{Xoshiro128PlusPlus, uniform_range};

#[cfg(fann)]
pub mod fann;
pub mod fma;

/// Returns `len` values uniform in `[-1, 1)` from a generator seeded with
/// `seed`.
pub fn random_vec(seed: u64, len: usize) -> Vec<f32> {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(seed);
    (0..len)
        .map(|_| uniform_range(&mut rng, -1.0, 1.0))
        .collect()
}

/// Returns an `OUT × IN` matrix of values uniform in `[-1, 1)`, on the heap
/// because the largest benchmarked matrices do not fit on a thread's stack.
pub fn random_matrix<const IN: usize, const OUT: usize>(seed: u64) -> Box<[[f32; IN]; OUT]> {
    let values = random_vec(seed, IN * OUT);
    let rows: Vec<[f32; IN]> = values
        .chunks_exact(IN)
        .map(|row| {
            row.try_into()
                .expect("chunks_exact yields rows of IN values")
        })
        .collect();
    rows.into_boxed_slice()
        .try_into()
        .unwrap_or_else(|_| unreachable!("the matrix has OUT rows"))
}

/// Returns `count` training samples: inputs uniform in `[0, 1)`, like scaled
/// pixels, and class labels uniform in `0..classes`.
///
/// Random labels keep the loss away from zero however long a benchmark
/// trains on them, so the gradients never become subnormal numbers, which
/// some CPUs process far more slowly.
pub fn random_samples<const IN: usize>(
    seed: u64,
    count: usize,
    classes: usize,
) -> Vec<([f32; IN], usize)> {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(seed);
    (0..count)
        .map(|_| {
            let x = core::array::from_fn(|_| uniform_range(&mut rng, 0.0, 1.0));
            let class = (uniform_range(&mut rng, 0.0, classes as f32) as usize).min(classes - 1);
            (x, class)
        })
        .collect()
}
