//! Criterion benchmarks of the shinkei kernels; run them with
//! `cargo bench -p shinkei-benches`.
//!
//! The library part holds the shared input builders.

use rand_core::SeedableRng;
use shinkei::rng::{Xoshiro128PlusPlus, uniform_range};

/// Returns `len` values uniform in `[-1, 1)` from a generator seeded with
/// `seed`.
pub fn random_vec(seed: u64, len: usize) -> Vec<f32> {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(seed);
    (0..len)
        .map(|_| uniform_range(&mut rng, -1.0, 1.0))
        .collect()
}
