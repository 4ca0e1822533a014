//! Tests of the memories against plain `f64` references and published
//! results. Every generator is seeded, so a failure reproduces exactly.

// The f64 references index like the formulas they transcribe.
#![allow(clippy::needless_range_loop)]

use std::boxed::Box;
use std::vec::Vec;

use rand_core::{Rng, SeedableRng};

use super::kernels::{self, scalar};
use super::*;
use crate::Error;
use crate::rng::{Xoshiro128PlusPlus, standard_normal};

/// The sizes at which the lane kernels are compared with the plain loops:
/// one unit, one short of a 32-bit word, a word, one over, and the same
/// around 256 (a full group of eight words).
const SIZES: [usize; 7] = [1, 31, 32, 33, 255, 256, 257];

fn seeded(seed: u64) -> Xoshiro128PlusPlus {
    Xoshiro128PlusPlus::seed_from_u64(seed)
}

fn random_words<R: Rng>(rng: &mut R, count: usize) -> Vec<u32> {
    (0..count).map(|_| rng.next_u32()).collect()
}

fn random_patterns<const N: usize, const WORDS: usize>(
    rng: &mut Xoshiro128PlusPlus,
    count: usize,
) -> Vec<BipolarPattern<N, WORDS>> {
    (0..count).map(|_| BipolarPattern::random(rng)).collect()
}

fn state_bit(words: &[u32], j: usize) -> bool {
    words[j / 32] >> (j % 32) & 1 == 1
}

/// Returns the bit patterns of every weight, for bit-identity checks.
/// `to_f32` is exact for all three weight types.
fn weight_bits<W: Weight, const N: usize>(weights: &[[W; N]; N]) -> Vec<u32> {
    weights
        .iter()
        .flatten()
        .map(|w| w.to_f32().to_bits())
        .collect()
}

// ---------------------------------------------------------------------------
// Lane kernels against plain loops

#[test]
fn integer_fields_wide_equal_scalar() {
    let mut rng = seeded(0);
    for n in SIZES {
        for trial in 0..6 {
            // Padding bits of the last word are random too: the kernels must
            // ignore them.
            let state = random_words(&mut rng, n.div_ceil(32));
            let draw = |rng: &mut Xoshiro128PlusPlus, max: i32| match trial {
                0 => max,
                1 => -max,
                _ => (rng.next_u32() % (2 * max as u32 + 1)) as i32 - max,
            };
            let row_i8: Vec<i8> = (0..n).map(|_| draw(&mut rng, 127) as i8).collect();
            let row_i16: Vec<i16> = (0..n).map(|_| draw(&mut rng, 32_767) as i16).collect();

            let reference_i8: i64 = (0..n)
                .map(|j| i64::from(row_i8[j]) * if state_bit(&state, j) { 1 } else { -1 })
                .sum();
            let reference_i16: i64 = (0..n)
                .map(|j| i64::from(row_i16[j]) * if state_bit(&state, j) { 1 } else { -1 })
                .sum();

            let wide = kernels::field_i8(&row_i8, &state);
            let plain = scalar::field_i8(&row_i8, &state);
            assert_eq!(
                i64::from(wide),
                reference_i8,
                "i8 field, n = {n}, trial {trial}"
            );
            assert_eq!(
                plain, wide,
                "i8 scalar against wide, n = {n}, trial {trial}"
            );

            let wide = kernels::field_i16(&row_i16, &state);
            let plain = scalar::field_i16(&row_i16, &state);
            assert_eq!(
                i64::from(wide),
                reference_i16,
                "i16 field, n = {n}, trial {trial}"
            );
            assert_eq!(
                plain, wide,
                "i16 scalar against wide, n = {n}, trial {trial}"
            );
        }
    }
}

#[test]
fn f32_field_wide_equals_scalar_bitwise() {
    let mut rng = seeded(1);
    for n in SIZES {
        for trial in 0..6 {
            let state = random_words(&mut rng, n.div_ceil(32));
            let row: Vec<f32> = (0..n)
                .map(|j| match (trial, j % 5) {
                    (0, 0) => 0.0,
                    (0, 1) => -0.0,
                    (0, 2) => 16_777_216.0,
                    (0, 3) => -1.0e-30,
                    _ => standard_normal(&mut rng) * 10.0,
                })
                .collect();

            let wide = kernels::field_f32(&row, &state);
            let plain = scalar::field_f32(&row, &state);
            assert_eq!(
                plain.to_bits(),
                wide.to_bits(),
                "f32 field, n = {n}, trial {trial}: scalar {plain}, wide {wide}"
            );

            let reference: f64 = (0..n)
                .map(|j| f64::from(row[j]) * if state_bit(&state, j) { 1.0 } else { -1.0 })
                .sum();
            let scale: f64 = row.iter().map(|w| f64::from(w.abs())).sum();
            let tolerance = 1.0e-6 * scale;
            assert!(
                (f64::from(wide) - reference).abs() <= tolerance,
                "f32 field, n = {n}, trial {trial}: {wide}, expected {reference} ± {tolerance}"
            );
        }
    }
}

#[test]
fn bit_counts_wide_equal_scalar() {
    let mut rng = seeded(2);
    for n in SIZES {
        let words = n.div_ceil(32);
        for trial in 0..6 {
            let a = random_words(&mut rng, words);
            let b = random_words(&mut rng, words);
            let mask = random_words(&mut rng, words);
            let state = random_words(&mut rng, words);

            let reference: u32 = a.iter().zip(&b).map(|(x, y)| (x ^ y).count_ones()).sum();
            let wide = kernels::xor_count_ones(&a, &b);
            assert_eq!(wide, reference, "xor count, {words} words, trial {trial}");
            assert_eq!(
                scalar::xor_count_ones(&a, &b),
                wide,
                "scalar xor count, {words} words"
            );

            let mut reference = 0i32;
            for j in 0..32 * words {
                if state_bit(&mask, j) {
                    reference += if state_bit(&a, j) == state_bit(&state, j) {
                        1
                    } else {
                        -1
                    };
                }
            }
            let wide = kernels::ternary_field(&a, &mask, &state);
            assert_eq!(
                wide, reference,
                "ternary field, {words} words, trial {trial}"
            );
            let plain = scalar::ternary_field(&a, &mask, &state);
            assert_eq!(
                plain, wide,
                "scalar ternary field, {words} words, trial {trial}"
            );
        }
    }
}

