//! Deciding linear separability by linear programming, with a checked
//! certificate for either outcome.
//!
//! Labelled points `x_i` with signs `s_i = ±1` are separable through the
//! origin when some `w` gives `s_i (w · x_i) > 0` for every `i`. Write
//! `m_i = s_i x_i`. Gordan's theorem of the alternative states that exactly
//! one of these holds:
//!
//! - some `w` has `m_i · w > 0` for every `i` (separable);
//! - some `λ ≥ 0`, not all zero, has `Σ λ_i m_i = 0` (not separable: a
//!   convex combination of the `m_i` is the origin, and `w` would have to
//!   score it both positive and zero).
//!
//! [`decide`] runs phase 1 of the simplex method on the second system,
//! normalised by `Σ λ_i = 1`, in `f64` with Bland's rule, so it cannot cycle.
//! If phase 1 reaches a feasible point, that point is `λ`. Otherwise the
//! phase-1 simplex multipliers are a Farkas certificate, and they contain a
//! separating `w`. Neither certificate is trusted as computed:
//!
//! - `w` is accepted only if every `m_i · w` is positive by more than the
//!   worst-case rounding error of an `f64` dot product, so an accepted `w`
//!   proves separability of the given numbers.
//! - `λ` is accepted only if `Σ λ_i m_i` is zero. For integer data the
//!   check is exact: `λ` is converted to integers (a vertex of the feasible
//!   set is rational, with the denominators of a basis inverse) and the sum
//!   is formed in `i128`. For other data it is zero within a relative
//!   [`RESIDUAL_TOLERANCE`].
//!
//! When a certificate fails its check, [`decide`] returns [`Undecided`]
//! rather than a guess.

use std::fmt;

/// The largest accepted `|Σ λ_i m_ij|`, relative to `Σ λ_i |m_ij|`, for a
/// non-separability certificate on data that are not all integers.
pub const RESIDUAL_TOLERANCE: f64 = 1e-9;

/// Pivot and reduced-cost threshold of the simplex method. The data here
/// have entries of size about 1, so rounding noise stays far below it.
const PIVOT_TOLERANCE: f64 = 1e-11;

/// The phase-1 objective (the sum of the artificial variables) at or below
/// which the second system counts as feasible.
const FEASIBILITY_TOLERANCE: f64 = 1e-9;

/// The largest denominator tried when `λ` is converted to integers.
const MAX_DENOMINATOR: i128 = 1 << 24;

/// The decision of [`decide`], with its certificate.
#[derive(Debug, Clone, PartialEq)]
pub enum Separability {
    /// `m_i · weights > 0` for every `i`, checked with a rounding-error bound.
    Separable {
        /// A separating weight vector.
        weights: Vec<f64>,
    },
    /// `Σ λ_i m_i = 0` with `λ ≥ 0` and `Σ λ_i = 1`.
    NotSeparable {
        /// The coefficients `λ`, one per point.
        coefficients: Vec<f64>,
        /// Whether `Σ λ_i m_i = 0` was checked exactly in integers (all
        /// inputs integral) rather than within [`RESIDUAL_TOLERANCE`].
        exact: bool,
    },
}

impl Separability {
    /// Returns whether the points are separable.
    pub fn is_separable(&self) -> bool {
        matches!(self, Separability::Separable { .. })
    }
}

/// A decision whose certificate failed its check, which points to data too
/// badly conditioned for the `f64` simplex method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undecided {
    /// The certificate that failed its check, and by how much.
    pub reason: String,
}

impl fmt::Display for Undecided {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "linear separability undecided: {}", self.reason)
    }
}

impl std::error::Error for Undecided {}

/// Appends a constant 1 to every point, so that separability through the
/// origin of the result is separability by an affine hyperplane (a
/// threshold unit with a bias) of the input.
pub fn with_bias(points: &[Vec<f64>]) -> Vec<Vec<f64>> {
    points
        .iter()
        .map(|x| x.iter().copied().chain([1.0]).collect())
        .collect()
}

