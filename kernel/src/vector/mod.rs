//! Vector kernels: dot product, axpy and matrix-vector products.
//!
//! Matrices are row-major arrays `[[f32; IN]; OUT]`, where row `i` contains
//! the weights into output `i`. Every length is allowed; elements past the last
//! full group of [`LANES`] are handled one at a time.
//!
//! # Results on different targets
//!
//! The kernels here use [`wide::f32x8`] and the kernels in [`scalar`] use
//! plain loops, and both follow one order of operations:
//!
//! - a reduction keeps [`LANES`] partial sums, where element `j` of each full
//!   group goes to sum `j % LANES`; the partial sums are then added pairwise,
//!   `((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))`, and the remaining
//!   elements are added one at a time in order;
//! - products and sums are rounded separately. No kernel uses a fused
//!   multiply-add, even where the target has one.
//!
//! So the two paths return bit-identical results on every target, and a
//! result does not depend on the SIMD width of the machine: `wide` runs
//! `f32x8` as one AVX register, two SSE or NEON registers, or eight scalars
//! on a Cortex-M4F, with the same rounding. The order differs from a plain
//! sequential sum, so results differ from a naive loop by rounding only.
//!
//! NaN and infinity propagate as in IEEE 754 arithmetic; an empty input gives
//! a dot product of `0.0`.

use wide::f32x8;

pub mod scalar;

/// The number of logical lanes every kernel uses, on every target.
pub const LANES: usize = 8;

/// Adds the eight partial sums of a reduction in the fixed pairwise order.
#[inline(always)]
pub(crate) fn sum_lanes(s: [f32; LANES]) -> f32 {
    ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))
}

/// Returns the dot product `Σ a[j] b[j]`.
///
/// # Panics
///
/// Panics if `a` and `b` have different lengths.
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "dot: slices of different lengths");
    let (a_groups, a_tail) = a.as_chunks::<LANES>();
    let (b_groups, b_tail) = b.as_chunks::<LANES>();

    let mut acc = f32x8::ZERO;
    for (x, y) in a_groups.iter().zip(b_groups) {
        acc += f32x8::from(*x) * f32x8::from(*y);
    }

    let mut sum = sum_lanes(acc.to_array());
    for (x, y) in a_tail.iter().zip(b_tail) {
        sum += x * y;
    }
    sum
}

/// Computes `y[j] += alpha * x[j]` for every `j`.
///
/// # Panics
///
/// Panics if `x` and `y` have different lengths.
#[inline]
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    assert_eq!(x.len(), y.len(), "axpy: slices of different lengths");
    let (x_groups, x_tail) = x.as_chunks::<LANES>();
    let (y_groups, y_tail) = y.as_chunks_mut::<LANES>();

    let scale = f32x8::splat(alpha);
    for (x, y) in x_groups.iter().zip(y_groups) {
        *y = (f32x8::from(*y) + scale * f32x8::from(*x)).to_array();
    }
    for (x, y) in x_tail.iter().zip(y_tail) {
        *y += alpha * x;
    }
}

/// Returns the largest `|v|` in `values`, or `0.0` for an empty slice.
/// The values must not be NaN, because lanes compare them in any order.
#[inline]
pub(crate) fn max_abs(values: &[f32]) -> f32 {
    let (groups, tail) = values.as_chunks::<LANES>();
    let mut max = f32x8::ZERO;
    for group in groups {
        max = max.max(f32x8::from(*group).abs());
    }
    let mut result = max.to_array().into_iter().fold(0.0f32, f32::max);
    for value in tail {
        result = result.max(value.abs());
    }
    result
}

/// Computes `y = W x`, where row `i` of `w` gives `y[i]`.
///
/// Each `y[i]` equals [`dot`]`(&w[i], x)` bit for bit. Targets with vector
/// registers work on four rows at a time; 32-bit Arm without NEON, such as
/// the Cortex-M4F, works row by row, because four rows need 32 partial sums,
/// which fill all 32 single-precision registers and spill.
#[inline]
pub fn matvec<const IN: usize, const OUT: usize>(
    w: &[[f32; IN]; OUT],
    x: &[f32; IN],
    y: &mut [f32; OUT],
) {
    if cfg!(all(target_arch = "arm", not(target_feature = "neon"))) {
        for (row, out) in w.iter().zip(y.iter_mut()) {
            *out = dot(row, x);
        }
        return;
    }

    // Four rows at a time give the CPU four independent accumulator chains;
    // each row still sums in the order `dot` uses.
    let (row_blocks, row_tail) = w.as_chunks::<4>();
    let (y_blocks, y_tail) = y.as_chunks_mut::<4>();
    let (x_groups, x_tail) = x.as_chunks::<LANES>();

    for (rows, out) in row_blocks.iter().zip(y_blocks) {
        let groups: [&[[f32; LANES]]; 4] = core::array::from_fn(|r| rows[r].as_chunks::<LANES>().0);
        let mut acc = [f32x8::ZERO; 4];
        for (g, x_group) in x_groups.iter().enumerate() {
            let xv = f32x8::from(*x_group);
            for (sum, row_groups) in acc.iter_mut().zip(&groups) {
                *sum += f32x8::from(row_groups[g]) * xv;
            }
        }
        for ((row, sum), out) in rows.iter().zip(acc).zip(out.iter_mut()) {
            let mut total = sum_lanes(sum.to_array());
            let row_tail = row.as_chunks::<LANES>().1;
            for (wv, xv) in row_tail.iter().zip(x_tail) {
                total += wv * xv;
            }
            *out = total;
        }
    }
    for (row, out) in row_tail.iter().zip(y_tail) {
        *out = dot(row, x);
    }
}

/// Computes `y = Wᵀ d`, the product with the transposed matrix: the sum of
/// the rows of `w`, row `i` scaled by `d[i]`.
///
/// Rows are added in order, each with [`axpy`], so every `y[j]` is a
/// sequential sum over `i`.
#[inline]
pub fn matvec_transposed<const IN: usize, const OUT: usize>(
    w: &[[f32; IN]; OUT],
    d: &[f32; OUT],
    y: &mut [f32; IN],
) {
    y.fill(0.0);
    for (row, scale) in w.iter().zip(d) {
        axpy(*scale, row, y);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_abs_matches_sequential_max() {
        let values: [f32; 19] =
            core::array::from_fn(|i| (i as f32 - 9.5) * if i % 3 == 0 { -1.0 } else { 0.5 });
        for len in 0..=values.len() {
            let slice = &values[..len];
            let want = slice.iter().fold(0.0f32, |m, v| m.max(v.abs()));
            let got = max_abs(slice);
            assert_eq!(
                got, want,
                "max_abs of {slice:?}: got {got}, expected {want}"
            );
        }
        assert_eq!(
            max_abs(&[-0.0, f32::MIN, 1.0]),
            f32::MAX,
            "max_abs with f32::MIN"
        );
    }
}
