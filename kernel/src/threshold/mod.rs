//! McCulloch-Pitts threshold units and networks of them.
//!
//! Inputs and unit states are 0/1 values packed one bit per unit into `u32`
//! words ([`BitVec`]). A [`ThresholdUnit`] has integer weights, an integer
//! threshold and absolute inhibition, and builds the logic gates AND, OR,
//! NOT, NAND, NOR and majority. A [`Network`] of such units runs with
//! feedback on a shared clock, optionally under k-winners-take-all lateral
//! inhibition, and an [`AutomatonNetwork`] runs any deterministic finite
//! automaton.
//!
//! Everything here is integer arithmetic, so results are the same on every
//! target, and nothing allocates or panics on data. Sizes are const
//! generics: `N` units or inputs in `WORDS` words, where `WORDS` must be
//! [`words_for`]`(N)`.
//!
//! # Example
//!
//! ```
//! use shinkei::threshold::{BitVec, ThresholdUnit, words_for};
//!
//! const N: usize = 3;
//! type Input = BitVec<N, { words_for(N) }>;
//!
//! let majority = ThresholdUnit::<N, { words_for(N) }, 1>::majority(&Input::ones());
//! assert!(majority.fires(&Input::from_indices(&[0, 2])));
//! assert!(!majority.fires(&Input::from_indices(&[1])));
//! ```

mod automaton;
mod bits;
pub mod count;
mod network;
mod unit;

pub use automaton::{AutomatonNetwork, Dfa, automaton_units};
pub use bits::{BitVec, WORD_BITS, words_for};
pub use count::and_count_ones;
pub use network::Network;
pub use unit::ThresholdUnit;
