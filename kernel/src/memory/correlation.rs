//! Hetero-associative correlation-matrix memory and its bidirectional
//! (BAM) recall.

use core::cmp::Ordering;

use super::BipolarPattern;
use super::capacity::{check_room, hebbian_one_step_error, load};
use super::couplings::Shape;
use super::dynamics::{RecallReport, Stop, apply_sign};
use super::weight::Weight;
use crate::Error;

/// A correlation-matrix memory of pairs `x → y`, `x` of `IN` bipolar units
/// and `y` of `OUT` units, with the Hebbian matrix `M = Σ_μ y^μ x^μᵀ`
/// (Kohonen 1972; Anderson 1972; Nakano 1972).
///
/// Row `k` of `M` contains the weights into output unit `k`, stored as `W`
/// with the saturation rule of [`Weight`]. Recall from `x` sets
/// `y_k = sgn Σ_j M_kj x_j`, and recall from `y` uses `Mᵀ`. Bidirectional
/// recall alternates the two
/// (Kosko's bidirectional associative memory, 1988) until the pair stops
/// changing. A zero field keeps the unit's current value, so the caller's
/// initial `y` (or `x`) matters only on ties.
///
/// Size: `IN · OUT · size_of::<W>()` bytes plus a few words. As for
/// [`Hopfield`](super::Hopfield), [`new`](Self::new) is a `const fn`.
///
/// `IN` and `OUT` must be between 1 and `W::MAX_UNITS`, and `IN_WORDS` and
/// `OUT_WORDS` must be [`words_for`](super::words_for) of them. Other values
/// fail to compile.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrelationMemory<
    W: Weight,
    const IN: usize,
    const IN_WORDS: usize,
    const OUT: usize,
    const OUT_WORDS: usize,
> {
    weights: [[W; IN]; OUT],
    stored: usize,
    limit: usize,
}

