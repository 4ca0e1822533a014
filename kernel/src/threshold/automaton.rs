//! Finite automata run by McCulloch-Pitts networks.
//!
//! Kleene ("Representation of events in nerve nets and finite automata",
//! 1956) showed that McCulloch-Pitts networks and finite automata recognise
//! the same languages. [`AutomatonNetwork`] builds the network for a given
//! deterministic automaton [`Dfa`] in the standard way. It has one AND unit
//! (threshold 2) for each pair of a state and a symbol, and one OR unit for
//! each state, which collects the pairs that lead to it.

use super::bits::BitVec;
use super::network::Network;
use super::unit::ThresholdUnit;
use crate::Error;

/// Returns the number of units [`AutomatonNetwork`] needs for an automaton
/// with `states` states and `symbols` symbols: one input unit per symbol,
/// one OR unit per state and one AND unit per pair.
pub const fn automaton_units(states: usize, symbols: usize) -> usize {
    symbols + states + states * symbols
}

/// A deterministic finite automaton with states `0..STATES` over the
/// alphabet `0..SYMBOLS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dfa<const STATES: usize, const SYMBOLS: usize> {
    transitions: [[usize; SYMBOLS]; STATES],
    start: usize,
    accepting: [bool; STATES],
}

impl<const STATES: usize, const SYMBOLS: usize> Dfa<STATES, SYMBOLS> {
    const SHAPE_IS_VALID: () = assert!(STATES > 0, "a Dfa needs at least one state");

    /// Creates an automaton. `transitions[q][a]` is the state after reading
    /// symbol `a` in state `q`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidState`] if `start` or a transition's target is not
    /// below `STATES`.
    pub fn new(
        transitions: [[usize; SYMBOLS]; STATES],
        start: usize,
        accepting: [bool; STATES],
    ) -> Result<Self, Error> {
        let () = Self::SHAPE_IS_VALID;
        let targets = transitions.iter().flatten().copied();
        if let Some(state) = core::iter::once(start)
            .chain(targets)
            .find(|&q| q >= STATES)
        {
            return Err(Error::InvalidState {
                state,
                states: STATES,
            });
        }
        Ok(Self {
            transitions,
            start,
            accepting,
        })
    }

    /// The transition table: row `q`, column `a` is the next state.
    pub fn transitions(&self) -> &[[usize; SYMBOLS]; STATES] {
        &self.transitions
    }

    /// The start state.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Which states accept.
    pub fn accepting(&self) -> &[bool; STATES] {
        &self.accepting
    }

    /// Returns the state reached from `start` by reading `word`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSymbol`] for the first symbol not below `SYMBOLS`.
    pub fn run(&self, word: &[usize]) -> Result<usize, Error> {
        let mut state = self.start;
        for &symbol in word {
            check_symbol::<SYMBOLS>(symbol)?;
            state = self.transitions[state][symbol];
        }
        Ok(state)
    }

    /// Returns whether the automaton accepts `word`.
    ///
    /// # Errors
    ///
    /// As for [`run`](Self::run).
    pub fn accepts(&self, word: &[usize]) -> Result<bool, Error> {
        Ok(self.accepting[self.run(word)?])
    }
}

fn check_symbol<const SYMBOLS: usize>(symbol: usize) -> Result<(), Error> {
    if symbol < SYMBOLS {
        Ok(())
    } else {
        Err(Error::InvalidSymbol {
            symbol,
            symbols: SYMBOLS,
        })
    }
}

/// A McCulloch-Pitts network that runs a [`Dfa`].
///
/// Units `0..SYMBOLS` are input units, one per symbol. Unit `SYMBOLS + q` is
/// the OR unit of state `q`, and unit `SYMBOLS + STATES + q·SYMBOLS + a` is
/// the AND unit of the pair `(q, a)`, with weight 1 from the OR unit of `q`
/// and from input `a` and threshold 2. The OR unit of `q'` has weight 1 from
/// every AND unit `(q, a)` with `δ(q, a) = q'` and threshold 1. Units past
/// [`automaton_units`]`(STATES, SYMBOLS)` stay silent.
///
/// Exactly one OR unit is active between symbols: the current state. Each
/// symbol takes two ticks, one to fire the AND unit of the current state and
/// the symbol, one to fire the OR unit of the next state. The input is
/// presented on the first tick and withdrawn on the second.
///
/// `N` must be at least [`automaton_units`]`(STATES, SYMBOLS)`, which is
/// checked at compile time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutomatonNetwork<
    const STATES: usize,
    const SYMBOLS: usize,
    const N: usize,
    const WORDS: usize,