/// Decides whether `points[i]` with label `positive[i]` are linearly
/// separable by a hyperplane through the origin, that is whether some `w`
/// gives `w · x_i > 0` on the positive and `< 0` on the negative points.
///
/// # Errors
///
/// [`Undecided`] if the certificate the simplex method found fails its
/// check.
///
/// # Panics
///
/// Panics if `points` is empty, the points differ in dimension, a value is
/// not finite, or `positive` has a different length.
pub fn decide(points: &[Vec<f64>], positive: &[bool]) -> Result<Separability, Undecided> {
    assert!(!points.is_empty(), "decide: no points");
    assert_eq!(
        points.len(),
        positive.len(),
        "decide: {} points but {} labels",
        points.len(),
        positive.len()
    );
    let dimension = points[0].len();
    let signed: Vec<Vec<f64>> = points
        .iter()
        .zip(positive)
        .map(|(x, &positive)| {
            assert_eq!(x.len(), dimension, "decide: points differ in dimension");
            assert!(
                x.iter().all(|v| v.is_finite()),
                "decide: non-finite value in {x:?}"
            );
            let sign = if positive { 1.0 } else { -1.0 };
            x.iter().map(|v| sign * v).collect()
        })
        .collect();

    match phase_one(&signed) {
        PhaseOne::Feasible(coefficients) => check_combination(&signed, coefficients),
        PhaseOne::Infeasible(weights) => check_weights(&signed, weights),
    }
}

/// The outcome of phase 1 on `Σ λ_i m_i = 0`, `Σ λ_i = 1`, `λ ≥ 0`.
enum PhaseOne {
    /// A feasible `λ`.
    Feasible(Vec<f64>),
    /// The first `d` simplex multipliers, with the sign that makes them a
    /// candidate separating `w`.
    Infeasible(Vec<f64>),
}

/// Runs phase 1 of the simplex method with one artificial variable per row,
/// entering the lowest-index improving column and leaving the lowest-index
/// basic variable among the tied ratios (Bland's rule).
fn phase_one(signed: &[Vec<f64>]) -> PhaseOne {
    let count = signed.len();
    let dimension = signed[0].len();
    let rows = dimension + 1;
    // Columns: λ_0..λ_{P-1}, then the artificials a_0..a_d, then the
    // right-hand side.
    let columns = count + rows;
    let rhs = columns;
    let mut tableau = vec![vec![0.0f64; columns + 1]; rows];
    for (i, m) in signed.iter().enumerate() {
        for (j, &value) in m.iter().enumerate() {
            tableau[j][i] = value;
        }
        tableau[dimension][i] = 1.0;
    }
    for (row, line) in tableau.iter_mut().enumerate() {
        line[count + row] = 1.0;
    }
    tableau[dimension][rhs] = 1.0;
    let mut basis: Vec<usize> = (count..count + rows).collect();

    // Bland's rule ends in exact arithmetic. The cap only guards against
    // rounding making it cycle, and a stopped run fails its check below.
    let max_pivots = 50 * (rows + columns);
    for _ in 0..max_pivots {
        // Reduced costs: c_k − c_B · (column k of the tableau), where c is
        // 1 on the artificials and 0 elsewhere.
        let reduced_cost = |k: usize| {
            let cost = if k >= count { 1.0 } else { 0.0 };
            let basic: f64 = basis
                .iter()
                .zip(&tableau)
                .filter(|(b, _)| **b >= count)
                .map(|(_, line)| line[k])
                .sum();
            cost - basic
        };
        let Some(entering) = (0..columns).find(|&k| reduced_cost(k) < -PIVOT_TOLERANCE) else {
            break;
        };

        let mut leaving: Option<(usize, f64)> = None;
        for (row, line) in tableau.iter().enumerate() {
            if line[entering] > PIVOT_TOLERANCE {
                let ratio = line[rhs] / line[entering];
                let better = match leaving {
                    None => true,
                    Some((best, best_ratio)) => {
                        ratio < best_ratio - PIVOT_TOLERANCE
                            || (ratio <= best_ratio + PIVOT_TOLERANCE && basis[row] < basis[best])
                    }
                };
                if better {
                    leaving = Some((row, ratio));
                }
            }
        }
        // Phase 1 is bounded below by 0, so an improving column always has
        // a positive entry. Without one, stop and let the checks decide.
        let Some((pivot_row, _)) = leaving else {
            break;
        };
        pivot(&mut tableau, pivot_row, entering);
        basis[pivot_row] = entering;
    }

    let objective: f64 = basis
        .iter()
        .zip(&tableau)
        .filter(|(b, _)| **b >= count)
        .map(|(_, line)| line[rhs])
        .sum();

    // The tableau has accumulated the rounding errors of every pivot, so
    // the solution is recomputed from the original data and the final basis
    // B: the basic solution solves B x = b, the multipliers solve
    // Bᵀ y = c_B.
    let basis_matrix: Vec<Vec<f64>> = (0..rows)
        .map(|row| {
            basis
                .iter()
                .map(|&b| match b {
                    b if b < count && row < dimension => signed[b][row],
                    b if b < count => 1.0,
                    b => f64::from(u8::from(b - count == row)),
                })
                .collect()
        })
        .collect();
    if objective <= FEASIBILITY_TOLERANCE {
        let mut right_side = vec![0.0; rows];
        right_side[dimension] = 1.0;
        let solution = solve(basis_matrix, right_side);
        let mut coefficients = vec![0.0; count];
        for (&b, value) in basis.iter().zip(solution) {
            if b < count {
                coefficients[b] = value.max(0.0);
            }
        }
        PhaseOne::Feasible(coefficients)
    } else {
        // At the optimum y · A_k ≤ 0 for every λ column and y · b > 0, so
        // w = −(y_0..y_{d−1}) gives m_k · w ≥ y_d > 0.
        let transposed: Vec<Vec<f64>> = (0..rows)
            .map(|i| basis_matrix.iter().map(|line| line[i]).collect())
            .collect();
        let basic_costs = basis
            .iter()
            .map(|&b| f64::from(u8::from(b >= count)))
            .collect();
        let multipliers = solve(transposed, basic_costs);
        let weights = multipliers[..dimension].iter().map(|y| -y).collect();
        PhaseOne::Infeasible(weights)
    }
}