#[test]
fn fields_exact_at_largest_unit_counts() {
    // Every weight at ±MAX, for the largest N each weight type allows: the
    // field is N · MAX and must neither wrap nor trip an overflow check.
    let n = <i8 as Weight>::MAX_UNITS;
    let state = vec_of_ones(n);
    for (weight, expected) in [(127i8, 127 * n as i64), (-127, -127 * n as i64)] {
        let row = std::vec![weight; n];
        let wide = <i8 as Weight>::field(&row, &state);
        let plain = <i8 as Weight>::field_scalar(&row, &state);
        assert_eq!(
            i64::from(wide),
            expected,
            "i8 field of {n} weights {weight}"
        );
        assert_eq!(plain, wide, "i8 scalar field of {n} weights {weight}");
    }

    let n = <i16 as Weight>::MAX_UNITS;
    let state = vec_of_ones(n);
    for (weight, expected) in [
        (32_767i16, 32_767 * n as i64),
        (-32_767, -32_767 * n as i64),
    ] {
        let row = std::vec![weight; n];
        let wide = <i16 as Weight>::field(&row, &state);
        let plain = <i16 as Weight>::field_scalar(&row, &state);
        assert_eq!(
            i64::from(wide),
            expected,
            "i16 field of {n} weights {weight}"
        );
        assert_eq!(plain, wide, "i16 scalar field of {n} weights {weight}");
    }
}

/// Returns a packed state of `n` units, all `+1`.
fn vec_of_ones(n: usize) -> Vec<u32> {
    let mut words = std::vec![u32::MAX; n.div_ceil(32)];
    if !n.is_multiple_of(32) {
        *words.last_mut().unwrap() = (1 << (n % 32)) - 1;
    }
    words
}

// ---------------------------------------------------------------------------
// Storage rules against f64 references

/// `Σ_μ ξ_i^μ ξ_j^μ` off the diagonal.
fn hebbian_reference<const N: usize, const WORDS: usize>(
    patterns: &[BipolarPattern<N, WORDS>],
) -> Vec<Vec<f64>> {
    let mut w = std::vec![std::vec![0.0f64; N]; N];
    for p in patterns {
        for i in 0..N {
            for j in 0..N {
                if i != j {
                    w[i][j] += f64::from(p.sign(i)) * f64::from(p.sign(j));
                }
            }
        }
    }
    w
}

/// Storkey's rule from its definition, in real units (not scaled by N).
fn storkey_reference<const N: usize, const WORDS: usize>(
    patterns: &[BipolarPattern<N, WORDS>],
) -> Vec<Vec<f64>> {
    let n = N as f64;
    let mut w = std::vec![std::vec![0.0f64; N]; N];
    for p in patterns {
        let xi: Vec<f64> = (0..N).map(|i| f64::from(p.sign(i))).collect();
        // h[i][j] = Σ_{k≠i,j} w_ik ξ_k, from the weights before this pattern.
        let mut h = std::vec![std::vec![0.0f64; N]; N];
        for i in 0..N {
            for j in 0..N {
                h[i][j] = (0..N)
                    .filter(|&k| k != i && k != j)
                    .map(|k| w[i][k] * xi[k])
                    .sum();
            }
        }
        for i in 0..N {
            for j in 0..N {
                if i != j {
                    w[i][j] += (xi[i] * xi[j] - xi[i] * h[j][i] - h[i][j] * xi[j]) / n;
                }
            }
        }
    }
    w
}

/// `Ξᵀ (Ξ Ξᵀ)⁻¹ Ξ` with zero diagonal, the Gram matrix inverted by
/// Gauss-Jordan elimination with partial pivoting.
fn projection_reference<const N: usize, const WORDS: usize>(
    patterns: &[BipolarPattern<N, WORDS>],
) -> Vec<Vec<f64>> {
    let p = patterns.len();
    let xi = |mu: usize, i: usize| f64::from(patterns[mu].sign(i));
    let mut gram = std::vec![std::vec![0.0f64; 2 * p]; p];
    for a in 0..p {
        for b in 0..p {
            gram[a][b] = (0..N).map(|i| xi(a, i) * xi(b, i)).sum();
        }
        gram[a][p + a] = 1.0;
    }
    for col in 0..p {
        let pivot = (col..p)
            .max_by(|&a, &b| gram[a][col].abs().total_cmp(&gram[b][col].abs()))
            .unwrap();
        gram.swap(col, pivot);
        let scale = gram[col][col];
        for value in gram[col].iter_mut() {
            *value /= scale;
        }
        for row in 0..p {
            if row != col {
                let factor = gram[row][col];
                for k in 0..2 * p {
                    gram[row][k] -= factor * gram[col][k];
                }
            }
        }
    }
    let mut w = std::vec![std::vec![0.0f64; N]; N];
    for i in 0..N {
        for j in 0..N {
            if i != j {
                let mut sum = 0.0;
                for a in 0..p {
                    for b in 0..p {
                        sum += xi(a, i) * gram[a][p + b] * xi(b, j);
                    }
                }
                w[i][j] = sum;
            }
        }
    }
    w
}

#[test]
fn hebbian_weights_match_reference() {
    const N: usize = 40;
    let mut rng = seeded(3);
    let patterns = random_patterns::<N, 2>(&mut rng, 7);
    let reference = hebbian_reference(&patterns);

    let mut m8 = Hopfield::<i8, N, 2>::new(OnlineRule::Hebbian);
    let mut m16 = Hopfield::<i16, N, 2>::new(OnlineRule::Hebbian);
    let mut m32 = Hopfield::<f32, N, 2>::new(OnlineRule::Hebbian);
    for p in &patterns {
        assert_eq!(m8.store(p), Ok(0), "i8 store clamped a weight");
        assert_eq!(m16.store(p), Ok(0), "i16 store clamped a weight");
        assert_eq!(m32.store(p), Ok(0), "f32 store clamped a weight");
    }
    for i in 0..N {
        for j in 0..N {
            let expected = reference[i][j];
            let actual = [
                f64::from(m8.weights()[i][j]),
                f64::from(m16.weights()[i][j]),
                f64::from(m32.weights()[i][j]),
            ];
            assert_eq!(actual, [expected; 3], "w[{i}][{j}] as i8, i16, f32");
        }
    }
}

#[test]
fn storkey_weights_match_reference() {
    const N: usize = 24;
    let mut rng = seeded(4);
    let patterns = random_patterns::<N, 1>(&mut rng, 5);
    let reference = storkey_reference(&patterns);

    let mut m32 = Hopfield::<f32, N, 1>::new(OnlineRule::Storkey);
    let mut m16 = Hopfield::<i16, N, 1>::new(OnlineRule::Storkey);
    for p in &patterns {
        m32.store(p).unwrap();
        m16.store(p).unwrap();
    }
    let mut worst_i16 = 0.0f64;
    for i in 0..N {
        for j in 0..N {
            let expected = N as f64 * reference[i][j];
            let actual = f64::from(m32.weights()[i][j]);
            assert!(
                (actual - expected).abs() <= 1.0e-4,
                "f32 Storkey w[{i}][{j}] = {actual}, expected {expected} ± 1e-4"
            );
            worst_i16 = worst_i16.max((f64::from(m16.weights()[i][j]) - expected).abs());
        }
    }
    // Each store rounds the correction once (error ≤ ½), and earlier
    // rounding errors feed back only through fields divided by N.
    assert!(
        worst_i16 <= 0.5 * patterns.len() as f64,
        "i16 Storkey weights differ from N times the reference by up to {worst_i16}, expected ≤ {}",
        0.5 * patterns.len() as f64
    );
}

