//! The `wide` vector kernels against their scalar twins and an f64 sum.

use rand_core::SeedableRng;
use shinkei::rng::{Xoshiro128PlusPlus, uniform_range};
use shinkei::vector::{self, scalar};

/// Lengths around the 8-lane groups and the 4-row blocks of `matvec`.
const LENGTHS: [usize; 13] = [0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 63, 65];

/// Special values mixed into inputs; sums with them must still match the
/// scalar path bit for bit.
const SPECIAL: [f32; 8] = [
    0.0,
    -0.0,
    1.0e-45,
    -1.0e-40,
    f32::MIN_POSITIVE,
    1.0e30,
    -1.0e30,
    3.5,
];

fn random_vec(rng: &mut Xoshiro128PlusPlus, len: usize) -> Vec<f32> {
    (0..len).map(|_| uniform_range(rng, -2.0, 2.0)).collect()
}

fn same_bits(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

#[test]
fn dot_matches_scalar_bitwise() {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(0);
    for len in LENGTHS {
        let mut a = random_vec(&mut rng, len);
        let b = random_vec(&mut rng, len);
        for (slot, special) in a.iter_mut().zip(SPECIAL) {
            *slot = special;
        }
        let wide = vector::dot(&a, &b);
        let plain = scalar::dot(&a, &b);
        assert!(
            same_bits(wide, plain),
            "dot, length {len}: wide {wide:e}, scalar {plain:e}"
        );
    }
}

#[test]
fn dot_close_to_f64_sum() {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(1);
    for len in LENGTHS.into_iter().chain([256, 1000, 1024]) {
        let a = random_vec(&mut rng, len);
        let b = random_vec(&mut rng, len);
        let exact: f64 = a
            .iter()
            .zip(&b)
            .map(|(x, y)| f64::from(*x) * f64::from(*y))
            .sum();
        let magnitude: f64 = a.iter().zip(&b).map(|(x, y)| f64::from(x * y).abs()).sum();
        let got = f64::from(vector::dot(&a, &b));
        // Each of the at most len additions rounds by at most 2⁻²⁴ relative
        // to the running magnitude.
        let bound = (len as f64 + 1.0) * magnitude * f64::from(f32::EPSILON);
        assert!(
            (got - exact).abs() <= bound,
            "dot, length {len}: got {got}, expected {exact} ± {bound}"
        );
    }
}

#[test]
fn dot_propagates_nan_and_infinity() {
    let mut a = [1.0f32; 9];
    let b = [1.0f32; 9];
    a[8] = f32::NAN;
    assert!(vector::dot(&a, &b).is_nan(), "NaN in the tail was lost");
    a[8] = 1.0;
    a[2] = f32::INFINITY;
    assert_eq!(
        vector::dot(&a, &b),
        f32::INFINITY,
        "infinity in a lane was lost"
    );
    assert_eq!(vector::dot(&[], &[]), 0.0, "empty dot product");
}

#[test]
fn axpy_matches_scalar_bitwise() {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(2);
    for len in LENGTHS {
        let x = random_vec(&mut rng, len);
        let start = random_vec(&mut rng, len);
        for alpha in [0.0f32, -0.0, 0.37, -1.5e-3, 1.0e20] {
            let mut wide = start.clone();
            let mut plain = start.clone();
            vector::axpy(alpha, &x, &mut wide);
            scalar::axpy(alpha, &x, &mut plain);
            for (j, (w, p)) in wide.iter().zip(&plain).enumerate() {
                assert!(
                    same_bits(*w, *p),
                    "axpy, length {len}, alpha {alpha}, element {j}: wide {w:e}, scalar {p:e}"
                );
            }
        }
    }
}

#[test]
#[should_panic(expected = "different lengths")]
fn dot_rejects_length_mismatch() {
    vector::dot(&[1.0, 2.0], &[1.0]);
}

/// Checks `matvec` and `matvec_transposed` for one shape against the scalar
/// path (bit for bit) and against `dot` row by row.
fn check_shape<const IN: usize, const OUT: usize>(rng: &mut Xoshiro128PlusPlus) {
    let mut w = [[0.0f32; IN]; OUT];
    for row in w.iter_mut() {
        row.copy_from_slice(&random_vec(rng, IN));
    }
    let x: [f32; IN] = random_vec(rng, IN).try_into().unwrap();
    let d: [f32; OUT] = random_vec(rng, OUT).try_into().unwrap();

    let (mut wide, mut plain) = ([0.0f32; OUT], [0.0f32; OUT]);
    vector::matvec(&w, &x, &mut wide);
    scalar::matvec(&w, &x, &mut plain);
    for i in 0..OUT {
        let row_dot = vector::dot(&w[i], &x);
        assert!(
            same_bits(wide[i], plain[i]),
            "matvec {OUT}x{IN}, row {i}: wide {}, scalar {}",
            wide[i],
            plain[i]
        );
        assert!(
            same_bits(wide[i], row_dot),
            "matvec {OUT}x{IN}, row {i}: {} but dot gives {row_dot}",
            wide[i]
        );
    }

    let (mut wide_t, mut plain_t) = ([0.0f32; IN], [0.0f32; IN]);
    vector::matvec_transposed(&w, &d, &mut wide_t);
    scalar::matvec_transposed(&w, &d, &mut plain_t);
    for j in 0..IN {
        let exact: f64 = (0..OUT).map(|i| f64::from(w[i][j]) * f64::from(d[i])).sum();
        assert!(
            same_bits(wide_t[j], plain_t[j]),
            "matvec_transposed {OUT}x{IN}, column {j}: wide {}, scalar {}",
            wide_t[j],
            plain_t[j]
        );
        assert!(
            (f64::from(wide_t[j]) - exact).abs() <= 1e-5 * (1.0 + exact.abs()) * OUT as f64,
            "matvec_transposed {OUT}x{IN}, column {j}: got {}, expected {exact}",
            wide_t[j]
        );
    }
}

#[test]
fn matvec_matches_scalar_and_dot() {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(3);
    check_shape::<1, 1>(&mut rng);
    check_shape::<7, 3>(&mut rng);
    check_shape::<8, 4>(&mut rng);
    check_shape::<9, 5>(&mut rng);
    check_shape::<16, 7>(&mut rng);
    check_shape::<17, 8>(&mut rng);
    check_shape::<64, 32>(&mut rng);
    check_shape::<32, 10>(&mut rng);
    check_shape::<100, 9>(&mut rng);
}
