//! Hopfield memory with clipped synapses, `w_ij = sgn Σ_μ ξ_i^μ ξ_j^μ`,
//! stored as bit planes.

use core::cmp::Ordering;

use rand_core::Rng;

use super::BipolarPattern;
use super::capacity::{clipped_one_step_error, load};
use super::dynamics::{RecallReport, UnitRule, recall_asynchronous, recall_synchronous};
use super::hopfield::{Hopfield, OnlineRule};
use super::kernels::ternary_field;
use super::weight::Weight;

/// A Hopfield network of `N` units whose synapses are clipped to
/// `w_ij ∈ {-1, 0, +1}` and packed into bits: one plane for the sign and one
/// for "nonzero", `8 · N · WORDS` bytes in all (16 KiB for `N = 256`, a
/// quarter of `i8` weights).
///
/// `w_ij = 0` only where the Hebbian sum `Σ_μ ξ_i^μ ξ_j^μ` is zero, which an
/// odd number of patterns rules out, and on the diagonal. The local field is
/// computed with XOR and population counts by [`ternary_field`].
///
/// At load `α = P/N` the predicted one-step error is `Φ(-1/√(α π/2))`
/// (see [`clipped_one_step_error`]): clipping costs a factor `π/2` in load,
/// against the Hebbian `Φ(-1/√α)`.
///
/// Dynamics, tie rule and stopping rules are those of [`Hopfield`].
#[derive(Debug, Clone, PartialEq)]
pub struct ClippedHopfield<const N: usize, const WORDS: usize> {
    /// Bit `j` of row `i` is set where `w_ij = +1`.
    signs: [[u32; WORDS]; N],
    /// Bit `j` of row `i` is set where `w_ij ≠ 0`.
    nonzero: [[u32; WORDS]; N],
    stored: usize,
    source: Option<OnlineRule>,
}

impl<const N: usize, const WORDS: usize> ClippedHopfield<N, WORDS> {
    /// Creates a memory with every synapse zero.
    ///
    /// `N` must be between 1 and 65 535 and `WORDS` must equal
    /// [`words_for`](super::words_for)`(N)`. Other sizes fail to compile.
    pub const fn new() -> Self {
        let () = BipolarPattern::<N, WORDS>::SHAPE_IS_VALID;
        Self {
            signs: [[0; WORDS]; N],
            nonzero: [[0; WORDS]; N],
            stored: 0,
            source: None,
        }
    }

    /// Sets every synapse to the sign of the Hebbian sum over `patterns`,
    /// replacing what the memory held. Costs `O(N² P)` bit operations and no
    /// stack beyond a few words, so no full-precision matrix is needed.
    pub fn clip_hebbian(&mut self, patterns: &[BipolarPattern<N, WORDS>]) {
        for i in 0..N {
            for j in 0..N {
                let agreements = patterns
                    .iter()
                    .filter(|p| p.is_positive(i) == p.is_positive(j))
                    .count();
                // Σ_μ ξ_i ξ_j = agreements - disagreements.
                let sum = 2 * agreements as i64 - patterns.len() as i64;
                let sign = if i == j { Ordering::Equal } else { sum.cmp(&0) };
                self.set_synapse(i, j, sign);
            }
        }
        self.stored = patterns.len();
        self.source = Some(OnlineRule::Hebbian);
    }

    /// Sets every synapse to the sign of the corresponding weight of
    /// `source`, replacing what the memory held. The pattern count and rule
    /// are taken from `source`.
    pub fn clip_from<W: Weight>(&mut self, source: &Hopfield<W, N, WORDS>) {
        let zero: W::Field = W::Field::default();
        for (i, row) in source.weights().iter().enumerate() {
            for (j, &weight) in row.iter().enumerate() {
                let value: W::Field = weight.into();
                let sign = value.partial_cmp(&zero).unwrap_or(Ordering::Equal);
                self.set_synapse(i, j, sign);
            }
        }
        self.stored = source.pattern_count();
        self.source = Some(source.rule());
    }

