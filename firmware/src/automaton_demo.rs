//! A McCulloch-Pitts network that runs the finite automaton for "this binary
//! number is divisible by 3", checked against the automaton itself on every
//! binary string of up to [`MAX_LENGTH`] bits.
//!
//! The automaton reads the bits most significant first. Its state is the
//! value read so far modulo 3, so reading bit `b` in state `r` leads to
//! `(2 r + b) mod 3`, and only state 0 accepts. The kernel's
//! `AutomatonNetwork` builds the network for it from threshold units: one
//! input unit per symbol, one OR unit per state and one AND unit per pair of
//! a state and a symbol, 11 units in all. Each bit takes two clock ticks.

use core::mem::size_of;

use shinkei::threshold::{AutomatonNetwork, Dfa, automaton_units, words_for};

const STATES: usize = 3;
const SYMBOLS: usize = 2;
const UNITS: usize = automaton_units(STATES, SYMBOLS);

/// Maximum string length, in bits. All `2^(MAX_LENGTH + 1) - 1` strings of 0 to
/// `MAX_LENGTH` bits are fed, 8191 for 12 bits, leading zeros included.
const MAX_LENGTH: usize = 12;

type DivisibleBy3 = Dfa<STATES, SYMBOLS>;
type DivisibleBy3Network = AutomatonNetwork<STATES, SYMBOLS, UNITS, { words_for(UNITS) }>;

/// Builds the network, feeds it every string, logs the number of strings
/// checked and of disagreements, and returns whether there were none.
// Not inlined into `main::run`, so this part's stack frame is not added to the others'.
#[inline(never)]
pub fn run() -> bool {
    let transitions = core::array::from_fn(|r| core::array::from_fn(|b| (2 * r + b) % 3));
    let dfa = match DivisibleBy3::new(transitions, 0, [true, false, false]) {
        Ok(dfa) => dfa,
        Err(error) => {
            defmt::error!("creating the divisible-by-3 automaton failed: {}", error);
            return false;
        }
    };
    let mut network = DivisibleBy3Network::new(&dfa);
    defmt::info!(
        "McCulloch-Pitts automaton for binary numbers divisible by 3: {=usize} threshold units \
         ({=usize} inputs, {=usize} OR state units, {=usize} AND units), {=usize} bytes of RAM",
        UNITS,
        SYMBOLS,
        STATES,
        STATES * SYMBOLS,
        size_of::<DivisibleBy3Network>()
    );

    let Some(counts) = check_all_strings(&mut network, &dfa) else {
        return false;
    };
    defmt::info!(
        "automaton network: checked {=u32} binary strings of 0 to {=usize} bits, \
         {=u32} disagree with the automaton, {=u32} automaton results disagree with value % 3",
        counts.checked,
        MAX_LENGTH,
        counts.network_disagreements,
        counts.automaton_errors
    );

    let passed = counts.network_disagreements == 0 && counts.automaton_errors == 0;
    if passed {
        defmt::info!("passed: the network agrees with the automaton on every string");
    } else {
        defmt::error!(
            "failed: {=u32} strings where the network disagrees with the automaton, \
             {=u32} where the automaton disagrees with value % 3",
            counts.network_disagreements,
            counts.automaton_errors
        );
    }
    passed
}

struct Counts {
    /// Strings fed.
    checked: u32,
    /// Strings after which the network's acceptance or its state differs
    /// from the automaton's.
    network_disagreements: u32,
    /// Strings whose acceptance by the automaton differs from `value % 3 == 0`,
    /// which would mean the transition table above is wrong.
    automaton_errors: u32,
}

/// Feeds every string of 0 to [`MAX_LENGTH`] bits to `network` and to `dfa`
/// and counts the disagreements. Logs the first string of each kind of
/// disagreement. Returns `None` after logging a kernel error.
fn check_all_strings(network: &mut DivisibleBy3Network, dfa: &DivisibleBy3) -> Option<Counts> {
    let mut counts = Counts {
        checked: 0,
        network_disagreements: 0,
        automaton_errors: 0,
    };
    let mut bits = [0usize; MAX_LENGTH];
    for length in 0..=MAX_LENGTH {
        for value in 0..1u32 << length {
            // Most significant bit first.
            for (position, bit) in bits[..length].iter_mut().enumerate() {
                *bit = (value >> (length - 1 - position) & 1) as usize;
            }
            let word = &bits[..length];

            let results = network
                .run(word)
                .and_then(|by_network| Ok((by_network, dfa.accepts(word)?, dfa.run(word)?)));
            let (by_network, by_automaton, automaton_state) = match results {
                Ok(results) => results,
                Err(error) => {
                    defmt::error!(
                        "running the string of {=usize} bits with value {=u32} failed: {}",
                        length,
                        value,
                        error
                    );
                    return None;
                }
            };
            counts.checked += 1;

            if by_network != by_automaton || network.state() != Some(automaton_state) {
                if counts.network_disagreements == 0 {
                    defmt::error!(
                        "the string of {=usize} bits with value {=u32}: network accepts {=bool} \
                         in state {}, automaton accepts {=bool} in state {=usize}",
                        length,
                        value,
                        by_network,
                        network.state(),
                        by_automaton,
                        automaton_state
                    );
                }
                counts.network_disagreements += 1;
            }
            if by_automaton != (value % 3 == 0) {
                if counts.automaton_errors == 0 {
                    defmt::error!(
                        "the automaton accepts {=bool} for the string of {=usize} bits with value {=u32}",
                        by_automaton,
                        length,
                        value
                    );
                }
                counts.automaton_errors += 1;
            }
        }
    }
    Some(counts)
}
