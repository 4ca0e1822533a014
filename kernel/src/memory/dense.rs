//! Dense associative memory (Krotov and Hopfield 2016): energy
//! `E = -Σ_μ F(ξ^μ · σ)` with a steep interaction function `F`.

use core::cmp::Ordering;

use rand_core::Rng;

use super::BipolarPattern;
use super::capacity::{check_room, dense_one_step_error, load};
use super::dynamics::{
    RecallReport, UnitRule, apply_sign, recall_asynchronous, recall_synchronous,
};
use crate::Error;

mod sealed {
    use core::cmp::Ordering;

    use super::BipolarPattern;

    pub trait Sealed {
        /// Returns the sign of `E(σ_i = -1) - E(σ_i = +1)` for unit `unit`,
        /// given the overlaps `x_μ = ξ^μ · σ` of the current state.
        fn field_sign<const N: usize, const WORDS: usize>(
            &self,
            overlaps: &[i32],
            patterns: &[BipolarPattern<N, WORDS>],
            unit: usize,
            positive: bool,
        ) -> Ordering;
    }
}

use sealed::Sealed;

/// The interaction function `F` of a [`DenseMemory`]: [`Polynomial`] or
/// [`Exponential`]. The trait is sealed.
pub trait Interaction: Sealed {}

/// `F(x) = x^DEGREE`, evaluated in exact `i64` arithmetic.
///
/// `DEGREE = 2` gives the Hebbian Hopfield network. Each step up in degree
/// multiplies the capacity by about `N`, to order `N^(DEGREE-1)` patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Polynomial<const DEGREE: u32>;

/// `F(x) = exp(β x)` (Demircigil et al. 2017), evaluated in `f32` relative
/// to the largest term, as in log-sum-exp, so it cannot overflow. `β` is at
/// least [`MIN_BETA`](Self::MIN_BETA), which keeps the energy finite too.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Exponential {
    beta: f32,
}

impl Exponential {
    /// The smallest inverse temperature accepted, 2⁻¹²⁰ (about 7.5e-37).
    ///
    /// The energy contains the term `β⁻¹ ln Σ_μ exp(β (ξ^μ · σ - max))`, up
    /// to `β⁻¹ ln P`. Any pattern count `P` that fits in a `usize` gives
    /// `ln P < 44.4`, so at `β ≥ 2⁻¹²⁰` the term stays below 6e37, well inside
    /// `f32`. Smaller values, and subnormal ones in particular, would make it
    /// overflow to infinity.
    pub const MIN_BETA: f32 = f32::from_bits(0x0380_0000);

    /// Creates the exponential interaction with inverse temperature `beta`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInverseTemperature`] unless `beta` is finite and at
    /// least [`MIN_BETA`](Self::MIN_BETA).
    pub fn new(beta: f32) -> Result<Self, Error> {
        if beta.is_finite() && beta >= Self::MIN_BETA {
            Ok(Self { beta })
        } else {
            Err(Error::InvalidInverseTemperature { value: beta })
        }
    }

    /// Returns the inverse temperature `β`.
    pub fn beta(&self) -> f32 {
        self.beta
    }
}

/// Returns `ξ^μ · σ - ξ^μ_i σ_i`, the overlap without unit `i`.
#[inline]
fn overlap_without<const N: usize, const WORDS: usize>(
    overlap: i32,
    pattern: &BipolarPattern<N, WORDS>,
    unit: usize,
    positive: bool,
) -> i32 {
    if pattern.is_positive(unit) == positive {
        overlap - 1
    } else {
        overlap + 1
    }
}

