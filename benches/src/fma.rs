//! Fused multiply-add twins of the vector kernels in `shinkei::vector`.
//!
//! The kernels round every product and every sum separately, so that their
//! results are bit-identical on every target. These twins keep the kernels'
//! loop structure and order of summation but accumulate with
//! [`f32x8::mul_add`], which rounds once. They measure what the kernels
//! would gain from fused multiply-add; they are not bit-identical to the
//! kernels.
//!
//! `wide` 1.7 compiles `mul_add` to an FMA instruction only when the build
//! enables the `fma` target feature, for example with `-C target-cpu=native`
//! on a CPU that has it. Otherwise it multiplies and adds, so these twins
//! cost the same as the kernels. Elements past the last full group of
//! eight are handled as in the kernels, without `mul_add`, because the
//! scalar `f32::mul_add` is a slow library call on targets without FMA.

use wide::f32x8;

const LANES: usize = 8;

fn sum_lanes(s: [f32; LANES]) -> f32 {
    ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))
}

/// Returns the dot product `Σ a[j] b[j]`, accumulated with `mul_add`.
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
        acc = f32x8::from(*x).mul_add(f32x8::from(*y), acc);
    }

    let mut sum = sum_lanes(acc.to_array());
    for (x, y) in a_tail.iter().zip(b_tail) {
        sum += x * y;
    }
    sum
}

/// Computes `y[j] += alpha * x[j]` with `mul_add`.
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
        *y = scale.mul_add(f32x8::from(*x), f32x8::from(*y)).to_array();
    }
    for (x, y) in x_tail.iter().zip(y_tail) {
        *y += alpha * x;
    }
}

/// Computes `y = W x` four rows at a time, as `shinkei::vector::matvec`
/// does, accumulated with `mul_add`.
#[inline]
pub fn matvec<const IN: usize, const OUT: usize>(
    w: &[[f32; IN]; OUT],
    x: &[f32; IN],
    y: &mut [f32; OUT],
) {
    let (row_blocks, row_tail) = w.as_chunks::<4>();
    let (y_blocks, y_tail) = y.as_chunks_mut::<4>();
    let (x_groups, x_tail) = x.as_chunks::<LANES>();

    for (rows, out) in row_blocks.iter().zip(y_blocks) {
        let groups: [&[[f32; LANES]]; 4] = core::array::from_fn(|r| rows[r].as_chunks::<LANES>().0);
        let mut acc = [f32x8::ZERO; 4];
        for (g, x_group) in x_groups.iter().enumerate() {
            let xv = f32x8::from(*x_group);
            for (sum, row_groups) in acc.iter_mut().zip(&groups) {
                *sum = f32x8::from(row_groups[g]).mul_add(xv, *sum);
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

/// Computes `y = Wᵀ d` row by row with [`axpy`], as
/// `shinkei::vector::matvec_transposed` does.
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