#[test]
fn projection_weights_match_reference() {
    const N: usize = 20;
    let mut rng = seeded(5);
    let patterns = random_patterns::<N, 1>(&mut rng, 7);
    let reference = projection_reference(&patterns);

    let mut m32 = ProjectionMemory::<f32, N, 1, 8>::new();
    let mut m8 = ProjectionMemory::<i8, N, 1, 8>::new();
    for p in &patterns {
        // One at a time for f32, to test the incremental factor.
        assert_eq!(m32.store(p), Ok(0), "f32 projection store clamped a weight");
    }
    assert_eq!(
        m8.store_all(&patterns),
        Ok(0),
        "i8 projection store clamped a weight"
    );

    for i in 0..N {
        for j in 0..N {
            let expected = N as f64 * reference[i][j];
            let actual = f64::from(m32.weights()[i][j]);
            assert!(
                (actual - expected).abs() <= 1.0e-4 * N as f64,
                "f32 projection w[{i}][{j}] = {actual}, expected {expected}"
            );
            let rounded = f64::from(m8.weights()[i][j]);
            assert!(
                (rounded - expected).abs() <= 0.5 + 1.0e-3,
                "i8 projection w[{i}][{j}] = {rounded}, expected {expected} rounded"
            );
            assert_eq!(
                m32.weights()[i][j].to_bits(),
                m32.weights()[j][i].to_bits(),
                "f32 projection weights not symmetric at ({i}, {j})"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Recall

/// Stores `count` random patterns, damages each by `flips` units and checks
/// that synchronous and asynchronous recall both restore it exactly.
fn check_hopfield_recall<W: Weight>(rule: OnlineRule, seed: u64) {
    const N: usize = 256;
    let mut rng = seeded(seed);
    let patterns = random_patterns::<N, 8>(&mut rng, 10);
    let mut memory = Box::new(Hopfield::<W, N, 8>::new(rule));
    for p in &patterns {
        memory.store(p).unwrap();
    }

    for (mu, p) in patterns.iter().enumerate() {
        let mut cue = *p;
        cue.flip_random(N / 10, &mut rng);

        let mut state = cue;
        let report = memory.recall_synchronous(&mut state, 50);
        assert_eq!(
            report.stop,
            Stop::FixedPoint,
            "{rule:?} synchronous, pattern {mu}: {report:?}"
        );
        assert_eq!(
            state.hamming_distance(p),
            0,
            "{rule:?} {} synchronous recall of pattern {mu}: {report:?}",
            core::any::type_name::<W>()
        );

        let mut state = cue;
        let report = memory.recall_asynchronous(&mut state, &mut rng, 50);
        assert_eq!(
            report.stop,
            Stop::FixedPoint,
            "{rule:?} asynchronous, pattern {mu}: {report:?}"
        );
        assert_eq!(
            state.hamming_distance(p),
            0,
            "{rule:?} {} asynchronous recall of pattern {mu}: {report:?}",
            core::any::type_name::<W>()
        );
    }
}

#[test]
fn hebbian_recalls_damaged_cues() {
    check_hopfield_recall::<i8>(OnlineRule::Hebbian, 10);
    check_hopfield_recall::<i16>(OnlineRule::Hebbian, 11);
    check_hopfield_recall::<f32>(OnlineRule::Hebbian, 12);
}

#[test]
fn storkey_recalls_damaged_cues() {
    check_hopfield_recall::<i8>(OnlineRule::Storkey, 13);
    check_hopfield_recall::<i16>(OnlineRule::Storkey, 14);
    check_hopfield_recall::<f32>(OnlineRule::Storkey, 15);
}

#[test]
fn stored_pattern_is_fixed_point_in_one_step() {
    let mut rng = seeded(16);
    let pattern = BipolarPattern::<100, 4>::random(&mut rng);
    let mut memory = Hopfield::<i8, 100, 4>::new(OnlineRule::Hebbian);
    memory.store(&pattern).unwrap();
    let mut state = pattern;
    let report = memory.recall_synchronous(&mut state, 10);
    let expected = RecallReport {
        stop: Stop::FixedPoint,
        steps: 1,
        flips: 0,
    };
    assert_eq!(report, expected, "recall from the stored pattern itself");
}

/// Checks the stopping rules on one stored pattern and a cue orthogonal to
/// it. Every unit then has field `-σ_i`, so synchronous updates flip all
/// units back and forth.
fn check_two_cycle<const N: usize, const WORDS: usize>(seed: u64) {
    let mut rng = seeded(seed);
    let pattern = BipolarPattern::<N, WORDS>::random(&mut rng);
    let mut memory = Hopfield::<i16, N, WORDS>::new(OnlineRule::Hebbian);
    memory.store(&pattern).unwrap();

    // Agree with the pattern on the first half of the units only.
    let cue = BipolarPattern::<N, WORDS>::from_fn(|j| pattern.is_positive(j) == (j < N / 2));
    assert_eq!(cue.dot(&pattern), 0, "cue is not orthogonal, N = {N}");

    let mut state = cue;
    let report = memory.recall_synchronous(&mut state, 100);
    let expected = RecallReport {
        stop: Stop::TwoCycle,
        steps: 2,
        flips: 2 * N as u32,
    };
    assert_eq!(report, expected, "synchronous recall, N = {N}");
    assert_eq!(state, cue, "state after the 2-cycle, N = {N}");

    let mut state = cue;
    let report = memory.recall_synchronous(&mut state, 1);
    assert_eq!(
        report.stop,
        Stop::StepLimit,
        "one-step limit, N = {N}: {report:?}"
    );
    assert_eq!(state, cue.negated(), "state after one step, N = {N}");

    let mut state = cue;
    let report = memory.recall_synchronous(&mut state, 0);
    assert_eq!(
        (report.stop, report.steps),
        (Stop::StepLimit, 0),
        "zero-step limit, N = {N}"
    );
    assert_eq!(state, cue, "zero steps changed the state, N = {N}");

    // Asynchronous updates cannot cycle: they end on ±pattern.
    let mut state = cue;
    let report = memory.recall_asynchronous(&mut state, &mut rng, 100);
    assert_eq!(
        report.stop,
        Stop::FixedPoint,
        "asynchronous recall, N = {N}: {report:?}"
    );
    assert_eq!(
        state.dot(&pattern).unsigned_abs() as usize,
        N,
        "asynchronous recall ended away from ±pattern, N = {N}"
    );
}

#[test]
fn synchronous_two_cycle_detected() {
    check_two_cycle::<2, 1>(20);
    check_two_cycle::<32, 1>(21);
    check_two_cycle::<64, 2>(22);
    check_two_cycle::<256, 8>(23);
}

#[test]
fn asynchronous_energy_never_increases() {
    const N: usize = 200;
    let mut rng = seeded(24);
    let patterns = random_patterns::<N, 7>(&mut rng, 30);
    let mut memory = Box::new(Hopfield::<i8, N, 7>::new(OnlineRule::Hebbian));
    for p in &patterns {
        memory.store(p).unwrap();
    }
    let mut state = BipolarPattern::<N, 7>::random(&mut rng);
    let mut energy = memory.energy(&state);
    for sweep in 0..50 {
        let report = memory.recall_asynchronous(&mut state, &mut rng, 1);
        let next = memory.energy(&state);
        assert!(
            next <= energy,
            "sweep {sweep}: energy rose from {energy} to {next}"
        );
        if report.stop == Stop::FixedPoint {
            assert_eq!(next, energy, "a sweep without flips changed the energy");
            return;
        }
        energy = next;
    }
    panic!("no fixed point after 50 sweeps");
}

#[test]
fn energy_matches_definition() {
    const N: usize = 33;
    let mut rng = seeded(25);
    let patterns = random_patterns::<N, 2>(&mut rng, 4);
    let mut memory = Hopfield::<i16, N, 2>::new(OnlineRule::Storkey);
    for p in &patterns {
        memory.store(p).unwrap();
    }
    let state = BipolarPattern::<N, 2>::random(&mut rng);
    let mut expected = 0i64;
    for i in 0..N {
        for j in 0..N {
            expected -= i64::from(memory.weights()[i][j])
                * i64::from(state.sign(i))
                * i64::from(state.sign(j));
        }
    }
    let actual = memory.energy(&state);
    assert_eq!(actual, expected as f64 / 2.0, "energy of {state:?}");
}

// ---------------------------------------------------------------------------
// Saturation

#[test]
fn i8_weights_saturate_at_127() {
    const N: usize = 8;
    let mut rng = seeded(30);
    let pattern = BipolarPattern::<N, 1>::random(&mut rng);
    let mut memory = Hopfield::<i8, N, 1>::new(OnlineRule::Hebbian);
    for count in 1..=127 {
        assert_eq!(
            memory.store(&pattern),
            Ok(0),
            "store {count} clamped a weight"
        );
    }
    for count in 128..=140 {
        let clamped = memory.store(&pattern);
        assert_eq!(
            clamped,
            Ok(N * (N - 1)),
            "store {count}: every off-diagonal weight clamps"
        );
    }
    for i in 0..N {
        for j in 0..N {
            let expected = if i == j {
                0
            } else {
                127 * pattern.sign(i) * pattern.sign(j)
            };
            assert_eq!(
                memory.weights()[i][j],
                expected,
                "w[{i}][{j}] after 140 stores"
            );
        }
    }
    let mut state = pattern;
    state.flip_random(3, &mut rng);
    memory.recall_synchronous(&mut state, 10);
    assert_eq!(state, pattern, "recall after saturation");
}

#[test]
fn i16_weights_saturate_at_32767() {
    const N: usize = 4;
    let mut rng = seeded(31);
    let pattern = BipolarPattern::<N, 1>::random(&mut rng);
    let other = BipolarPattern::<N, 1>::random(&mut rng);
    let mut memory = Hopfield::<i16, N, 1>::new(OnlineRule::Hebbian);
    for _ in 0..32_767 {
        memory.store(&pattern).unwrap();
    }

    assert_eq!(memory.store(&pattern), Ok(N * (N - 1)), "store 32768");
    for i in 0..N {
        for j in 0..N {
            let expected = if i == j {
                0
            } else {
                32_767 * i16::from(pattern.sign(i) * pattern.sign(j))
            };
            assert_eq!(
                memory.weights()[i][j],
                expected,
                "w[{i}][{j}] after 32768 stores"
            );
        }
    }

    // Another pattern clamps again exactly the weights where its products
    // ξ_i ξ_j agree with the saturated pattern's, and moves the rest back.
    let mut agreeing = 0;
    for i in 0..N {
        for j in 0..N {
            if i != j && pattern.sign(i) * pattern.sign(j) == other.sign(i) * other.sign(j) {
                agreeing += 1;
            }
        }
    }
    assert_eq!(
        memory.store(&other),
        Ok(agreeing),
        "store of {other:?} after saturation"
    );
}

#[test]
fn storkey_integer_weights_erase_repeated_pattern() {
    // The second store of a pattern leaves w_ij = 4/N ξ_i ξ_j in units of
    // 1/N. i8 and i16 round the update to the 1/N grid and reach 0, while
    // f32 keeps 4/N.
    const N: usize = 64;
    let mut rng = seeded(33);
    let pattern = BipolarPattern::<N, 2>::random(&mut rng);

    let mut exact = Hopfield::<f32, N, 2>::new(OnlineRule::Storkey);
    let mut rounded_i8 = Hopfield::<i8, N, 2>::new(OnlineRule::Storkey);
    let mut rounded_i16 = Hopfield::<i16, N, 2>::new(OnlineRule::Storkey);
    for _ in 0..2 {
        exact.store(&pattern).unwrap();
        rounded_i8.store(&pattern).unwrap();
        rounded_i16.store(&pattern).unwrap();
    }
    for i in 0..N {
        for j in 0..N {
            let product = f32::from(pattern.sign(i) * pattern.sign(j));
            let expected = if i == j {
                0.0
            } else {
                4.0 / N as f32 * product
            };
            let w = exact.weights()[i][j];
            assert!(
                (w - expected).abs() < 1.0e-5,
                "f32 w[{i}][{j}] after two stores: got {w}, expected {expected}"
            );
        }
    }
    assert!(
        rounded_i8.weights().iter().flatten().all(|&w| w == 0),
        "i8 weights after two stores of one pattern: expected all 0"
    );
    assert!(
        rounded_i16.weights().iter().flatten().all(|&w| w == 0),
        "i16 weights after two stores of one pattern: expected all 0"
    );
}

#[test]
fn f32_weights_count_clamps_at_2_pow_24() {
    // Past 2²⁴ a Hebbian +1 rounds back to 2²⁴ in f32, so the clamp must be
    // detected on the exact sum. The two off-diagonal weights clamp on
    // every store after the 2²⁴th.
    const LIMIT: usize = 1 << 24;
    let pattern = BipolarPattern::<2, 1>::filled(true);
    let mut memory = Hopfield::<f32, 2, 1>::new(OnlineRule::Hebbian);
    let mut clamped_early = 0;
    for _ in 0..LIMIT {
        clamped_early += memory.store(&pattern).unwrap();
    }
    assert_eq!(clamped_early, 0, "clamps in the first 2^24 stores");
    assert_eq!(
        memory.weights()[0][1],
        16_777_216.0,
        "w01 after 2^24 stores"
    );
    for extra in 1..=5 {
        let clamped = memory.store(&pattern);
        assert_eq!(
            clamped,
            Ok(2),
            "store 2^24 + {extra} of {pattern:?}: got {clamped:?}, expected Ok(2)"
        );
    }
    assert_eq!(
        memory.weights()[0][1],
        16_777_216.0,
        "w01 after 2^24 + 5 stores"
    );
}

#[test]
fn storkey_i8_saturates_instead_of_wrapping() {
    // Far past capacity (P = 10 N) Storkey's corrections grow without bound,
    // so i8 weights reach ±127 and must stay there.
    const N: usize = 32;
    let mut rng = seeded(32);
    let mut memory = Hopfield::<i8, N, 1>::new(OnlineRule::Storkey);
    let mut clamped = 0;
    for _ in 0..10 * N {
        clamped += memory.store(&BipolarPattern::random(&mut rng)).unwrap();
    }
    assert!(
        clamped > 0,
        "{} Storkey stores on {N} units clamped no weight",
        10 * N
    );
    for (i, row) in memory.weights().iter().enumerate() {
        for (j, &w) in row.iter().enumerate() {
            assert!(
                w != i8::MIN,
                "w[{i}][{j}] = -128, outside the symmetric range"
            );
            assert_eq!(w, memory.weights()[j][i], "w[{i}][{j}] not symmetric");
        }
        assert_eq!(row[i], 0, "diagonal w[{i}][{i}]");
    }
    let at_bound = memory
        .weights()
        .iter()
        .flatten()
        .filter(|w| w.unsigned_abs() == 127)
        .count();
    assert!(at_bound > 0, "no weight at ±127 after {clamped} clamps");
}

// ---------------------------------------------------------------------------
// Capacity guard

fn check_guard_hopfield<W: Weight>(rule: OnlineRule) {
    const N: usize = 64;
    let mut rng = seeded(40);
    let patterns = random_patterns::<N, 2>(&mut rng, 4);
    let mut memory = Hopfield::<W, N, 2>::new(rule);
    memory.set_pattern_limit(3);
    for p in &patterns[..3] {
        memory.store(p).unwrap();
    }
    let before = memory.clone();
    let result = memory.store(&patterns[3]);
    assert_eq!(
        result,
        Err(Error::MemoryFull { limit: 3 }),
        "fourth store, {rule:?}"
    );
    assert_eq!(
        weight_bits(memory.weights()),
        weight_bits(before.weights()),
        "weights changed by a rejected store, {rule:?}"
    );
    assert_eq!(
        memory, before,
        "memory changed by a rejected store, {rule:?}"
    );
    assert_eq!(memory.load(), 3.0 / 64.0, "load after the rejected store");
}

#[test]
fn capacity_guard_leaves_hopfield_unchanged() {
    for rule in [OnlineRule::Hebbian, OnlineRule::Storkey] {
        check_guard_hopfield::<i8>(rule);
        check_guard_hopfield::<i16>(rule);
        check_guard_hopfield::<f32>(rule);
    }
}

#[test]
fn capacity_guard_leaves_projection_unchanged() {
    const N: usize = 32;
    let mut rng = seeded(41);
    let patterns = random_patterns::<N, 1>(&mut rng, 6);
    let mut memory = ProjectionMemory::<f32, N, 1, 8>::new();
    memory.set_pattern_limit(4);
    memory.store_all(&patterns[..3]).unwrap();
    let before = memory.clone();

    // Two more in one call: the first fits, the second does not, so neither
    // is stored.
    let result = memory.store_all(&patterns[3..5]);
    assert_eq!(
        result,
        Err(Error::MemoryFull { limit: 4 }),
        "store_all past the limit"
    );
    assert_eq!(
        weight_bits(memory.weights()),
        weight_bits(before.weights()),
        "weights"
    );
    assert_eq!(
        memory, before,
        "projection memory after store_all past the limit"
    );

    // A negated stored pattern is linearly dependent.
    let result = memory.store(&patterns[1].negated());
    let Err(Error::LinearlyDependentPattern { index, residual }) = result else {
        panic!("storing a negated pattern returned {result:?}");
    };
    assert_eq!(index, 3, "position of the rejected pattern");
    assert!(
        residual.abs() < 1.0e-4,
        "residual {residual} of a dependent pattern"
    );
    assert_eq!(
        memory, before,
        "projection memory after a dependent pattern"
    );

    // The memory still works: the fourth pattern fits.
    memory.store(&patterns[3]).unwrap();
    assert_eq!(
        memory.pattern_count(),
        4,
        "pattern count after the last store"
    );
}

#[test]
fn capacity_guard_leaves_other_memories_unchanged() {
    let mut rng = seeded(42);

    let patterns = random_patterns::<100, 4>(&mut rng, 3);
    let mut dense = DenseMemory::<Polynomial<3>, 100, 4, 10>::polynomial();
    dense.set_pattern_limit(2);
    dense.store(&patterns[0]).unwrap();
    dense.store(&patterns[1]).unwrap();
    let before = dense.clone();
    assert_eq!(
        dense.store(&patterns[2]),
        Err(Error::MemoryFull { limit: 2 }),
        "dense"
    );
    assert_eq!(dense, before, "dense memory after a rejected store");

    let mut full = DenseMemory::<Polynomial<3>, 100, 4, 2>::polynomial();
    full.store(&patterns[0]).unwrap();
    full.store(&patterns[1]).unwrap();
    assert_eq!(
        full.store(&patterns[2]),
        Err(Error::MemoryFull { limit: 2 }),
        "CAPACITY"
    );

    let x = random_patterns::<48, 2>(&mut rng, 2);
    let y = random_patterns::<20, 1>(&mut rng, 2);
    let mut correlation = CorrelationMemory::<i8, 48, 2, 20, 1>::new();
    correlation.set_pattern_limit(1);
    correlation.store(&x[0], &y[0]).unwrap();
    let before = correlation.clone();
    let result = correlation.store(&x[1], &y[1]);
    assert_eq!(result, Err(Error::MemoryFull { limit: 1 }), "correlation");
    assert_eq!(
        correlation, before,
        "correlation memory after a rejected store"
    );
}

// ---------------------------------------------------------------------------
// Pseudo-inverse rule

fn check_projection_fixed_points<
    W: Weight,
    const N: usize,
    const WORDS: usize,
    const CAP: usize,
>(
    seed: u64,
) {
    let mut rng = seeded(seed);
    let patterns = random_patterns::<N, WORDS>(&mut rng, CAP);
    let mut memory = Box::new(ProjectionMemory::<W, N, WORDS, CAP>::new());
    let clamped = memory.store_all(&patterns).unwrap();
    assert_eq!(clamped, 0, "weights clamped, N = {N}");
    assert_eq!(memory.load(), 0.5, "load, N = {N}");

    for (mu, p) in patterns.iter().enumerate() {
        let mut state = *p;
        let report = memory.recall_synchronous(&mut state, 5);
        assert_eq!(
            (report.stop, report.steps, report.flips),
            (Stop::FixedPoint, 1, 0),
            "{} pattern {mu} of {CAP}, N = {N}",
            core::any::type_name::<W>()
        );
    }
}

#[test]
fn projection_half_load_patterns_are_fixed_points() {
    check_projection_fixed_points::<i8, 64, 2, 32>(50);
    check_projection_fixed_points::<i16, 64, 2, 32>(51);
    check_projection_fixed_points::<f32, 64, 2, 32>(52);
    check_projection_fixed_points::<i8, 128, 4, 64>(53);
    check_projection_fixed_points::<f32, 128, 4, 64>(54);
}

#[test]
fn projection_recalls_damaged_cues_above_hebbian_capacity() {
    const N: usize = 128;
    let mut rng = seeded(55);
    let patterns = random_patterns::<N, 4>(&mut rng, 32);
    let mut memory = Box::new(ProjectionMemory::<i16, N, 4, 32>::new());
    memory.store_all(&patterns).unwrap();
    for (mu, p) in patterns.iter().enumerate().take(8) {
        let mut state = *p;
        state.flip_random(6, &mut rng);
        memory.recall_asynchronous(&mut state, &mut rng, 30);
        assert_eq!(
            state.hamming_distance(p),
            0,
            "pattern {mu} at α = 0.25 from 6 flips"
        );
    }
}

/// Returns the squared length of the part of `pattern` outside the span of
/// `span`, divided by `N`, by modified Gram-Schmidt in `f64`.
fn residual_reference<const N: usize, const WORDS: usize>(
    span: &[BipolarPattern<N, WORDS>],
    pattern: &BipolarPattern<N, WORDS>,
) -> f64 {
    let signs = |p: &BipolarPattern<N, WORDS>| -> Vec<f64> {
        (0..N).map(|i| f64::from(p.sign(i))).collect()
    };
    let mut basis: Vec<Vec<f64>> = Vec::new();
    for p in span.iter().chain(core::iter::once(pattern)) {
        let mut v = signs(p);
        for b in &basis {
            let dot: f64 = v.iter().zip(b).map(|(x, y)| x * y).sum();
            v.iter_mut().zip(b).for_each(|(x, y)| *x -= dot * y);
        }
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if basis.len() == span.len() {
            return norm * norm / N as f64;
        }
        basis.push(v.iter().map(|x| x / norm).collect());
    }
    unreachable!("the loop returns at the last pattern")
}

#[test]
fn projection_rejects_independent_pattern_within_tolerance() {
    // 64 random patterns of 64 units are linearly independent, but the part
    // of the last one outside the span of the others is short. Its squared
    // length over N is about χ²₁ / N, which with this seed is below the
    // tolerance.
    const N: usize = 64;
    let mut rng = seeded(8);
    let patterns = random_patterns::<N, 2>(&mut rng, 64);
    let mut memory = Box::new(ProjectionMemory::<i8, N, 2, 64>::new());
    memory.store_all(&patterns[..63]).unwrap();
    let before = memory.clone();
    let result = memory.store(&patterns[63]);
    let Err(Error::LinearlyDependentPattern { index, residual }) = result else {
        panic!("store of pattern 63: got {result:?}, expected LinearlyDependentPattern");
    };
    assert_eq!(index, 63, "index reported for pattern 63");
    assert_eq!(memory, before, "memory after a rejected store");

    let exact = residual_reference(&patterns[..63], &patterns[63]);
    assert!(
        exact > 1.0e-5 && exact < f64::from(DEPENDENCE_TOLERANCE),
        "f64 residual of pattern 63: {exact}, expected independent but below {DEPENDENCE_TOLERANCE}"
    );
    assert!(
        (f64::from(residual) - exact).abs() < 1.0e-5,
        "residual of pattern 63: got {residual}, expected {exact} from f64"
    );
}

#[test]
fn projection_integer_weights_lose_correlated_patterns() {
    // Six copies of one random pattern, copy μ with unit μ flipped: load
    // 0.09, but the patterns are so correlated that the fields of some units
    // are small, and rounding the weights to the 1/N grid reverses them.
    const N: usize = 64;
    let mut rng = seeded(56);
    let base = BipolarPattern::<N, 2>::random(&mut rng);
    let patterns: [BipolarPattern<N, 2>; 6] = core::array::from_fn(|mu| {
        let mut pattern = base;
        pattern.flip(mu);
        pattern
    });

    fn moved_in_one_step<W: Weight>(patterns: &[BipolarPattern<64, 2>]) -> Vec<bool> {
        let mut memory = Box::new(ProjectionMemory::<W, 64, 2, 8>::new());
        let clamped = memory.store_all(patterns).unwrap();
        assert_eq!(
            clamped,
            0,
            "{} weights clamped",
            core::any::type_name::<W>()
        );
        patterns
            .iter()
            .map(|pattern| {
                let mut state = *pattern;
                memory.recall_synchronous(&mut state, 1).flips > 0
            })
            .collect()
    }

    let exact = moved_in_one_step::<f32>(&patterns);
    assert_eq!(
        exact, [false; 6],
        "f32 weights: which patterns move in one step"
    );
    for (name, moved) in [
        ("i8", moved_in_one_step::<i8>(&patterns)),
        ("i16", moved_in_one_step::<i16>(&patterns)),
    ] {
        assert_eq!(
            moved, [true; 6],
            "{name} weights: which patterns move in one step"
        );
    }
}

// ---------------------------------------------------------------------------
// One-step errors against theory

/// Returns the fraction of units of stored patterns that flip in one
/// synchronous step, over `networks` independent networks.
fn hebbian_one_step_error_measured<W: Weight>(
    rule: OnlineRule,
    patterns_per_network: usize,
    networks: usize,
    seed: u64,
) -> f64 {
    const N: usize = 256;
    let mut rng = seeded(seed);
    let mut memory = Box::new(Hopfield::<W, N, 8>::new(rule));
    let mut flips = 0u64;
    for _ in 0..networks {
        memory.clear();
        let patterns = random_patterns::<N, 8>(&mut rng, patterns_per_network);
        for p in &patterns {
            memory.store(p).unwrap();
        }
        for p in &patterns {
            let mut state = *p;
            flips += u64::from(memory.recall_synchronous(&mut state, 1).flips);
        }
    }
    flips as f64 / (N * patterns_per_network * networks) as f64
}

#[test]
fn hebbian_one_step_error_matches_theory() {
    // α = 51/256: the exact error is 0.01196 (binomial sum), the Gaussian
    // prediction 0.01253.
    let measured = hebbian_one_step_error_measured::<i16>(OnlineRule::Hebbian, 51, 4, 60);
    let mut memory = Hopfield::<i16, 256, 8>::new(OnlineRule::Hebbian);
    memory.set_pattern_limit(51);
    let mut rng = seeded(61);
    for _ in 0..51 {
        memory.store(&BipolarPattern::random(&mut rng)).unwrap();
    }
    let predicted = f64::from(memory.predicted_error().unwrap());
    assert!(
        (predicted - 0.012_531).abs() < 1.0e-5,
        "predicted error {predicted}, expected 0.012531"
    );
    assert!(
        (measured - predicted).abs() <= 0.25 * predicted,
        "measured one-step error {measured}, predicted {predicted} ± 25 %"
    );
}

#[test]
fn storkey_beats_hebbian_one_step_error() {
    let hebbian = hebbian_one_step_error_measured::<f32>(OnlineRule::Hebbian, 51, 2, 62);
    let storkey = hebbian_one_step_error_measured::<f32>(OnlineRule::Storkey, 51, 2, 62);
    let storkey_i16 = hebbian_one_step_error_measured::<i16>(OnlineRule::Storkey, 51, 2, 62);
    assert!(
        storkey < 0.5 * hebbian,
        "at α = 0.2, Storkey error {storkey} is not below half the Hebbian {hebbian}"
    );
    assert!(
        storkey_i16 < 0.5 * hebbian,
        "at α = 0.2, i16 Storkey error {storkey_i16} is not below half the Hebbian {hebbian}"
    );
}

#[test]
fn clipped_one_step_error_matches_theory() {
    const N: usize = 256;
    const P: usize = 25;
    let mut rng = seeded(63);
    let mut memory = Box::new(ClippedHopfield::<N, 8>::new());
    let networks = 6;
    let mut flips = 0u64;
    for _ in 0..networks {
        let patterns = random_patterns::<N, 8>(&mut rng, P);
        memory.clip_hebbian(&patterns);
        for p in &patterns {
            let mut state = *p;
            flips += u64::from(memory.recall_synchronous(&mut state, 1).flips);
        }
    }
    let measured = flips as f64 / (N * P * networks) as f64;
    let predicted = f64::from(memory.predicted_error().unwrap());
    assert!(
        (predicted - 0.005_336).abs() < 1.0e-5,
        "predicted clipped error {predicted}, expected 0.005336"
    );
    assert!(
        (measured - predicted).abs() <= 0.35 * predicted,
        "measured clipped one-step error {measured}, predicted {predicted} ± 35 %"
    );
}

#[test]
fn clipping_a_hebbian_memory_matches_clip_hebbian() {
    const N: usize = 70;
    let mut rng = seeded(64);
    let patterns = random_patterns::<N, 3>(&mut rng, 9);
    let mut source = Hopfield::<i8, N, 3>::new(OnlineRule::Hebbian);
    for p in &patterns {
        source.store(p).unwrap();
    }
    let mut from_weights = ClippedHopfield::<N, 3>::new();
    from_weights.clip_from(&source);
    let mut from_patterns = ClippedHopfield::<N, 3>::new();
    from_patterns.clip_hebbian(&patterns);
    assert_eq!(
        from_weights, from_patterns,
        "two ways of clipping 9 patterns"
    );

    let state = BipolarPattern::<N, 3>::random(&mut rng);
    for i in 0..N {
        let mut expected = 0i32;
        for j in 0..N {
            expected += i32::from(from_weights.synapse(i, j)) * i32::from(state.sign(j));
        }
        assert_eq!(
            from_weights.local_field(&state, i),
            expected,
            "clipped field of unit {i}"
        );
    }
    let mut cue = patterns[0];
    cue.flip_random(5, &mut rng);
    from_weights.recall_asynchronous(&mut cue, &mut rng, 20);
    assert_eq!(cue, patterns[0], "clipped recall from 5 flips at α = 9/70");
}

// ---------------------------------------------------------------------------
// Dense associative memory

#[test]
fn dense_cubic_one_step_error_near_theory() {
    const N: usize = 100;
    const P: usize = 300;
    let mut rng = seeded(70);
    let mut memory = Box::new(DenseMemory::<Polynomial<3>, N, 4, P>::polynomial());
    let patterns = random_patterns::<N, 4>(&mut rng, P);
    for p in &patterns {
        memory.store(p).unwrap();
    }
    assert_eq!(memory.load(), 3.0, "load of 300 patterns on 100 units");

    let mut flips = 0u64;
    for p in &patterns {
        let mut state = *p;
        flips += u64::from(memory.recall_synchronous(&mut state, 1).flips);
    }
    let measured = flips as f64 / (N * P) as f64;
    let predicted = f64::from(memory.predicted_error());
    assert!(
        (predicted - 4.29e-4).abs() < 1.0e-6,
        "predicted dense error {predicted}, expected 0.000429"
    );
    // Loose, because the units of one network are correlated: this network
    // has about 13 expected flips. `dense_cubic_error_over_networks`
    // averages over 40 networks and checks the prediction within 20 %.
    assert!(
        (0.25 * predicted..=4.0 * predicted).contains(&measured),
        "measured dense one-step error {measured}, predicted {predicted} within a factor of 4"
    );

    for (mu, p) in patterns.iter().enumerate().take(10) {
        let mut state = *p;
        state.flip_random(10, &mut rng);
        let report = memory.recall_asynchronous(&mut state, &mut rng, 20);
        assert_eq!(report.stop, Stop::FixedPoint, "pattern {mu}: {report:?}");
        assert!(
            state.hamming_distance(p) <= 1,
            "pattern {mu} recalled {} units away from 10 flips",
            state.hamming_distance(p)
        );
    }
}

/// Slow in a debug build; run with
/// `cargo test -p shinkei --release -- --ignored dense_cubic`.
#[test]
#[ignore]
fn dense_cubic_error_over_networks() {
    const N: usize = 100;
    const P: usize = 300;
    const NETWORKS: u64 = 40;
    let mut flips = 0u64;
    for seed in 0..NETWORKS {
        let mut rng = seeded(1000 + seed);
        let mut memory = Box::new(DenseMemory::<Polynomial<3>, N, 4, P>::polynomial());
        let patterns = random_patterns::<N, 4>(&mut rng, P);
        for p in &patterns {
            memory.store(p).unwrap();
        }
        for p in &patterns {
            let mut state = *p;
            flips += u64::from(memory.recall_synchronous(&mut state, 1).flips);
        }
    }
    let measured = flips as f64 / (N * P) as f64 / NETWORKS as f64;
    let predicted = f64::from(capacity::dense_one_step_error(N, P, 3));
    assert!(
        (measured - predicted).abs() <= 0.2 * predicted,
        "dense one-step error over {NETWORKS} networks {measured}, predicted {predicted} ± 20 %"
    );
}

#[test]
fn dense_quadratic_matches_hebbian_dynamics() {
    // F(x) = x² gives E = -Σ_μ (ξ^μ·σ)², which differs from the Hebbian
    // energy by a constant, so both take the same unit decisions.
    const N: usize = 96;
    let mut rng = seeded(71);
    let patterns = random_patterns::<N, 3>(&mut rng, 15);
    let mut dense = DenseMemory::<Polynomial<2>, N, 3, 15>::polynomial();
    let mut hebbian = Hopfield::<i16, N, 3>::new(OnlineRule::Hebbian);
    for p in &patterns {
        dense.store(p).unwrap();
        hebbian.store(p).unwrap();
    }
    for trial in 0..20 {
        let start = BipolarPattern::<N, 3>::random(&mut rng);
        let (mut a, mut b) = (start, start);
        let report_dense = dense.recall_synchronous(&mut a, 1);
        let report_hebbian = hebbian.recall_synchronous(&mut b, 1);
        assert_eq!(a, b, "trial {trial}: one synchronous step from {start:?}");
        assert_eq!(report_dense, report_hebbian, "trial {trial}: reports");
    }
}

#[test]
fn dense_exponential_recalls_and_lowers_energy() {
    const N: usize = 64;
    const P: usize = 200;
    let mut rng = seeded(72);
    let interaction = Exponential::new(1.0).unwrap();
    let mut memory = Box::new(DenseMemory::<Exponential, N, 2, P>::exponential(
        interaction,
    ));
    assert_eq!(
        memory.energy(&BipolarPattern::filled(true)),
        None,
        "energy of an empty memory"
    );
    let patterns = random_patterns::<N, 2>(&mut rng, P);
    for p in &patterns {
        memory.store(p).unwrap();
    }

    for (mu, p) in patterns.iter().enumerate().take(20) {
        let mut state = *p;
        state.flip_random(N / 5, &mut rng);
        let mut energy = memory.energy(&state).unwrap();
        assert!(energy.is_finite(), "energy {energy} of cue {mu}");
        let mut stopped = false;
        for sweep in 0..20 {
            let report = memory.recall_asynchronous(&mut state, &mut rng, 1);
            let next = memory.energy(&state).unwrap();
            assert!(
                next <= energy + 1.0e-4,
                "pattern {mu}, sweep {sweep}: energy rose from {energy} to {next}"
            );
            energy = next;
            if report.stop == Stop::FixedPoint {
                stopped = true;
                break;
            }
        }
        assert!(stopped, "pattern {mu}: no fixed point after 20 sweeps");
        assert_eq!(
            state,
            *p,
            "pattern {mu} at load {} from {} flips",
            P / N,
            N / 5
        );
    }
}

#[test]
fn exponential_rejects_invalid_beta() {
    assert_eq!(Exponential::MIN_BETA, 2.0f32.powi(-120), "MIN_BETA");
    let below_min = Exponential::MIN_BETA * 0.5;
    for beta in [
        0.0,
        -0.0,
        -1.0,
        f32::NAN,
        f32::INFINITY,
        1.47e-39,
        f32::MIN_POSITIVE,
        below_min,
    ] {
        let result = Exponential::new(beta);
        let Err(Error::InvalidInverseTemperature { value }) = result else {
            panic!("Exponential::new({beta}) returned {result:?}");
        };
        assert_eq!(value.to_bits(), beta.to_bits(), "value reported for {beta}");
    }
    let smallest = Exponential::new(Exponential::MIN_BETA);
    assert!(
        smallest.is_ok(),
        "Exponential::new(MIN_BETA) returned {smallest:?}, expected Ok"
    );
}

#[test]
fn exponential_energy_finite_at_min_beta() {
    // 64 copies of one pattern make every term 1, so the energy is
    // -(N + ln 64 / β), about -5.5e36 at β = 2⁻¹²⁰.
    const N: usize = 64;
    let mut rng = seeded(74);
    let interaction = Exponential::new(Exponential::MIN_BETA).unwrap();
    let mut memory = DenseMemory::<Exponential, N, 2, 64>::exponential(interaction);
    let pattern = BipolarPattern::<N, 2>::random(&mut rng);
    for _ in 0..64 {
        memory.store(&pattern).unwrap();
    }
    let energy = memory.energy(&pattern).unwrap();
    let expected = -(64.0f64.ln() / f64::from(Exponential::MIN_BETA)) as f32;
    assert!(
        energy.is_finite() && (energy / expected - 1.0).abs() < 1.0e-5,
        "energy of {pattern:?} at β = 2^-120: got {energy}, expected about {expected}"
    );
}

#[test]
fn exponential_energy_cannot_overflow() {
    // β N = 2560, so exp(β ξ·σ) overflows f32; the energy must not.
    const N: usize = 256;
    let mut rng = seeded(73);
    let interaction = Exponential::new(10.0).unwrap();
    let mut memory = DenseMemory::<Exponential, N, 8, 4>::exponential(interaction);
    let patterns = random_patterns::<N, 8>(&mut rng, 4);
    for p in &patterns {
        memory.store(p).unwrap();
    }
    let energy = memory.energy(&patterns[0]).unwrap();
    assert!(
        (energy + N as f32).abs() < 1.0e-3,
        "energy at a stored pattern {energy}, expected about -{N}"
    );
    let mut state = patterns[2];
    state.flip_random(60, &mut rng);
    memory.recall_synchronous(&mut state, 10);
    assert_eq!(state, patterns[2], "recall with β = 10");
}

// ---------------------------------------------------------------------------
// Hetero-associative memory

#[test]
fn correlation_memory_recalls_pairs() {
    const IN: usize = 96;
    const OUT: usize = 40;
    let mut rng = seeded(80);
    let x = random_patterns::<IN, 3>(&mut rng, 5);
    let y = random_patterns::<OUT, 2>(&mut rng, 5);
    let mut memory = CorrelationMemory::<i8, IN, 3, OUT, 2>::new();
    for (a, b) in x.iter().zip(&y) {
        memory.store(a, b).unwrap();
    }
    assert_eq!(memory.load(), 5.0 / 96.0, "load");

    for mu in 0..5 {
        let mut output = BipolarPattern::filled(true);
        memory.recall(&x[mu], &mut output);
        assert_eq!(output, y[mu], "forward recall of pair {mu}");

        let mut input = BipolarPattern::filled(false);
        memory.recall_input(&y[mu], &mut input);
        assert_eq!(input, x[mu], "backward recall of pair {mu}");

        let mut cue = x[mu];
        cue.flip_random(IN / 8, &mut rng);
        let mut output = BipolarPattern::filled(true);
        let report = memory.recall_bidirectional(&mut cue, &mut output, 20);
        assert_eq!(
            report.stop,
            Stop::FixedPoint,
            "bidirectional recall of pair {mu}"
        );
        assert_eq!(
            (cue, output),
            (x[mu], y[mu]),
            "bidirectional recall of pair {mu}"
        );
        let energy = memory.energy(&cue, &output);
        assert!(energy < 0.0, "energy {energy} of stored pair {mu}");
    }
}

#[test]
fn correlation_fields_match_transposed_sum() {
    const IN: usize = 33;
    const OUT: usize = 17;
    let mut rng = seeded(81);
    let mut memory = CorrelationMemory::<f32, IN, 2, OUT, 1>::new();
    for _ in 0..4 {
        let a = BipolarPattern::random(&mut rng);
        let b = BipolarPattern::random(&mut rng);
        memory.store(&a, &b).unwrap();
    }
    let y = BipolarPattern::<OUT, 1>::random(&mut rng);
    let mut fields = [0.0f32; IN];
    memory.input_fields(&y, &mut fields);
    for (j, field) in fields.iter().enumerate() {
        let expected: f32 = (0..OUT)
            .map(|k| memory.weights()[k][j] * f32::from(y.sign(k)))
            .sum();
        assert_eq!(*field, expected, "input field {j}");
    }
}

// ---------------------------------------------------------------------------
// Placement

#[test]
fn memory_can_be_a_static() {
    // `new` is a const fn, so the 64 KiB matrix is built at compile time.
    static MEMORY: Hopfield<i8, 256, 8> = Hopfield::new(OnlineRule::Hebbian);
    assert_eq!(
        core::mem::size_of_val(&MEMORY.weights()[0]),
        256,
        "row size"
    );
    assert_eq!(MEMORY.pattern_count(), 0, "patterns in a new memory");
    assert_eq!(
        MEMORY.predicted_error(),
        Some(0.0),
        "predicted error at α = 0"
    );
}
