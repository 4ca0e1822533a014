//! The symmetric weight matrix with zero diagonal that the Hopfield and
//! pseudo-inverse memories share, and its storage rules.

use core::cmp::Ordering;

use super::dynamics::UnitRule;
use super::weight::Weight;
use super::{BipolarPattern, words_for};

/// An `N × N` symmetric weight matrix with zero diagonal. Row `i` contains
/// the weights into unit `i`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Couplings<W: Weight, const N: usize> {
    pub(crate) weights: [[W; N]; N],
}

/// Compile-time checks on the sizes of a matrix memory.
pub(crate) struct Shape<W, const N: usize, const WORDS: usize>(core::marker::PhantomData<W>);

impl<W: Weight, const N: usize, const WORDS: usize> Shape<W, N, WORDS> {
    pub(crate) const IS_VALID: () = assert!(
        N > 0 && N <= W::MAX_UNITS && WORDS == words_for(N),
        "a memory needs 0 < N <= Weight::MAX_UNITS and WORDS == words_for(N)"
    );
}

impl<W: Weight, const N: usize> Couplings<W, N> {
    pub(crate) const fn zeros() -> Self {
        Self {
            weights: [[W::ZERO; N]; N],
        }
    }

    pub(crate) fn clear(&mut self) {
        for row in self.weights.iter_mut() {
            row.fill(W::ZERO);
        }
    }

    /// Returns the local field `Σ_j w_ij σ_j` of unit `unit`.
    #[inline]
    pub(crate) fn field<const WORDS: usize>(
        &self,
        state: &BipolarPattern<N, WORDS>,
        unit: usize,
    ) -> W::Field {
        W::field(&self.weights[unit], state.words())
    }

    /// Returns `E = -½ Σ_ij w_ij σ_i σ_j` as `-½ Σ_i σ_i h_i`, summed in
    /// `f64`. Exact for the integer types, since every partial sum is an
    /// integer below 2⁵³.
    pub(crate) fn energy<const WORDS: usize>(&self, state: &BipolarPattern<N, WORDS>) -> f64 {
        let mut sum = 0.0f64;
        for unit in 0..N {
            let field: f64 = self.field(state, unit).into();
            sum += if state.is_positive(unit) {
                field
            } else {
                -field
            };
        }
        -0.5 * sum
    }

    /// Adds `ξ_i ξ_j` to every off-diagonal weight and returns the number of
    /// weights clamped to `±W::MAX`.
    pub(crate) fn add_hebbian<const WORDS: usize>(
        &mut self,
        pattern: &BipolarPattern<N, WORDS>,
    ) -> usize {
        let mut saturated = 0;
        for (i, row) in self.weights.iter_mut().enumerate() {
            let xi_i = pattern.is_positive(i);
            for (j, weight) in row.iter_mut().enumerate() {
                if j == i {
                    continue;
                }
                let product = if xi_i == pattern.is_positive(j) {
                    1
                } else {
                    -1
                };
                let (updated, clamped) = weight.incremented(product, W::Field::default(), N);
                *weight = updated;
                saturated += usize::from(clamped);
            }
        }
        saturated
    }

    /// Applies Storkey's rule for `pattern` and returns the number of weights
    /// clamped to `±W::MAX`. Uses `N` fields of stack.
    ///
    /// In units of `1/N` the rule reads `Δw_ij = ξ_i ξ_j - (ξ_i H_ji + H_ij
    /// ξ_j) / N` with `H_ij = Σ_{k≠i,j} w_ik ξ_k`. Because the diagonal is
    /// zero, `H_ij = h_i - w_ij ξ_j` with the full field `h_i = Σ_k w_ik ξ_k`,
    /// so the numerator is `ξ_i h_j + h_i ξ_j - w_ji - w_ij`, and all fields
    /// are computed once, before any weight changes.
    pub(crate) fn add_storkey<const WORDS: usize>(
        &mut self,
        pattern: &BipolarPattern<N, WORDS>,
    ) -> usize {
        let fields: [W::Field; N] = core::array::from_fn(|i| self.field(pattern, i));
        let signed = |field: W::Field, positive: bool| if positive { field } else { -field };

        let mut saturated = 0;
        for i in 0..N {
            let xi_i = pattern.is_positive(i);
            for j in i + 1..N {
                let xi_j = pattern.is_positive(j);
                let w_ij = self.weights[i][j];
                let w_ji = self.weights[j][i];
                let numerator =
                    signed(fields[j], xi_i) + signed(fields[i], xi_j) - w_ji.into() - w_ij.into();
                let product = if xi_i == xi_j { 1 } else { -1 };
                let (updated, clamped) = w_ij.incremented(product, numerator, N);
                self.weights[i][j] = updated;
                self.weights[j][i] = updated;
                saturated += 2 * usize::from(clamped);
            }
        }
        saturated
    }
}

impl<W: Weight, const N: usize, const WORDS: usize> UnitRule<N, WORDS> for Couplings<W, N> {
    #[inline]
    fn field_sign(&self, state: &BipolarPattern<N, WORDS>, unit: usize) -> Ordering {
        self.field(state, unit)
            .partial_cmp(&W::Field::default())
            .unwrap_or(Ordering::Equal)
    }
}