    fn set_synapse(&mut self, i: usize, j: usize, sign: Ordering) {
        let (word, mask) = (j / 32, 1u32 << (j % 32));
        self.signs[i][word] &= !mask;
        self.nonzero[i][word] &= !mask;
        match sign {
            Ordering::Greater => {
                self.signs[i][word] |= mask;
                self.nonzero[i][word] |= mask;
            }
            Ordering::Less => self.nonzero[i][word] |= mask,
            Ordering::Equal => {}
        }
    }

    /// Returns synapse `w_ij` as `-1`, `0` or `+1`.
    ///
    /// # Panics
    ///
    /// Panics if `i >= N` or `j >= N`.
    pub fn synapse(&self, i: usize, j: usize) -> i8 {
        assert!(
            i < N && j < N,
            "synapse ({i}, {j}) is out of range for {N} units"
        );
        let (word, shift) = (j / 32, j % 32);
        if self.nonzero[i][word] >> shift & 1 == 0 {
            0
        } else if self.signs[i][word] >> shift & 1 == 1 {
            1
        } else {
            -1
        }
    }

    /// Returns the sign plane: bit `j` of row `i` is set where `w_ij = +1`.
    pub fn signs(&self) -> &[[u32; WORDS]; N] {
        &self.signs
    }

    /// Returns the nonzero plane: bit `j` of row `i` is set where `w_ij ≠ 0`.
    pub fn nonzero(&self) -> &[[u32; WORDS]; N] {
        &self.nonzero
    }

    /// Returns the number of patterns the synapses were built from.
    pub fn pattern_count(&self) -> usize {
        self.stored
    }

    /// Returns the load `α = P/N`.
    pub fn load(&self) -> f32 {
        load(self.stored, N)
    }

    /// Returns the predicted one-step error `Φ(-1/√(α π/2))` when the
    /// synapses are clipped Hebbian sums, and `None` when they were clipped
    /// from a Storkey memory or never set.
    pub fn predicted_error(&self) -> Option<f32> {
        match self.source {
            Some(OnlineRule::Hebbian) => Some(clipped_one_step_error(self.load())),
            _ => None,
        }
    }

    /// Returns the local field `h_i = Σ_j w_ij σ_j` of unit `unit`.
    ///
    /// # Panics
    ///
    /// Panics if `unit >= N`.
    pub fn local_field(&self, state: &BipolarPattern<N, WORDS>, unit: usize) -> i32 {
        ternary_field(&self.signs[unit], &self.nonzero[unit], state.words())
    }

    /// Returns the energy `E = -½ Σ_ij w_ij σ_i σ_j`, exactly.
    pub fn energy(&self, state: &BipolarPattern<N, WORDS>) -> i64 {
        let mut sum = 0i64;
        for unit in 0..N {
            let field = i64::from(self.local_field(state, unit));
            sum += if state.is_positive(unit) {
                field
            } else {
                -field
            };
        }
        // Σ_i σ_i h_i is even: it counts every pair (i, j) twice.
        -sum / 2
    }

    /// Runs synchronous updates on `state`, as
    /// [`Hopfield::recall_synchronous`] does.
    pub fn recall_synchronous(
        &self,
        state: &mut BipolarPattern<N, WORDS>,
        max_steps: u32,
    ) -> RecallReport {
        recall_synchronous(self, state, max_steps)
    }

    /// Runs asynchronous sweeps on `state`, as
    /// [`Hopfield::recall_asynchronous`] does.
    pub fn recall_asynchronous<R: Rng + ?Sized>(
        &self,
        state: &mut BipolarPattern<N, WORDS>,
        rng: &mut R,
        max_steps: u32,
    ) -> RecallReport {
        recall_asynchronous(self, state, rng, max_steps)
    }
}

impl<const N: usize, const WORDS: usize> Default for ClippedHopfield<N, WORDS> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, const WORDS: usize> UnitRule<N, WORDS> for ClippedHopfield<N, WORDS> {
    #[inline]
    fn field_sign(&self, state: &BipolarPattern<N, WORDS>, unit: usize) -> Ordering {
        self.local_field(state, unit).cmp(&0)
    }
}
