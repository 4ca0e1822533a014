//! The pseudo-inverse (projection) rule: every linearly independent pattern
//! becomes a fixed point.

use rand_core::Rng;

use super::BipolarPattern;
use super::capacity::{check_room, load};
use super::couplings::{Couplings, Shape};
use super::dynamics::{RecallReport, recall_asynchronous, recall_synchronous};
use super::weight::Weight;
use crate::Error;

/// A pattern is rejected as linearly dependent on the stored ones when the
/// squared length of its part outside their span is below this fraction of
/// its own squared length `N`.
///
/// So the test is for dependence within this tolerance, and near full load
/// it also rejects patterns that are independent in exact arithmetic. For
/// the last of `N` random patterns the fraction is about `χ²₁ / N`. At
/// `N = 64` roughly one in five then falls below `10⁻³`, an estimate from
/// the χ² distribution.
///
/// NOTE: chosen so that single-precision rounding in the factor, about
/// `8 P N ε`, stays below it for up to about a thousand patterns. Patterns
/// closer to the span than this would give weights that `f32` cannot resolve.
pub const DEPENDENCE_TOLERANCE: f32 = 1.0e-3;

/// A Hopfield network of `N` bipolar units that stores up to `CAPACITY`
/// patterns with the pseudo-inverse rule `w = Ξᵀ (Ξ Ξᵀ)⁻¹ Ξ`, diagonal set to
/// zero (Personnaz, Guyon and Dreyfus 1985; Kanter and Sompolinsky 1987).
///
/// `Ξ` is the `P × N` matrix of stored patterns. The rule projects onto their
/// span, so `w ξ^μ = ξ^μ` before the diagonal is removed. Without the
/// diagonal, unit `i` of a stored pattern has field `(1 - p_ii) ξ_i^μ`, where
/// `p_ii < 1` is the diagonal element of the projection. Every set of
/// patterns that the memory accepts, linearly independent within
/// [`DEPENDENCE_TOLERANCE`], is therefore a set of fixed points with `f32`
/// weights, up to a load `P/N` close to 1.
///
/// NOTE: `i8` and `i16` weights round `N w_ij` to integers, and for
/// strongly correlated patterns, whose fields `(1 - p_ii) N` are small, that
/// rounding can reverse fields at any load. Six copies of one random
/// 64-unit pattern, copy `μ` with unit `μ` flipped (load 0.09), are all
/// fixed points with `f32` weights and none is with `i8` or `i16` weights.
///
/// The memory keeps the patterns in a [`heapless::Vec`] and the Cholesky
/// factor `L` of the Gram matrix `G = Ξ Ξᵀ` in `f32`. Each store extends `L`
/// by one row and recomputes every weight as `w_ij = N ξ_iᵀ G⁻¹ ξ_j` (the
/// columns `ξ_i` of `Ξ`), rounded into `W` by
/// [`Weight::from_f32_saturating`]. Only the upper triangle is computed, and
/// mirrored, so the weights are exactly symmetric.
///
/// Size: `N² · size_of::<W>()` bytes of weights, `4 · CAPACITY²` bytes of
/// factor and `4 · WORDS · CAPACITY` bytes of patterns. As for
/// [`Hopfield`](super::Hopfield), [`new`](Self::new) is a `const fn` and
/// nothing of that size goes on the stack.
///
/// `CAPACITY` must be between 1 and `N`, since more than `N` patterns cannot
/// be linearly independent. Other values fail to compile.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectionMemory<W: Weight, const N: usize, const WORDS: usize, const CAPACITY: usize> {
    couplings: Couplings<W, N>,
    patterns: heapless::Vec<BipolarPattern<N, WORDS>, CAPACITY>,
    /// Row `μ` of `L` in the first `μ + 1` entries of row `μ`. The other
    /// entries, and the rows past the pattern count, are zero.
    factor: [[f32; CAPACITY]; CAPACITY],
    limit: usize,
}

