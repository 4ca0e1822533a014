//! Associative memories on bit-packed bipolar states: Hopfield networks with
//! Hebbian, Storkey and pseudo-inverse storage, clipped synapses, the
//! hetero-associative correlation matrix with bidirectional recall, and the
//! dense associative memory of Krotov and Hopfield.
//!
//! # Conventions
//!
//! - Units are bipolar, `σ_j ∈ {-1, +1}`, packed 32 to a `u32` word in a
//!   [`BipolarPattern`], where a set bit is `+1`. Every type takes the word count
//!   `WORDS` as a const generic next to the unit count `N`, and fails to
//!   compile unless `WORDS == words_for(N)`.
//! - Matrix weights are stored as `i8`, `i16` or `f32` ([`Weight`]) in units
//!   of `1/N`, so a Hebbian store adds exactly `±1`. Weights saturate at
//!   `±Weight::MAX` and never wrap, and every store into a matrix returns
//!   the number of weights it clamped.
//! - **Tie rule.** A unit takes the sign of its local field, and a zero field
//!   keeps its current value. Hetero-associative recall keeps the value the
//!   caller put in the output.
//! - **Stopping rules.** Recall stops at a fixed point (a step that changes
//!   nothing), at a 2-cycle, or at the caller's step limit. A 2-cycle is a
//!   synchronous step that returns to the state of two steps before. A
//!   [`RecallReport`] names the rule and counts the steps.
//! - **Capacity guard.** Every memory reports its load `α = P/N` and, where
//!   theory gives one, the predicted one-step error ([`capacity`]). A store past
//!   the caller's pattern limit returns [`Error::MemoryFull`] and leaves the
//!   memory bit-for-bit unchanged.
//! - **Randomness** comes only from the caller's generator: asynchronous
//!   recall draws a fresh uniformly random visiting order per sweep from it.
//!
//! # Memory and stack
//!
//! The matrix memories take `N² · size_of::<W>()` bytes, 64 KiB for
//! `N = 256` with `i8` weights. Their constructors are `const fn`, so a memory
//! can be a `static` (or boxed on a host) and is never copied through the
//! stack by this module. Temporaries are `O(N)`, or `O(CAPACITY)` for the
//! pattern stores, and each method that needs more than a few words states
//! how much.
//!
//! # Lanes
//!
//! Local fields and overlaps are computed by the [`kernels`] on `wide` lanes:
//! `i8` and `i16` weights widened into `i32x8` sums, `f32x8` for `f32`
//! weights, and XOR with population count for bit-packed `±1` states. Each
//! kernel has a plain-loop twin in [`kernels::scalar`] that returns the same
//! value bit for bit.
//!
//! # Example
//!
//! ```
//! use shinkei::memory::{BipolarPattern, Hopfield, OnlineRule, Stop, words_for};
//! use shinkei::rng::Xoshiro128PlusPlus;
//! use rand_core::SeedableRng;
//!
//! const N: usize = 128;
//! type Pattern = BipolarPattern<N, { words_for(N) }>;
//!
//! let mut rng = Xoshiro128PlusPlus::seed_from_u64(3);
//! let mut memory = Hopfield::<i8, N, { words_for(N) }>::new(OnlineRule::Hebbian);
//! memory.set_pattern_limit(12); // α ≤ 0.094, well below 0.138
//!
//! let patterns: [Pattern; 8] = core::array::from_fn(|_| Pattern::random(&mut rng));
//! for pattern in &patterns {
//!     memory.store(pattern)?;
//! }
//!
//! // Damage 10 % of the units of the first pattern and let the network clean it up.
//! let mut state = patterns[0];
//! state.flip_random(13, &mut rng);
//! let report = memory.recall_asynchronous(&mut state, &mut rng, 20);
//! assert_eq!(report.stop, Stop::FixedPoint);
//! assert_eq!(state, patterns[0]);
//! # Ok::<(), shinkei::Error>(())
//! ```

pub mod capacity;
mod clipped;
mod correlation;
mod couplings;
mod dense;
mod dynamics;
mod hopfield;
pub mod kernels;
mod pattern;
mod projection;
mod weight;

#[cfg(test)]
mod tests;

pub use clipped::ClippedHopfield;
pub use correlation::CorrelationMemory;
pub use dense::{DenseMemory, Exponential, Interaction, Polynomial};
pub use dynamics::{RecallReport, Stop};
pub use hopfield::{Hopfield, OnlineRule};
pub use pattern::{BipolarPattern, words_for};
pub use projection::{DEPENDENCE_TOLERANCE, ProjectionMemory};
pub use weight::{MAX_UNITS, Weight};

#[cfg(doc)]
use crate::Error;