impl<const DEGREE: u32> Sealed for Polynomial<DEGREE> {
    fn field_sign<const N: usize, const WORDS: usize>(
        &self,
        overlaps: &[i32],
        patterns: &[BipolarPattern<N, WORDS>],
        unit: usize,
        positive: bool,
    ) -> Ordering {
        // F(r + ξ_i) - F(r - ξ_i) = ξ_i ((r + 1)ⁿ - (r - 1)ⁿ) for ξ_i = ±1.
        // Each term is at most 2 Nⁿ in magnitude, and DenseMemory checks at
        // compile time that CAPACITY of them fit in i64.
        let mut difference = 0i64;
        for (&overlap, pattern) in overlaps.iter().zip(patterns) {
            let rest = i64::from(overlap_without(overlap, pattern, unit, positive));
            let term = (rest + 1).pow(DEGREE) - (rest - 1).pow(DEGREE);
            difference += if pattern.is_positive(unit) {
                term
            } else {
                -term
            };
        }
        difference.cmp(&0)
    }
}

impl<const DEGREE: u32> Interaction for Polynomial<DEGREE> {}

impl Sealed for Exponential {
    fn field_sign<const N: usize, const WORDS: usize>(
        &self,
        overlaps: &[i32],
        patterns: &[BipolarPattern<N, WORDS>],
        unit: usize,
        positive: bool,
    ) -> Ordering {
        // exp(β(r + ξ_i)) - exp(β(r - ξ_i)) = 2 sinh(β) ξ_i exp(β r), so the
        // sign is that of Σ_μ ξ^μ_i exp(β (r_μ - max r)), whose terms are at
        // most 1.
        let rests = overlaps
            .iter()
            .zip(patterns)
            .map(|(&overlap, pattern)| overlap_without(overlap, pattern, unit, positive));
        let Some(max_rest) = rests.clone().max() else {
            return Ordering::Equal;
        };
        let mut sum = 0.0f32;
        for (rest, pattern) in rests.zip(patterns) {
            let term = libm::expf(self.beta * (rest - max_rest) as f32);
            sum += if pattern.is_positive(unit) {
                term
            } else {
                -term
            };
        }
        sum.partial_cmp(&0.0).unwrap_or(Ordering::Equal)
    }
}

impl Interaction for Exponential {}

/// A dense associative memory of `N` bipolar units holding up to `CAPACITY`
/// patterns, with energy `E(σ) = -Σ_μ F(ξ^μ · σ)` (Krotov and Hopfield 2016).
///
/// The memory keeps the patterns themselves, bit-packed in a
/// [`heapless::Vec`], and no weight matrix. Unit `i` takes the value that
/// gives the lower energy with the other units fixed, and equal energies keep
/// its current value. The overlaps `ξ^μ · σ` are XOR population counts
/// ([`BipolarPattern::dot`]). A recall keeps them in `4 · CAPACITY` bytes of
/// stack and updates them as units flip, so a step costs `O(N P)` after
/// `O(P · WORDS)` to compute the overlaps.
///
/// Stopping rules and step counts are those of
/// [`Hopfield`](super::Hopfield). Asynchronous recall lowers the energy at
/// every flip, so it ends at a fixed point: exactly for [`Polynomial`], whose
/// arithmetic is exact, and up to `f32` rounding for [`Exponential`].
///
/// `N` must be between 1 and 65 535, `WORDS` must equal
/// [`words_for`](super::words_for)`(N)` and `CAPACITY` must be at least 1.
/// For [`Polynomial`], `2 · CAPACITY · N^DEGREE` must also fit in `i64`.
/// Other values fail to compile:
///
/// ```compile_fail
/// use shinkei::memory::{DenseMemory, Polynomial};
/// // 1000⁷ alone exceeds i64::MAX.
/// let memory = DenseMemory::<Polynomial<7>, 1000, 32, 10>::polynomial();
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DenseMemory<F: Interaction, const N: usize, const WORDS: usize, const CAPACITY: usize> {
    patterns: heapless::Vec<BipolarPattern<N, WORDS>, CAPACITY>,
    interaction: F,
    limit: usize,
}

/// Returns whether `2 · capacity · units^degree` fits in `i64`.
const fn polynomial_fits_i64(units: usize, degree: u32, capacity: usize) -> bool {
    let mut bound = 2i64;
    match bound.checked_mul(capacity as i64) {
        Some(value) => bound = value,
        None => return false,
    }
    let mut k = 0;
    while k < degree {
        match bound.checked_mul(units as i64) {
            Some(value) => bound = value,
            None => return false,
        }
        k += 1;
    }
    true
}