impl<W: Weight, const N: usize, const WORDS: usize, const CAPACITY: usize>
    ProjectionMemory<W, N, WORDS, CAPACITY>
{
    const CAPACITY_IS_VALID: () = assert!(
        CAPACITY > 0 && CAPACITY <= N,
        "a ProjectionMemory needs 0 < CAPACITY <= N"
    );

    /// Creates an empty memory whose pattern limit is `CAPACITY`.
    pub const fn new() -> Self {
        let () = Shape::<W, N, WORDS>::IS_VALID;
        let () = Self::CAPACITY_IS_VALID;
        Self {
            couplings: Couplings::zeros(),
            patterns: heapless::Vec::new(),
            factor: [[0.0; CAPACITY]; CAPACITY],
            limit: CAPACITY,
        }
    }

    /// Removes every pattern and sets every weight to zero. The pattern limit
    /// stays.
    pub fn clear(&mut self) {
        self.couplings.clear();
        self.patterns.clear();
        for row in self.factor.iter_mut() {
            row.fill(0.0);
        }
    }

    /// Returns the weights in units of `1/N`. Row `i` contains the weights
    /// into unit `i`.
    pub fn weights(&self) -> &[[W; N]; N] {
        &self.couplings.weights
    }

    /// Returns the stored patterns, in the order they were stored.
    pub fn patterns(&self) -> &[BipolarPattern<N, WORDS>] {
        &self.patterns
    }

    /// Returns the number of patterns stored.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Returns the largest number of patterns the memory accepts: the limit set with
    /// [`set_pattern_limit`](Self::set_pattern_limit), at most `CAPACITY`.
    pub fn pattern_limit(&self) -> usize {
        self.limit.min(CAPACITY)
    }

    /// Sets the largest number of patterns the memory accepts. `CAPACITY`
    /// still applies above it.
    pub fn set_pattern_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// Returns the load `α = P/N`.
    pub fn load(&self) -> f32 {
        load(self.patterns.len(), N)
    }

    /// Returns the one-step error that theory predicts: 0, because every
    /// stored pattern is a fixed point.
    ///
    /// NOTE: with `i8` and `i16` weights the prediction can be wrong at any
    /// load. For random patterns the rounding adds an estimated `√(N/12)`
    /// to fields of about `(1 - α) N`, which matters only near `α = 1`. For
    /// strongly correlated patterns the rounding errors do not cancel and the
    /// fields `(1 - p_ii) N` can be small, so stored patterns can fail to be
    /// fixed points even at low load (see the type's documentation).
    pub fn predicted_error(&self) -> f32 {
        0.0
    }

    /// Stores `pattern` and recomputes every weight. Returns the number of
    /// weights, counting `w_ij` and `w_ji` separately, clamped to `±W::MAX`.
    ///
    /// Costs `O(N P² + N² P)` for `P` patterns, and uses `4 (N + CAPACITY)`
    /// bytes of stack. To store many patterns at once,
    /// [`store_all`](Self::store_all) computes the weights only once.
    ///
    /// # Errors
    ///
    /// [`Error::MemoryFull`] at the pattern limit, and
    /// [`Error::LinearlyDependentPattern`] if `pattern` is linearly dependent
    /// on the stored patterns within [`DEPENDENCE_TOLERANCE`]: a repeat or a
    /// negation of one, or near full load also an independent pattern close
    /// to their span. The memory is then unchanged.
    pub fn store(&mut self, pattern: &BipolarPattern<N, WORDS>) -> Result<usize, Error> {
        self.store_all(core::slice::from_ref(pattern))
    }

    /// Stores every pattern of `patterns` in order, then recomputes the
    /// weights once. Returns the number of weights clamped, as for
    /// [`store`](Self::store).
    ///
    /// # Errors
    ///
    /// As for [`store`](Self::store), for the first pattern that fails. The
    /// memory is then unchanged: none of `patterns` is stored.
    pub fn store_all(&mut self, patterns: &[BipolarPattern<N, WORDS>]) -> Result<usize, Error> {
        let first_new = self.patterns.len();
        for pattern in patterns {
            if let Err(error) = self.extend(pattern) {
                self.truncate(first_new);
                return Err(error);
            }
        }
        Ok(self.recompute_weights())
    }

    /// Adds `pattern` to the store and a row to the factor, without touching
    /// the weights.
    fn extend(&mut self, pattern: &BipolarPattern<N, WORDS>) -> Result<(), Error> {
        let row = self.patterns.len();
        check_room(row, self.pattern_limit())?;

        // Forward substitution: L[..row, ..row] l = g with the Gram column
        // g_μ = ξ^μ · ξ, which is exact in f32 because |g_μ| ≤ N < 2²⁴.
        for mu in 0..row {
            let gram = self.patterns[mu].dot(pattern) as f32;
            let mut sum = gram;
            for nu in 0..mu {
                sum -= self.factor[mu][nu] * self.factor[row][nu];
            }
            self.factor[row][mu] = sum / self.factor[mu][mu];
        }
        let projected: f32 = self.factor[row][..row].iter().map(|l| l * l).sum();
        let residual = (N as f32 - projected) / N as f32;
        if residual.is_nan() || residual <= DEPENDENCE_TOLERANCE {
            self.factor[row].fill(0.0);
            return Err(Error::LinearlyDependentPattern {
                index: row,
                residual,
            });
        }
        self.factor[row][row] = libm::sqrtf(residual * N as f32);
        // The pattern limit is at most CAPACITY, so the push succeeds.
        let _ = self.patterns.push(*pattern);
        Ok(())
    }

    /// Drops the patterns from `count` on and zeroes their factor rows.
    fn truncate(&mut self, count: usize) {
        for row in count..self.patterns.len() {
            self.factor[row].fill(0.0);
        }
        self.patterns.truncate(count);
    }

    /// Recomputes every weight from the factor and returns the number
    /// clamped.
    fn recompute_weights(&mut self) -> usize {
        let count = self.patterns.len();
        let mut saturated = 0;
        for i in 0..N {
            // c = G⁻¹ ξ_i by two triangular solves, L y = ξ_i and Lᵀ c = y.
            let mut c = [0.0f32; CAPACITY];
            for mu in 0..count {
                let mut sum = f32::from(self.patterns[mu].sign(i));
                for (l, c_nu) in self.factor[mu][..mu].iter().zip(&c[..mu]) {
                    sum -= l * c_nu;
                }
                c[mu] = sum / self.factor[mu][mu];
            }
            for mu in (0..count).rev() {
                let mut sum = c[mu];
                for (row, c_nu) in self.factor[mu + 1..count].iter().zip(&c[mu + 1..count]) {
                    sum -= row[mu] * c_nu;
                }
                c[mu] = sum / self.factor[mu][mu];
            }

            // Row i of Ξᵀ G⁻¹ Ξ right of the diagonal: Σ_μ c_μ ξ^μ_j.
            let mut row = [0.0f32; N];
            for (pattern, &c_mu) in self.patterns.iter().zip(&c) {
                for (j, value) in row.iter_mut().enumerate().skip(i + 1) {
                    *value += if pattern.is_positive(j) { c_mu } else { -c_mu };
                }
            }
            for (j, &value) in row.iter().enumerate().skip(i + 1) {
                let (weight, clamped) = W::from_f32_saturating(N as f32 * value);
                self.couplings.weights[i][j] = weight;
                self.couplings.weights[j][i] = weight;
                saturated += 2 * usize::from(clamped);
            }
        }
        saturated
    }

    /// Returns the local field `h_i = Σ_j w_ij σ_j` of unit `unit`.
    ///
    /// # Panics
    ///
    /// Panics if `unit >= N`.
    pub fn local_field(&self, state: &BipolarPattern<N, WORDS>, unit: usize) -> W::Field {
        self.couplings.field(state, unit)
    }

    /// Returns the energy `E = -½ Σ_ij w_ij σ_i σ_j` in the units of the
    /// weights, as [`Hopfield::energy`](super::Hopfield::energy) does.
    pub fn energy(&self, state: &BipolarPattern<N, WORDS>) -> f64 {
        self.couplings.energy(state)
    }

    /// Runs synchronous updates on `state`, as
    /// [`Hopfield::recall_synchronous`](super::Hopfield::recall_synchronous)
    /// does.
    pub fn recall_synchronous(
        &self,
        state: &mut BipolarPattern<N, WORDS>,
        max_steps: u32,
    ) -> RecallReport {
        recall_synchronous(&self.couplings, state, max_steps)
    }

    /// Runs asynchronous sweeps on `state`, as
    /// [`Hopfield::recall_asynchronous`](super::Hopfield::recall_asynchronous)
    /// does.
    pub fn recall_asynchronous<R: Rng + ?Sized>(
        &self,
        state: &mut BipolarPattern<N, WORDS>,
        rng: &mut R,
        max_steps: u32,
    ) -> RecallReport {
        recall_asynchronous(&self.couplings, state, rng, max_steps)
    }
}

impl<W: Weight, const N: usize, const WORDS: usize, const CAPACITY: usize> Default
    for ProjectionMemory<W, N, WORDS, CAPACITY>
{
    fn default() -> Self {
        Self::new()
    }
}
