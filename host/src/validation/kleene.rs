//! McCulloch-Pitts networks are finite automata (Kleene 1956): the kernel's
//! `AutomatonNetwork`, one AND unit (threshold 2) per pair of a state and a
//! symbol and one OR unit per state, against the automaton it is built from.
//!
//! The automaton reads a binary number, most significant bit first, and
//! accepts iff it is divisible by 3: state `r` is the value read so far
//! modulo 3, and reading bit `b` leads to `(2r + b) mod 3`. Every string of
//! length 0 to [`MAX_LENGTH`] is run through the automaton, the network and
//! plain arithmetic, and the disagreements are counted.

use shinkei::threshold::{AutomatonNetwork, Dfa, automaton_units, words_for};

use super::{Check, ExperimentResult};

/// The maximum string length. All `2^15 − 1` strings up to it are run.
pub const MAX_LENGTH: usize = 14;

const UNITS: usize = automaton_units(3, 2);

/// Runs `kleene-dfa`.
pub fn run() -> ExperimentResult {
    let dfa = Dfa::<3, 2>::new([[0, 1], [2, 0], [1, 2]], 0, [true, false, false])?;
    let mut network = AutomatonNetwork::<3, 2, UNITS, { words_for(UNITS) }>::new(&dfa);

    let mut network_disagreements = 0u32;
    let mut dfa_disagreements = 0u32;
    let mut word = Vec::with_capacity(MAX_LENGTH);
    for length in 0..=MAX_LENGTH {
        for value in 0u32..1 << length {
            word.clear();
            word.extend((0..length).rev().map(|bit| ((value >> bit) & 1) as usize));
            let by_dfa = dfa.accepts(&word)?;
            let by_network = network.run(&word)?;
            network_disagreements += u32::from(by_network != by_dfa);
            dfa_disagreements += u32::from(by_dfa != (value % 3 == 0));
        }
    }
    Ok(vec![
        Check::new(
            "kleene-dfa/network-vs-dfa",
            0.0,
            f64::from(network_disagreements),
            0.0,
        ),
        Check::new(
            "kleene-dfa/dfa-vs-arithmetic",
            0.0,
            f64::from(dfa_disagreements),
            0.0,
        ),
    ])
}
