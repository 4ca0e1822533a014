//! A small seedable generator and the sampling helpers the kernels use.
//!
//! Every function here takes any [`rand_core::Rng`], so callers can pass
//! their own generator. Sampling draws only 32-bit words with
//! [`Rng::next_u32`], which gives the same sequence of values on 32-bit and
//! 64-bit targets for the same generator state.

use core::convert::Infallible;

use rand_core::{Rng, SeedableRng, TryRng};

/// The xoshiro128++ generator of Blackman and Vigna ("Scrambled linear
/// pseudorandom number generators", ACM TOMS 47, 2021).
///
/// It has 128 bits of state, a period of 2¹²⁸ − 1, and needs only 32-bit
/// shifts, rotations and additions, which suits a Cortex-M. It is not a
/// cryptographic generator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Xoshiro128PlusPlus {
    state: [u32; 4],
}

impl Xoshiro128PlusPlus {
    fn step(&mut self) -> u32 {
        let [s0, s1, s2, s3] = &mut self.state;
        let result = s0.wrapping_add(*s3).rotate_left(7).wrapping_add(*s0);
        let t = *s1 << 9;
        *s2 ^= *s0;
        *s3 ^= *s1;
        *s1 ^= *s2;
        *s0 ^= *s3;
        *s2 ^= t;
        *s3 = s3.rotate_left(11);
        result
    }
}

impl SeedableRng for Xoshiro128PlusPlus {
    type Seed = [u8; 16];

    /// Builds a generator from 16 little-endian bytes. An all-zero seed,
    /// which xoshiro cannot leave, is replaced by a fixed non-zero state.
    fn from_seed(seed: [u8; 16]) -> Self {
        let mut state = [0u32; 4];
        for (word, bytes) in state.iter_mut().zip(seed.as_chunks::<4>().0) {
            *word = u32::from_le_bytes(*bytes);
        }
        if state == [0; 4] {
            state = [0x9E37_79B9, 0x243F_6A88, 0xB7E1_5162, 0x6A09_E667];
        }
        Self { state }
    }
}

impl TryRng for Xoshiro128PlusPlus {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        Ok(self.step())
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        rand_core::utils::next_u64_via_u32(self)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        rand_core::utils::fill_bytes_via_next_word(dst, || self.try_next_u32())
    }
}

/// Returns a uniform `f32` in `[0, 1)` with 24 random bits.
pub fn uniform_f32<R: Rng + ?Sized>(rng: &mut R) -> f32 {
    (rng.next_u32() >> 8) as f32 * (1.0 / (1u32 << 24) as f32)
}

/// Returns a uniform `f32` in `[low, high)`.
///
/// Rounding can return `high` itself when the interval is wide compared to
/// its endpoints, and an interval wider than `f32::MAX` gives infinity or
/// NaN. The kernels only use it for weight initialisation, with small
/// limits.
pub fn uniform_range<R: Rng + ?Sized>(rng: &mut R, low: f32, high: f32) -> f32 {
    low + (high - low) * uniform_f32(rng)
}

/// Returns a standard normal `f32` by the Box-Muller transform.
///
/// Two 32-bit draws per value; the result is always finite, at most about
/// 5.7 in magnitude because the uniform draws have 24 bits.
pub fn standard_normal<R: Rng + ?Sized>(rng: &mut R) -> f32 {
    // 1 - u lies in (0, 1], so the logarithm is finite.
    let u1 = 1.0 - uniform_f32(rng);
    let u2 = uniform_f32(rng);
    let radius = libm::sqrtf(-2.0 * libm::logf(u1));
    radius * libm::cosf(core::f32::consts::TAU * u2)
}

/// Returns a uniform integer in `0..n` without modulo bias (Lemire's method).
///
/// # Panics
///
/// Panics if `n` is zero.
pub fn below<R: Rng + ?Sized>(rng: &mut R, n: u32) -> u32 {
    assert!(n > 0, "below: the range 0..0 is empty");
    let threshold = n.wrapping_neg() % n;
    loop {
        let product = u64::from(rng.next_u32()) * u64::from(n);
        if (product as u32) >= threshold {
            return (product >> 32) as u32;
        }
    }
}

/// Shuffles `items` in place by the Fisher-Yates method.
///
/// # Panics
///
/// Panics if `items` has more than `u32::MAX` elements.
pub fn shuffle<T, R: Rng + ?Sized>(rng: &mut R, items: &mut [T]) {
    let len = u32::try_from(items.len()).expect("shuffle: more than u32::MAX items");
    for i in (1..len).rev() {
        let j = below(rng, i + 1);
        items.swap(i as usize, j as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xoshiro_matches_reference_output() {
        // State 1, 2, 3, 4, as in the test vectors of the rand_xoshiro crate.
        // The outputs come from an independent Python transcript of the
        // reference C code.
        let mut rng = Xoshiro128PlusPlus {
            state: [1, 2, 3, 4],
        };
        let expected = [641, 1573767, 3222811527, 3517856514, 836907274, 4247214768];
        for (i, want) in expected.iter().enumerate() {
            let got = rng.next_u32();
            assert_eq!(got, *want, "output {i}: got {got}, expected {want}");
        }
    }

    #[test]
    fn zero_seed_still_generates() {
        let mut rng = Xoshiro128PlusPlus::from_seed([0; 16]);
        let draws: [u32; 4] = core::array::from_fn(|_| rng.next_u32());
        assert!(draws.iter().any(|&d| d != 0), "all-zero draws {draws:?}");
    }

    #[test]
    fn uniform_stays_in_unit_interval() {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(0);
        for _ in 0..10_000 {
            let u = uniform_f32(&mut rng);
            assert!((0.0..1.0).contains(&u), "uniform_f32 returned {u}");
        }
    }

    #[test]
    fn below_covers_range_evenly() {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(1);
        let mut counts = [0u32; 7];
        for _ in 0..70_000 {
            counts[below(&mut rng, 7) as usize] += 1;
        }
        for (value, count) in counts.iter().enumerate() {
            assert!(
                (9_500..10_500).contains(count),
                "value {value} drawn {count} times of 70000, expected about 10000"
            );
        }
    }

    #[test]
    fn shuffle_is_permutation() {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(2);
        let mut items: [u16; 100] = core::array::from_fn(|i| i as u16);
        shuffle(&mut rng, &mut items);
        let mut sorted = items;
        sorted.sort_unstable();
        assert_eq!(sorted, core::array::from_fn(|i| i as u16));
        assert_ne!(items, sorted, "100 items came back in order");
    }

    #[test]
    fn normal_has_unit_moments() {
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(3);
        let n = 200_000;
        let (mut sum, mut sum_sq) = (0.0f64, 0.0f64);
        for _ in 0..n {
            let z = f64::from(standard_normal(&mut rng));
            sum += z;
            sum_sq += z * z;
        }
        let mean = sum / n as f64;
        let variance = sum_sq / n as f64 - mean * mean;
        // Standard errors are 1/sqrt(n) = 0.0022 and sqrt(2/n) = 0.0032.
        assert!(mean.abs() < 0.01, "mean {mean}, expected 0 ± 0.01");
        assert!(
            (variance - 1.0).abs() < 0.015,
            "variance {variance}, expected 1 ± 0.015"
        );
    }
}
