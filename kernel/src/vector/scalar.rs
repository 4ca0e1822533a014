//! Plain-loop versions of the vector kernels.
//!
//! Each function returns exactly what its counterpart in the parent module
//! returns, bit for bit, because both follow the order of operations set out
//! there. They are the reference for tests and the baseline for benchmarks.

use super::{LANES, sum_lanes};

/// Returns the dot product `Σ a[j] b[j]`.
///
/// # Panics
///
/// Panics if `a` and `b` have different lengths.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "dot: slices of different lengths");
    let full = a.len() - a.len() % LANES;

    let mut partial = [0.0f32; LANES];
    for j in 0..full {
        partial[j % LANES] += a[j] * b[j];
    }

    let mut sum = sum_lanes(partial);
    for j in full..a.len() {
        sum += a[j] * b[j];
    }
    sum
}

/// Computes `y[j] += alpha * x[j]` for every `j`.
///
/// # Panics
///
/// Panics if `x` and `y` have different lengths.
pub fn axpy(alpha: f32, x: &[f32], y: &mut [f32]) {
    assert_eq!(x.len(), y.len(), "axpy: slices of different lengths");
    for (x, y) in x.iter().zip(y.iter_mut()) {
        *y += alpha * x;
    }
}

/// Computes `y = W x`, where row `i` of `w` gives `y[i]`.
pub fn matvec<const IN: usize, const OUT: usize>(
    w: &[[f32; IN]; OUT],
    x: &[f32; IN],
    y: &mut [f32; OUT],
) {
    for (row, out) in w.iter().zip(y.iter_mut()) {
        *out = dot(row, x);
    }
}

/// Computes `y = Wᵀ d`, the sum of the rows of `w`, row `i` scaled by `d[i]`.
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
