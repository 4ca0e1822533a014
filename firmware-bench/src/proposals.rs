//! Candidate replacements for `shinkei::vector::matvec` on targets without
//! SIMD, counted next to the kernel so that a change can be judged by its
//! instruction count before it goes into the kernel.
//!
//! Both keep the kernel's order of operations (element `j` of each full
//! group of eight goes to partial sum `j % 8`, then the pairwise sum, then
//! the tail in order), so they return the kernel's results bit for bit.
//! The kernel computes four rows at a time, which needs 32 partial sums
//! plus the inputs: more than the 32 single-precision registers of the
//! Cortex-M4F, so the sums spill to the stack.

const LANES: usize = 8;

fn sum_lanes(s: [f32; LANES]) -> f32 {
    ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]))
}

/// Computes `y = W x` one row at a time with `shinkei::vector::dot`.
#[inline(never)]
pub fn matvec_rows<const IN: usize, const OUT: usize>(
    w: &[[f32; IN]; OUT],
    x: &[f32; IN],
    y: &mut [f32; OUT],
) {
    for (row, out) in w.iter().zip(y.iter_mut()) {
        *out = shinkei::vector::dot(row, x);
    }
}

/// Computes `y = W x` two rows at a time: 16 partial sums and the eight
/// inputs of a group fit in the register file.
#[inline(never)]
pub fn matvec_two_rows<const IN: usize, const OUT: usize>(
    w: &[[f32; IN]; OUT],
    x: &[f32; IN],
    y: &mut [f32; OUT],
) {
    let (row_pairs, row_tail) = w.as_chunks::<2>();
    let (out_pairs, out_tail) = y.as_chunks_mut::<2>();
    let (x_groups, x_tail) = x.as_chunks::<LANES>();

    for (rows, out) in row_pairs.iter().zip(out_pairs) {
        let first = rows[0].as_chunks::<LANES>().0;
        let second = rows[1].as_chunks::<LANES>().0;
        let mut sums = [[0.0f32; LANES]; 2];
        for ((x_group, w_first), w_second) in x_groups.iter().zip(first).zip(second) {
            for lane in 0..LANES {
                sums[0][lane] += w_first[lane] * x_group[lane];
                sums[1][lane] += w_second[lane] * x_group[lane];
            }
        }
        for ((row, sum), out) in rows.iter().zip(sums).zip(out.iter_mut()) {
            let mut total = sum_lanes(sum);
            for (wv, xv) in row.as_chunks::<LANES>().1.iter().zip(x_tail) {
                total += wv * xv;
            }
            *out = total;
        }
    }
    for (row, out) in row_tail.iter().zip(out_tail) {
        *out = shinkei::vector::dot(row, x);
    }
}

/// Computes `y = Wᵀ d` eight outputs at a time: each group of eight
/// outputs stays in registers while the rows are added in order, so `y` is
/// stored once instead of once per row. Every `y[j]` is the same sequential
/// sum over the rows as in the kernel's row-by-row `axpy`.
#[inline(never)]
pub fn matvec_transposed_columns<const IN: usize, const OUT: usize>(
    w: &[[f32; IN]; OUT],
    d: &[f32; OUT],
    y: &mut [f32; IN],
) {
    let (y_groups, y_tail) = y.as_chunks_mut::<LANES>();
    for (g, y_group) in y_groups.iter_mut().enumerate() {
        let mut sums = [0.0f32; LANES];
        for (row, scale) in w.iter().zip(d) {
            let w_group = &row.as_chunks::<LANES>().0[g];
            for lane in 0..LANES {
                sums[lane] += scale * w_group[lane];
            }
        }
        *y_group = sums;
    }
    let tail_start = IN - y_tail.len();
    for (offset, out) in y_tail.iter_mut().enumerate() {
        let mut sum = 0.0f32;
        for (row, scale) in w.iter().zip(d) {
            sum += scale * row[tail_start + offset];
        }
        *out = sum;
    }
}