impl<W: Weight, const IN: usize, const IN_WORDS: usize, const OUT: usize, const OUT_WORDS: usize>
    CorrelationMemory<W, IN, IN_WORDS, OUT, OUT_WORDS>
{
    /// Creates an empty memory with no pattern limit.
    pub const fn new() -> Self {
        let () = Shape::<W, IN, IN_WORDS>::IS_VALID;
        let () = Shape::<W, OUT, OUT_WORDS>::IS_VALID;
        Self {
            weights: [[W::ZERO; IN]; OUT],
            stored: 0,
            limit: usize::MAX,
        }
    }

    /// Sets every weight to zero and the pair count to zero. The pattern
    /// limit stays.
    pub fn clear(&mut self) {
        for row in self.weights.iter_mut() {
            row.fill(W::ZERO);
        }
        self.stored = 0;
    }

    /// Returns the matrix `M`. Row `k` contains the weights into output unit
    /// `k`.
    pub fn weights(&self) -> &[[W; IN]; OUT] {
        &self.weights
    }

    /// Returns the number of pairs stored.
    pub fn pattern_count(&self) -> usize {
        self.stored
    }

    /// Returns the largest number of pairs the memory accepts.
    pub fn pattern_limit(&self) -> usize {
        self.limit
    }

    /// Sets the largest number of pairs the memory accepts.
    pub fn set_pattern_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// Returns the load `α = P/IN` of recall from `x`.
    pub fn load(&self) -> f32 {
        load(self.stored, IN)
    }

    /// Returns the predicted one-step error `Φ(-1/√α)` of recall from a
    /// stored `x`, with `α = P/IN`: the output field is the signal `IN y_k`
    /// plus crosstalk of variance `(P - 1) IN`.
    pub fn predicted_error(&self) -> f32 {
        hebbian_one_step_error(self.load())
    }

    /// Stores the pair `x → y`, adding `y_k x_j` to every weight, and returns
    /// the number of weights clamped to `±W::MAX`.
    ///
    /// # Errors
    ///
    /// [`Error::MemoryFull`] at the pattern limit. The memory is then
    /// unchanged.
    pub fn store(
        &mut self,
        x: &BipolarPattern<IN, IN_WORDS>,
        y: &BipolarPattern<OUT, OUT_WORDS>,
    ) -> Result<usize, Error> {
        check_room(self.stored, self.limit)?;
        let mut saturated = 0;
        for (k, row) in self.weights.iter_mut().enumerate() {
            let y_k = y.is_positive(k);
            for (j, weight) in row.iter_mut().enumerate() {
                let product = if y_k == x.is_positive(j) { 1 } else { -1 };
                let (updated, clamped) = weight.incremented(product, W::Field::default(), IN);
                *weight = updated;
                saturated += usize::from(clamped);
            }
        }
        self.stored += 1;
        Ok(saturated)
    }

    /// Returns the field `Σ_j M_kj x_j` of output unit `k`.
    ///
    /// # Panics
    ///
    /// Panics if `k >= OUT`.
    pub fn output_field(&self, x: &BipolarPattern<IN, IN_WORDS>, k: usize) -> W::Field {
        W::field(&self.weights[k], x.words())
    }

    /// Writes the fields `Σ_k M_kj y_k` of every input unit into `fields`.
    ///
    /// The matrix is stored by rows, so this adds the rows of `M` signed by
    /// `y`, in row order, with plain loops.
    pub fn input_fields(&self, y: &BipolarPattern<OUT, OUT_WORDS>, fields: &mut [W::Field; IN]) {
        fields.fill(W::Field::default());
        for (k, row) in self.weights.iter().enumerate() {
            let y_k = y.is_positive(k);
            for (field, &weight) in fields.iter_mut().zip(row) {
                let weight: W::Field = weight.into();
                *field = *field + if y_k { weight } else { -weight };
            }
        }
    }

    /// Sets `y` from `x` in one step, `y_k = sgn Σ_j M_kj x_j`, keeping `y_k`
    /// where the field is zero, and returns the number of units of `y` that
    /// changed.
    pub fn recall(
        &self,
        x: &BipolarPattern<IN, IN_WORDS>,
        y: &mut BipolarPattern<OUT, OUT_WORDS>,
    ) -> u32 {
        let zero = W::Field::default();
        let mut flips = 0;
        for k in 0..OUT {
            let sign = self.output_field(x, k).partial_cmp(&zero);
            flips += u32::from(apply_sign(y, k, sign.unwrap_or(Ordering::Equal)));
        }
        flips
    }

    /// Sets `x` from `y` in one step with `Mᵀ`, keeping `x_j` where the
    /// field is zero, and returns the number of units of `x` that changed.
    /// Uses `IN` fields of stack.
    pub fn recall_input(
        &self,
        y: &BipolarPattern<OUT, OUT_WORDS>,
        x: &mut BipolarPattern<IN, IN_WORDS>,
    ) -> u32 {
        let zero = W::Field::default();
        let mut fields = [zero; IN];
        self.input_fields(y, &mut fields);
        let mut flips = 0;
        for (j, field) in fields.iter().enumerate() {
            let sign = field.partial_cmp(&zero).unwrap_or(Ordering::Equal);
            flips += u32::from(apply_sign(x, j, sign));
        }
        flips
    }

    /// Returns the energy `E = -yᵀ M x` of the pair, summed in `f64`, which is
    /// exact for `i8` and `i16` weights.
    pub fn energy(
        &self,
        x: &BipolarPattern<IN, IN_WORDS>,
        y: &BipolarPattern<OUT, OUT_WORDS>,
    ) -> f64 {
        let mut sum = 0.0f64;
        for k in 0..OUT {
            let field: f64 = self.output_field(x, k).into();
            sum += if y.is_positive(k) { field } else { -field };
        }
        -sum
    }

    /// Runs bidirectional recall: each step sets `y` from `x`, then `x` from
    /// the new `y`, until a step changes neither, the pair returns to where it
    /// was two steps before, or `max_steps` steps.
    ///
    /// Every change lowers the [`energy`](Self::energy), so with integer
    /// weights recall ends at a fixed point given enough steps, and
    /// [`Stop::TwoCycle`] cannot occur. The 2-cycle check guards against
    /// rounding with `f32` weights. Uses `IN` fields of stack.
    pub fn recall_bidirectional(
        &self,
        x: &mut BipolarPattern<IN, IN_WORDS>,
        y: &mut BipolarPattern<OUT, OUT_WORDS>,
        max_steps: u32,
    ) -> RecallReport {
        let mut previous = None;
        let mut flips = 0u32;
        for step in 1..=max_steps {
            let before = (*x, *y);
            let changed = self.recall(x, y) + self.recall_input(y, x);
            if changed == 0 {
                return RecallReport {
                    stop: Stop::FixedPoint,
                    steps: step,
                    flips,
                };
            }
            flips = flips.saturating_add(changed);
            if previous == Some((*x, *y)) {
                return RecallReport {
                    stop: Stop::TwoCycle,
                    steps: step,
                    flips,
                };
            }
            previous = Some(before);
        }
        RecallReport {
            stop: Stop::StepLimit,
            steps: max_steps,
            flips,
        }
    }
}

impl<W: Weight, const IN: usize, const IN_WORDS: usize, const OUT: usize, const OUT_WORDS: usize>
    Default for CorrelationMemory<W, IN, IN_WORDS, OUT, OUT_WORDS>
{
    fn default() -> Self {
        Self::new()
    }
}