> {
    network: Network<N, WORDS, 1>,
    start: usize,
    accepting: BitVec<N, WORDS>,
}

impl<const STATES: usize, const SYMBOLS: usize, const N: usize, const WORDS: usize>
    AutomatonNetwork<STATES, SYMBOLS, N, WORDS>
{
    const SIZE_IS_VALID: () = assert!(
        N >= automaton_units(STATES, SYMBOLS),
        "AutomatonNetwork needs N >= automaton_units(STATES, SYMBOLS)"
    );

    /// Returns the OR unit of state `q`.
    const fn state_unit(q: usize) -> usize {
        SYMBOLS + q
    }

    /// Returns the AND unit of the pair of state `q` and symbol `a`.
    const fn pair_unit(q: usize, a: usize) -> usize {
        SYMBOLS + STATES + q * SYMBOLS + a
    }

    /// Builds the network for `dfa`, in its start state.
    pub fn new(dfa: &Dfa<STATES, SYMBOLS>) -> Self {
        let () = Self::SIZE_IS_VALID;
        let mut network = Network::new();
        network.set_input_units(BitVec::from_fn(|i| i < SYMBOLS));

        let mut incoming = [BitVec::<N, WORDS>::zeros(); STATES];
        for (q, row) in dfa.transitions().iter().enumerate() {
            for (a, &next) in row.iter().enumerate() {
                let pair = Self::pair_unit(q, a);
                let sources = BitVec::from_indices(&[Self::state_unit(q), a]);
                network.set_unit(pair, ThresholdUnit::and(&sources));
                incoming[next].set(pair, true);
            }
        }
        for (q, sources) in incoming.iter().enumerate() {
            network.set_unit(Self::state_unit(q), ThresholdUnit::or(sources));
        }

        let accepting = BitVec::from_fn(|i| {
            (SYMBOLS..SYMBOLS + STATES).contains(&i) && dfa.accepting()[i - SYMBOLS]
        });
        let mut automaton = Self {
            network,
            start: dfa.start(),
            accepting,
        };
        automaton.reset();
        automaton
    }

    /// The underlying network.
    pub fn network(&self) -> &Network<N, WORDS, 1> {
        &self.network
    }

    /// Returns to the start state: only its OR unit is active.
    pub fn reset(&mut self) {
        let start = BitVec::from_indices(&[Self::state_unit(self.start)]);
        self.network.set_state(start);
    }

    /// Reads one symbol: two ticks of the network.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSymbol`] if `symbol >= SYMBOLS`; the network is then
    /// unchanged.
    pub fn feed(&mut self, symbol: usize) -> Result<(), Error> {
        check_symbol::<SYMBOLS>(symbol)?;
        self.network.step(&BitVec::from_indices(&[symbol]));
        self.network.step(&BitVec::zeros());
        Ok(())
    }

    /// Returns the current state, read from the OR units, or `None` if not
    /// exactly one of them is active (which a correctly built network never
    /// shows between symbols).
    pub fn state(&self) -> Option<usize> {
        let mut active = (0..STATES).filter(|&q| self.network.state().get(Self::state_unit(q)));
        let state = active.next()?;
        active.next().is_none().then_some(state)
    }

    /// Returns whether the current state accepts.
    pub fn accepts(&self) -> bool {
        self.network.state().intersects(&self.accepting)
    }

    /// Resets, reads `word` and returns whether the automaton accepts it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSymbol`] for the first symbol not below `SYMBOLS`,
    /// found before any tick, so the network is then unchanged.
    pub fn run(&mut self, word: &[usize]) -> Result<bool, Error> {
        for &symbol in word {
            check_symbol::<SYMBOLS>(symbol)?;
        }
        self.reset();
        for &symbol in word {
            self.feed(symbol)?;
        }
        Ok(self.accepts())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Xoshiro128PlusPlus, below};
    use crate::threshold::words_for;
    use rand_core::SeedableRng;

    const UNITS: usize = automaton_units(3, 2);
    type DivisibleBy3 = AutomatonNetwork<3, 2, UNITS, { words_for(UNITS) }>;

    /// Returns the automaton that reads a binary number, most significant
    /// bit first, and accepts iff it is divisible by 3. State `r` is the value
    /// read so far modulo 3.
    fn divisible_by_3() -> Dfa<3, 2> {
        let transitions = core::array::from_fn(|r| core::array::from_fn(|b| (2 * r + b) % 3));
        Dfa::new(transitions, 0, [true, false, false]).unwrap()
    }

    /// Visits every extension of the current word up to `max_len` symbols
    /// and checks network, automaton and arithmetic against each other.
    /// Returns the number of words checked.
    fn check_extensions(
        net: &DivisibleBy3,
        dfa: &Dfa<3, 2>,
        word: &mut heapless::Vec<usize, 14>,
        value: u32,
        max_len: usize,
    ) -> u32 {
        let by_network = net.accepts();
        let by_automaton = dfa.accepts(word).unwrap();
        let by_arithmetic = value.is_multiple_of(3);
        assert_eq!(
            by_network, by_automaton,
            "word {word:?}: network says {by_network}, automaton says {by_automaton}"
        );
        assert_eq!(
            by_automaton, by_arithmetic,
            "word {word:?} (value {value}): automaton says {by_automaton}, value % 3 == 0 is {by_arithmetic}"
        );
        assert_eq!(
            net.state(),
            Some(dfa.run(word).unwrap()),
            "state after {word:?}"
        );

        let mut checked = 1;
        if word.len() < max_len {
            for bit in 0..2 {
                let mut next = net.clone();
                next.feed(bit).unwrap();
                word.push(bit).unwrap();
                checked += check_extensions(&next, dfa, word, 2 * value + bit as u32, max_len);
                word.pop();
            }
        }
        checked
    }

    #[test]
    fn divisible_by_3_to_length_14() {
        let dfa = divisible_by_3();
        let net = DivisibleBy3::new(&dfa);
        let mut word = heapless::Vec::new();
        let checked = check_extensions(&net, &dfa, &mut word, 0, 14);
        assert_eq!(checked, (1 << 15) - 1, "number of words of length 0 to 14");
    }

    #[test]
    fn run_matches_feeding_one_symbol_at_a_time() {
        let dfa = divisible_by_3();
        let mut net = DivisibleBy3::new(&dfa);
        // 0b1001 = 9 and 0b1011 = 11.
        assert_eq!(net.run(&[1, 0, 0, 1]), Ok(true));
        assert_eq!(net.run(&[1, 0, 1, 1]), Ok(false));
        assert_eq!(net.run(&[]), Ok(true), "the empty word is the number 0");
    }

    #[test]
    fn random_automata_agree_with_networks() {
        const STATES: usize = 4;
        const SYMBOLS: usize = 3;
        const UNITS: usize = automaton_units(STATES, SYMBOLS);
        let mut rng = Xoshiro128PlusPlus::seed_from_u64(0);
        for automaton in 0..20 {
            let transitions = core::array::from_fn(|_| {
                core::array::from_fn(|_| below(&mut rng, STATES as u32) as usize)
            });
            let accepting = core::array::from_fn(|_| below(&mut rng, 2) == 1);
            let start = below(&mut rng, STATES as u32) as usize;
            let dfa = Dfa::<STATES, SYMBOLS>::new(transitions, start, accepting).unwrap();
            let mut net =
                AutomatonNetwork::<STATES, SYMBOLS, UNITS, { words_for(UNITS) }>::new(&dfa);

            // Every word of length 0 to 6, as the base-3 digits of `code`.
            for len in 0..=6u32 {
                for code in 0..3usize.pow(len) {
                    let word: heapless::Vec<usize, 6> =
                        (0..len).map(|k| code / 3usize.pow(k) % 3).collect();
                    let got = net.run(&word).unwrap();
                    let expected = dfa.accepts(&word).unwrap();
                    assert_eq!(
                        got, expected,
                        "automaton {automaton} {dfa:?}, word {word:?}: network {got}, automaton {expected}"
                    );
                }
            }
        }
    }

    #[test]
    fn invalid_states_and_symbols_are_rejected() {
        assert_eq!(
            Dfa::<3, 2>::new([[0, 1], [2, 3], [0, 0]], 0, [true; 3]),
            Err(Error::InvalidState {
                state: 3,
                states: 3
            })
        );
        assert_eq!(
            Dfa::<3, 2>::new([[0; 2]; 3], 5, [true; 3]),
            Err(Error::InvalidState {
                state: 5,
                states: 3
            })
        );
        let dfa = divisible_by_3();
        let invalid = Error::InvalidSymbol {
            symbol: 2,
            symbols: 2,
        };
        assert_eq!(dfa.run(&[1, 2]), Err(invalid));

        let mut net = DivisibleBy3::new(&dfa);
        net.feed(1).unwrap();
        let before = net.clone();
        assert_eq!(net.feed(2), Err(invalid));
        assert_eq!(
            net, before,
            "a rejected symbol must leave the network unchanged"
        );
        assert_eq!(net.run(&[0, 2]), Err(invalid));
        assert_eq!(
            net, before,
            "a rejected word must leave the network unchanged"
        );
    }
}