impl<const DEGREE: u32, const N: usize, const WORDS: usize, const CAPACITY: usize>
    DenseMemory<Polynomial<DEGREE>, N, WORDS, CAPACITY>
{
    const POLYNOMIAL_IS_VALID: () = assert!(
        DEGREE >= 2 && polynomial_fits_i64(N, DEGREE, CAPACITY),
        "a polynomial DenseMemory needs DEGREE >= 2 and 2 * CAPACITY * N^DEGREE <= i64::MAX"
    );

    /// Creates an empty memory with `F(x) = x^DEGREE` whose pattern limit is
    /// `CAPACITY`.
    pub const fn polynomial() -> Self {
        let () = Self::POLYNOMIAL_IS_VALID;
        Self::with_interaction(Polynomial)
    }

    /// Returns the one-step error that theory predicts,
    /// `Φ(-√(N^(n-1) / ((2n-3)!! P)))` with `n = DEGREE`, from
    /// [`dense_one_step_error`].
    pub fn predicted_error(&self) -> f32 {
        dense_one_step_error(N, self.patterns.len(), DEGREE)
    }

    /// Returns the energy `E = -Σ_μ (ξ^μ · σ)^DEGREE`, exactly.
    pub fn energy(&self, state: &BipolarPattern<N, WORDS>) -> i64 {
        let sum: i64 = self
            .patterns
            .iter()
            .map(|pattern| i64::from(pattern.dot(state)).pow(DEGREE))
            .sum();
        -sum
    }
}

impl<const N: usize, const WORDS: usize, const CAPACITY: usize>
    DenseMemory<Exponential, N, WORDS, CAPACITY>
{
    /// Creates an empty memory with `F(x) = exp(β x)` whose pattern limit is
    /// `CAPACITY`.
    pub const fn exponential(interaction: Exponential) -> Self {
        Self::with_interaction(interaction)
    }

    /// Returns the log-sum-exp energy `-β⁻¹ ln Σ_μ exp(β ξ^μ · σ)`, computed
    /// relative to the largest overlap, or `None` when no pattern is stored.
    /// It is finite because `β ≥` [`Exponential::MIN_BETA`].
    ///
    /// The energy of the model, `-Σ_μ exp(β ξ^μ · σ)`, is `-exp(-β E)` for
    /// this `E`, a decreasing function of it, so the two have the same minima
    /// and fall together.
    pub fn energy(&self, state: &BipolarPattern<N, WORDS>) -> Option<f32> {
        let beta = self.interaction.beta;
        let max_overlap = self.patterns.iter().map(|p| p.dot(state)).max()?;
        let sum: f32 = self
            .patterns
            .iter()
            .map(|p| libm::expf(beta * (p.dot(state) - max_overlap) as f32))
            .sum();
        Some(-(max_overlap as f32 + libm::logf(sum) / beta))
    }
}