/// Solves the square system `matrix · x = right_side` by Gaussian
/// elimination with partial pivoting. A basis matrix is non-singular, so
/// every pivot is non-zero.
fn solve(mut matrix: Vec<Vec<f64>>, mut right_side: Vec<f64>) -> Vec<f64> {
    let size = right_side.len();
    for column in 0..size {
        let pivot_row = (column..size)
            .max_by(|&a, &b| matrix[a][column].abs().total_cmp(&matrix[b][column].abs()))
            .expect("the range is not empty");
        matrix.swap(column, pivot_row);
        right_side.swap(column, pivot_row);
        let (upper, lower) = matrix.split_at_mut(column + 1);
        let pivot_line = &upper[column];
        for (offset, line) in lower.iter_mut().enumerate() {
            let factor = line[column] / pivot_line[column];
            if factor != 0.0 {
                for (value, p) in line[column..].iter_mut().zip(&pivot_line[column..]) {
                    *value -= factor * p;
                }
                right_side[column + 1 + offset] -= factor * right_side[column];
            }
        }
    }
    let mut solution = vec![0.0; size];
    for row in (0..size).rev() {
        let known: f64 = (row + 1..size).map(|k| matrix[row][k] * solution[k]).sum();
        solution[row] = (right_side[row] - known) / matrix[row][row];
    }
    solution
}

/// Pivots the tableau on `(row, column)`.
fn pivot(tableau: &mut [Vec<f64>], row: usize, column: usize) {
    let scale = tableau[row][column];
    for value in tableau[row].iter_mut() {
        *value /= scale;
    }
    let pivot_line = tableau[row].clone();
    for (r, line) in tableau.iter_mut().enumerate() {
        if r == row {
            continue;
        }
        let factor = line[column];
        if factor != 0.0 {
            for (value, p) in line.iter_mut().zip(&pivot_line) {
                *value -= factor * p;
            }
        }
    }
}

