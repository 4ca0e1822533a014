//! The Hopfield auto-associative memory with online storage rules.

use rand_core::Rng;

use super::BipolarPattern;
use super::capacity::{check_room, hebbian_one_step_error, load};
use super::couplings::{Couplings, Shape};
use super::dynamics::{RecallReport, recall_asynchronous, recall_synchronous};
use super::weight::Weight;
use crate::Error;

/// The storage rule of a [`Hopfield`] memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum OnlineRule {
    /// Hebb's outer-product rule, `w_ij += ξ_i ξ_j` in units of `1/N`. The
    /// stored patterns are fixed points up to a load of about 0.138 (Amit,
    /// Gutfreund and Sompolinsky 1985).
    Hebbian,
    /// Storkey's rule (Storkey 1997), `w_ij += (ξ_i ξ_j - ξ_i h_ji - h_ij ξ_j)
    /// / N` with `h_ij = Σ_{k≠i,j} w_ik ξ_k`. Still local and online, and it
    /// stores about `N/√(2 ln N)` patterns against Hebb's `N/(2 ln N)`.
    ///
    /// NOTE: `i8` and `i16` weights round every update to a whole multiple
    /// of `1/N`, which can erase what the exact rule keeps. Storing one
    /// pattern twice into an empty memory leaves `w_ij = 4 ξ_i ξ_j / N²`
    /// exactly, `4/N` in the stored units of `1/N`. That rounds to 0 for
    /// `N > 8`, so every weight becomes zero, while `f32` weights keep it.
    Storkey,
}

/// A Hopfield network of `N` bipolar units that stores patterns online.
///
/// The weights form a symmetric `N × N` matrix with zero diagonal in units
/// of `1/N`, each stored as a `W`: [`i8`], [`i16`] or [`f32`], with the
/// saturation rule of [`Weight`]. The memory takes `N² · size_of::<W>()`
/// bytes plus a few words: 64 KiB for `N = 256` with `i8` weights. No
/// method builds anything of that size on the stack. [`new`](Self::new) is a
/// `const fn`, so a memory can be a `static`, and [`clear`](Self::clear)
/// resets it in place.
///
/// # Dynamics
///
/// Unit `i` takes the sign of its local field `h_i = Σ_j w_ij σ_j`. A zero
/// field keeps the unit's current value. Synchronous recall updates every
/// unit from the same state, and asynchronous recall updates one unit at a
/// time, in a random order per sweep. The weights are symmetric with zero
/// diagonal, so every asynchronous flip lowers the [`energy`](Self::energy)
/// and asynchronous recall ends at a fixed point. This is exact for integer
/// weights, and with `f32` weights it holds up to rounding of fields close
/// to zero. Synchronous recall ends at a fixed point or a 2-cycle.
///
/// # Capacity guard
///
/// [`set_pattern_limit`](Self::set_pattern_limit) sets the number of patterns
/// the memory accepts. A [`store`](Self::store) past it returns
/// [`Error::MemoryFull`] and changes nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Hopfield<W: Weight, const N: usize, const WORDS: usize> {
    couplings: Couplings<W, N>,
    rule: OnlineRule,
    stored: usize,
    limit: usize,
}

impl<W: Weight, const N: usize, const WORDS: usize> Hopfield<W, N, WORDS> {
    /// Creates an empty memory that stores with `rule` and has no pattern
    /// limit.
    ///
    /// `N` must be between 1 and `W::MAX_UNITS` and `WORDS` must equal
    /// [`words_for`](super::words_for)`(N)`. Other sizes fail to compile:
    ///
    /// ```compile_fail
    /// use shinkei::memory::{Hopfield, OnlineRule};
    /// // 100 units need 4 words, not 3.
    /// let memory = Hopfield::<i8, 100, 3>::new(OnlineRule::Hebbian);
    /// ```
    pub const fn new(rule: OnlineRule) -> Self {
        let () = Shape::<W, N, WORDS>::IS_VALID;
        Self {
            couplings: Couplings::zeros(),
            rule,
            stored: 0,
            limit: usize::MAX,
        }
    }