impl<F: Interaction, const N: usize, const WORDS: usize, const CAPACITY: usize>
    DenseMemory<F, N, WORDS, CAPACITY>
{
    const SIZE_IS_VALID: () = assert!(CAPACITY > 0, "a DenseMemory needs CAPACITY > 0");

    const fn with_interaction(interaction: F) -> Self {
        let () = BipolarPattern::<N, WORDS>::SHAPE_IS_VALID;
        let () = Self::SIZE_IS_VALID;
        Self {
            patterns: heapless::Vec::new(),
            interaction,
            limit: CAPACITY,
        }
    }

    /// Removes every pattern. The pattern limit stays.
    pub fn clear(&mut self) {
        self.patterns.clear();
    }

    /// Returns the interaction function.
    pub fn interaction(&self) -> &F {
        &self.interaction
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

    /// Stores `pattern`.
    ///
    /// # Errors
    ///
    /// [`Error::MemoryFull`] at the pattern limit. The memory is then
    /// unchanged.
    pub fn store(&mut self, pattern: &BipolarPattern<N, WORDS>) -> Result<(), Error> {
        check_room(self.patterns.len(), self.pattern_limit())?;
        // The pattern limit is at most CAPACITY, so the push succeeds.
        let _ = self.patterns.push(*pattern);
        Ok(())
    }

    /// Runs synchronous updates on `state`, as
    /// [`Hopfield::recall_synchronous`](super::Hopfield::recall_synchronous)
    /// does.
    /// Uses `4 · CAPACITY` bytes of stack for the overlaps.
    pub fn recall_synchronous(
        &self,
        state: &mut BipolarPattern<N, WORDS>,
        max_steps: u32,
    ) -> RecallReport {
        recall_synchronous(self, state, max_steps)
    }

    /// Runs asynchronous sweeps on `state`, as
    /// [`Hopfield::recall_asynchronous`](super::Hopfield::recall_asynchronous)
    /// does.
    /// Uses `2 N + 4 · CAPACITY` bytes of stack for the order and the
    /// overlaps.
    pub fn recall_asynchronous<R: Rng + ?Sized>(
        &self,
        state: &mut BipolarPattern<N, WORDS>,
        rng: &mut R,
        max_steps: u32,
    ) -> RecallReport {
        recall_asynchronous(self, state, rng, max_steps)
    }

    /// Writes the overlaps `ξ^μ · σ` of `state` with the stored patterns into
    /// the first `P` entries of `overlaps`. Filling the caller's array, not
    /// returning one, keeps a single copy of it on the stack.
    fn compute_overlaps(&self, state: &BipolarPattern<N, WORDS>, overlaps: &mut [i32; CAPACITY]) {
        for (overlap, pattern) in overlaps.iter_mut().zip(&self.patterns) {
            *overlap = pattern.dot(state);
        }
    }
}

impl<F: Interaction, const N: usize, const WORDS: usize, const CAPACITY: usize> UnitRule<N, WORDS>
    for DenseMemory<F, N, WORDS, CAPACITY>
{
    fn field_sign(&self, state: &BipolarPattern<N, WORDS>, unit: usize) -> Ordering {
        let mut overlaps = [0; CAPACITY];
        self.compute_overlaps(state, &mut overlaps);
        let count = self.patterns.len();
        self.interaction.field_sign(
            &overlaps[..count],
            &self.patterns,
            unit,
            state.is_positive(unit),
        )
    }

    fn synchronous_step(
        &self,
        state: &BipolarPattern<N, WORDS>,
        next: &mut BipolarPattern<N, WORDS>,
    ) {
        let mut overlaps = [0; CAPACITY];
        self.compute_overlaps(state, &mut overlaps);
        let count = self.patterns.len();
        *next = *state;
        for unit in 0..N {
            let sign = self.interaction.field_sign(
                &overlaps[..count],
                &self.patterns,
                unit,
                state.is_positive(unit),
            );
            apply_sign(next, unit, sign);
        }
    }

    fn asynchronous_sweep(&self, state: &mut BipolarPattern<N, WORDS>, order: &[u16; N]) -> u32 {
        let mut overlaps = [0; CAPACITY];
        self.compute_overlaps(state, &mut overlaps);
        let count = self.patterns.len();
        let mut flips = 0;
        for &unit in order {
            let unit = usize::from(unit);
            let positive = state.is_positive(unit);
            let sign =
                self.interaction
                    .field_sign(&overlaps[..count], &self.patterns, unit, positive);
            if apply_sign(state, unit, sign) {
                flips += 1;
                // σ_i moved by ∓2, so each overlap moves by ∓2 ξ^μ_i.
                for (overlap, pattern) in overlaps.iter_mut().zip(&self.patterns) {
                    let agreed = pattern.is_positive(unit) == positive;
                    *overlap += if agreed { -2 } else { 2 };
                }
            }
        }
        flips
    }
}