/// Accepts `weights` if every `m_i · weights` is positive beyond twice the
/// standard forward error bound of an `n`-term floating-point dot product,
/// `γ_n Σ_j |m_ij w_j|` with `γ_n = n u / (1 − n u)` and unit roundoff `u`,
/// which holds for any summation order.
fn check_weights(signed: &[Vec<f64>], weights: Vec<f64>) -> Result<Separability, Undecided> {
    let terms = weights.len() as f64;
    let unit_roundoff = f64::EPSILON / 2.0;
    let gamma = terms * unit_roundoff / (1.0 - terms * unit_roundoff);
    for (i, m) in signed.iter().enumerate() {
        let dot: f64 = m.iter().zip(&weights).map(|(a, b)| a * b).sum();
        let magnitude: f64 = m.iter().zip(&weights).map(|(a, b)| (a * b).abs()).sum();
        // Doubled to cover the rounding of the computed magnitude too.
        let bound = 2.0 * gamma * magnitude;
        if dot.is_nan() || bound.is_nan() || dot <= bound {
            return Err(Undecided {
                reason: format!(
                    "the simplex multipliers do not separate point {i}: signed score {dot:e}, \
                     rounding bound {bound:e}"
                ),
            });
        }
    }
    Ok(Separability::Separable { weights })
}

/// Accepts `coefficients` as `λ` if `Σ λ_i m_i = 0`: exactly for integer
/// data, within [`RESIDUAL_TOLERANCE`] otherwise.
fn check_combination(
    signed: &[Vec<f64>],
    coefficients: Vec<f64>,
) -> Result<Separability, Undecided> {
    let total: f64 = coefficients.iter().sum();
    if total.is_nan() || (total - 1.0).abs() > RESIDUAL_TOLERANCE {
        return Err(Undecided {
            reason: format!("the phase-1 coefficients sum to {total}, not 1"),
        });
    }

    let integral = signed
        .iter()
        .flatten()
        .all(|v| v.fract() == 0.0 && v.abs() < 2f64.powi(53));
    if integral {
        return match integer_combination(&coefficients) {
            Some(multiples) if combination_is_zero(signed, &multiples) => {
                Ok(Separability::NotSeparable {
                    coefficients,
                    exact: true,
                })
            }
            _ => Err(Undecided {
                reason: format!(
                    "the phase-1 solution {coefficients:?} is not an exact zero combination \
                     of the integer points"
                ),
            }),
        };
    }

    let dimension = signed[0].len();
    for j in 0..dimension {
        let residual: f64 = signed
            .iter()
            .zip(&coefficients)
            .map(|(m, l)| l * m[j])
            .sum();
        let scale: f64 = signed
            .iter()
            .zip(&coefficients)
            .map(|(m, l)| (l * m[j]).abs())
            .sum();
        if residual.is_nan() || residual.abs() > RESIDUAL_TOLERANCE * scale.max(f64::MIN_POSITIVE) {
            return Err(Undecided {
                reason: format!(
                    "coordinate {j} of the zero combination is {residual:e}, \
                     above {RESIDUAL_TOLERANCE:e} times its scale {scale:e}"
                ),
            });
        }
    }
    Ok(Separability::NotSeparable {
        coefficients,
        exact: false,
    })
}

/// Scales `coefficients` to non-negative integers with a common
/// denominator, found from each value's continued fraction, or returns
/// `None` if a denominator would pass [`MAX_DENOMINATOR`].
fn integer_combination(coefficients: &[f64]) -> Option<Vec<i128>> {
    let fractions: Vec<(i128, i128)> = coefficients
        .iter()
        .map(|&c| nearest_fraction(c.max(0.0), MAX_DENOMINATOR))
        .collect::<Option<_>>()?;
    let mut common = 1i128;
    for &(_, denominator) in &fractions {
        common = common.checked_mul(denominator / gcd(common, denominator))?;
        if common > MAX_DENOMINATOR {
            return None;
        }
    }
    fractions
        .iter()
        .map(|&(numerator, denominator)| numerator.checked_mul(common / denominator))
        .collect()
}

/// Returns whether the integers `multiples` are not all zero, none is
/// negative, and `Σ multiples_i m_i = 0` exactly.
fn combination_is_zero(signed: &[Vec<f64>], multiples: &[i128]) -> bool {
    if multiples.iter().any(|&k| k < 0) || multiples.iter().all(|&k| k == 0) {
        return false;
    }
    let dimension = signed[0].len();
    (0..dimension).all(|j| {
        let sum = signed
            .iter()
            .zip(multiples)
            .try_fold(0i128, |sum, (m, &k)| {
                sum.checked_add(k.checked_mul(m[j] as i128)?)
            });
        sum == Some(0)
    })
}