    /// Sets every weight to zero and the pattern count to zero. The rule and
    /// the pattern limit stay.
    pub fn clear(&mut self) {
        self.couplings.clear();
        self.stored = 0;
    }

    /// Returns the storage rule.
    pub fn rule(&self) -> OnlineRule {
        self.rule
    }

    /// Returns the weights in units of `1/N`. Row `i` contains the weights
    /// into unit `i`.
    pub fn weights(&self) -> &[[W; N]; N] {
        &self.couplings.weights
    }

    /// Returns the number of patterns stored.
    pub fn pattern_count(&self) -> usize {
        self.stored
    }

    /// Returns the largest number of patterns the memory accepts.
    pub fn pattern_limit(&self) -> usize {
        self.limit
    }

    /// Sets the largest number of patterns the memory accepts. A limit below
    /// the current count makes every later store fail.
    pub fn set_pattern_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// Returns the load `α = P/N`.
    pub fn load(&self) -> f32 {
        load(self.stored, N)
    }

    /// Returns the one-step error that theory predicts at the current load:
    /// `Φ(-1/√α)` for the Hebbian rule, the probability that a unit of a
    /// stored random pattern flips in one update. Returns `None` for Storkey's
    /// rule, for which there is no such closed form.
    pub fn predicted_error(&self) -> Option<f32> {
        match self.rule {
            OnlineRule::Hebbian => Some(hebbian_one_step_error(self.load())),
            OnlineRule::Storkey => None,
        }
    }

    /// Stores `pattern` with the memory's rule and returns the number of
    /// weights, counting `w_ij` and `w_ji` separately, that reached `±W::MAX`
    /// and were clamped.
    ///
    /// Costs `O(N²)`. Storkey's rule also uses `N` fields of stack (`4 N`
    /// bytes).
    ///
    /// # Errors
    ///
    /// [`Error::MemoryFull`] if the memory already stores
    /// [`pattern_limit`](Self::pattern_limit) patterns. The memory is then
    /// unchanged.
    pub fn store(&mut self, pattern: &BipolarPattern<N, WORDS>) -> Result<usize, Error> {
        check_room(self.stored, self.limit)?;
        let saturated = match self.rule {
            OnlineRule::Hebbian => self.couplings.add_hebbian(pattern),
            OnlineRule::Storkey => self.couplings.add_storkey(pattern),
        };
        self.stored += 1;
        Ok(saturated)
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
    /// weights (`N` times the energy of the matrix `w/N`).
    ///
    /// Exact for `i8` and `i16` weights. For `f32` weights the fields are
    /// rounded once to `f32` and added in `f64`.
    pub fn energy(&self, state: &BipolarPattern<N, WORDS>) -> f64 {
        self.couplings.energy(state)
    }

    /// Runs synchronous updates on `state` until it reaches a fixed point or a
    /// 2-cycle, or for `max_steps` steps, and leaves the final state in
    /// `state`.
    pub fn recall_synchronous(
        &self,
        state: &mut BipolarPattern<N, WORDS>,
        max_steps: u32,
    ) -> RecallReport {
        recall_synchronous(&self.couplings, state, max_steps)
    }

    /// Runs asynchronous sweeps on `state`, each visiting every unit once in a
    /// uniformly random order drawn from `rng`, until a sweep changes nothing
    /// or for `max_steps` sweeps. Uses `2 N` bytes of stack for the order.
    pub fn recall_asynchronous<R: Rng + ?Sized>(
        &self,
        state: &mut BipolarPattern<N, WORDS>,
        rng: &mut R,
        max_steps: u32,
    ) -> RecallReport {
        recall_asynchronous(&self.couplings, state, rng, max_steps)
    }
}