/// Returns the fraction `p / q` with `q ≤ max_denominator` nearest to
/// `value ≥ 0` among the convergents of its continued fraction, or `None`
/// if none is within `1e-9` of it.
fn nearest_fraction(value: f64, max_denominator: i128) -> Option<(i128, i128)> {
    let (mut p0, mut q0, mut p1, mut q1) = (0i128, 1i128, 1i128, 0i128);
    let mut rest = value;
    loop {
        let whole = rest.floor();
        let a = whole as i128;
        let (p2, q2) = (a * p1 + p0, a * q1 + q0);
        if q2 > max_denominator {
            break;
        }
        (p0, q0, p1, q1) = (p1, q1, p2, q2);
        let fraction = rest - whole;
        if fraction < 1e-12 || (p1 as f64 / q1 as f64 - value).abs() < 1e-13 {
            break;
        }
        rest = 1.0 / fraction;
    }
    if q1 == 0 || (p1 as f64 / q1 as f64 - value).abs() > 1e-9 {
        return None;
    }
    Some((p1, q1))
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(rows: &[&[f64]]) -> Vec<Vec<f64>> {
        rows.iter().map(|r| r.to_vec()).collect()
    }

    #[test]
    fn and_is_separable_with_bias() {
        let inputs = with_bias(&points(&[
            &[0.0, 0.0],
            &[0.0, 1.0],
            &[1.0, 0.0],
            &[1.0, 1.0],
        ]));
        let decision = decide(&inputs, &[false, false, false, true]).unwrap();
        let Separability::Separable { weights } = decision else {
            panic!("AND: got {decision:?}, expected separable");
        };
        for (x, positive) in inputs.iter().zip([false, false, false, true]) {
            let score: f64 = x.iter().zip(&weights).map(|(a, b)| a * b).sum();
            assert_eq!(score > 0.0, positive, "AND at {x:?}: score {score}");
        }
    }

    #[test]
    fn xor_is_not_separable_exactly() {
        let inputs = with_bias(&points(&[
            &[0.0, 0.0],
            &[0.0, 1.0],
            &[1.0, 0.0],
            &[1.0, 1.0],
        ]));
        let decision = decide(&inputs, &[false, true, true, false]).unwrap();
        assert!(
            matches!(decision, Separability::NotSeparable { exact: true, .. }),
            "XOR: got {decision:?}, expected an exact non-separability certificate"
        );
    }

    #[test]
    fn collinear_reals_through_origin() {
        // Points on a line through the origin on both sides, labelled by
        // side: separable. Flip one label: not separable.
        let inputs = points(&[&[0.3, 0.6], &[1.1, 2.2], &[-0.7, -1.4]]);
        assert!(
            decide(&inputs, &[true, true, false])
                .unwrap()
                .is_separable()
        );
        let decision = decide(&inputs, &[true, false, false]).unwrap();
        assert!(
            matches!(decision, Separability::NotSeparable { exact: false, .. }),
            "flipped label: got {decision:?}"
        );
    }

    #[test]
    fn one_point_is_separable() {
        assert!(decide(&points(&[&[0.5]]), &[false]).unwrap().is_separable());
    }

    #[test]
    fn bad_certificates_are_rejected() {
        let signed = points(&[&[1.0, 0.5], &[-0.25, 1.0]]);
        let nan_weights = check_weights(&signed, vec![f64::NAN, 1.0]);
        assert!(nan_weights.is_err(), "NaN weights: got {nan_weights:?}");
        let zero_combination = check_combination(&signed, vec![0.0, 0.0]);
        assert!(
            zero_combination.is_err(),
            "all-zero coefficients: got {zero_combination:?}"
        );
        let wrong_combination = check_combination(&signed, vec![0.5, 0.5]);
        assert!(
            wrong_combination.is_err(),
            "non-zero sum of points: got {wrong_combination:?}"
        );
    }

    #[test]
    fn fractions_from_continued_fractions() {
        assert_eq!(nearest_fraction(0.25, 100), Some((1, 4)));
        assert_eq!(nearest_fraction(1.0 / 3.0, 100), Some((1, 3)));
        assert_eq!(nearest_fraction(0.0, 100), Some((0, 1)));
        assert_eq!(nearest_fraction(std::f64::consts::PI, 100), None);
    }
}
