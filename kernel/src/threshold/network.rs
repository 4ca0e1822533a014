//! Networks of McCulloch-Pitts units with feedback and a shared clock.

use super::bits::BitVec;
use super::unit::ThresholdUnit;
use crate::Error;

/// `N` [`ThresholdUnit`]s that all read the bit-packed state of the whole
/// network and update together on each clock tick.
///
/// Unit `i` stores row `i` of the integer weight matrix: its weight on unit
/// `j` is the weight of the connection from `j` to `i`. Any pattern of
/// connections is allowed, including cycles and self-connections.
///
/// # External inputs
///
/// Some units can be marked as input units, the "peripheral afferents" of
/// McCulloch and Pitts (1943) and the input neurons of Kleene's nerve nets
/// (1956). Their state is set from outside on every tick, and their own
/// weights and threshold are ignored.
///
/// # One tick
///
/// [`step`](Self::step) first writes the external input into the input
/// units of the current state, giving the presented state `x`. Every other
/// unit then computes whether it fires on `x`, all from the same `x`
/// (synchronous update), and the new state is those results together with
/// the input units' values from `x`. So a signal crosses one connection per
/// tick.
///
/// The network takes `4 WORDS ((2 WEIGHT_BITS + 1) N + 2) + 4 N` bytes, and a
/// tick costs `N (2 WEIGHT_BITS + 1)` evaluations of
/// [`and_count_ones`](super::and_count_ones) over `WORDS` words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network<const N: usize, const WORDS: usize, const WEIGHT_BITS: usize> {
    units: [ThresholdUnit<N, WORDS, WEIGHT_BITS>; N],
    input_units: BitVec<N, WORDS>,
    state: BitVec<N, WORDS>,
}

impl<const N: usize, const WORDS: usize, const WEIGHT_BITS: usize> Default
    for Network<N, WORDS, WEIGHT_BITS>
{
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize, const WORDS: usize, const WEIGHT_BITS: usize> Network<N, WORDS, WEIGHT_BITS> {
    /// Creates a network of silent units (no weights, threshold 1), no
    /// input units, and every unit off.
    pub const fn new() -> Self {
        Self {
            units: [ThresholdUnit::new(1); N],
            input_units: BitVec::zeros(),
            state: BitVec::zeros(),
        }
    }

    /// Creates a network from its units and the set of input units, with
    /// every unit off.
    pub fn from_units(
        units: [ThresholdUnit<N, WORDS, WEIGHT_BITS>; N],
        input_units: BitVec<N, WORDS>,
    ) -> Self {
        Self {
            units,
            input_units,
            state: BitVec::zeros(),
        }
    }

    /// Returns unit `i`.
    ///
    /// # Panics
    ///
    /// Panics if `i >= N`.
    pub fn unit(&self, i: usize) -> &ThresholdUnit<N, WORDS, WEIGHT_BITS> {
        &self.units[i]
    }

    /// Replaces unit `i`.
    ///
    /// # Panics
    ///
    /// Panics if `i >= N`.
    pub fn set_unit(&mut self, i: usize, unit: ThresholdUnit<N, WORDS, WEIGHT_BITS>) {
        self.units[i] = unit;
    }

    /// Returns the weight of the connection from unit `from` to unit `to`.
    ///
    /// # Panics
    ///
    /// Panics if `from` or `to` is `N` or larger.
    pub fn weight(&self, to: usize, from: usize) -> i32 {
        self.units[to].weight(from)
    }

    /// Sets the weight of the connection from unit `from` to unit `to`.
    ///
    /// # Errors
    ///
    /// [`Error::WeightOutOfRange`] if `|weight|` exceeds
    /// [`ThresholdUnit::MAX_WEIGHT`]; the network is then unchanged.
    ///
    /// # Panics
    ///
    /// Panics if `from` or `to` is `N` or larger.
    pub fn set_weight(&mut self, to: usize, from: usize, weight: i32) -> Result<(), Error> {
        self.units[to].set_weight(from, weight)
    }

    /// The input units.
    pub fn input_units(&self) -> &BitVec<N, WORDS> {
        &self.input_units
    }

    /// Sets which units are input units.
    pub fn set_input_units(&mut self, input_units: BitVec<N, WORDS>) {
        self.input_units = input_units;
    }

    /// The current state: bit `i` is set iff unit `i` fired on the last tick
    /// (or, for an input unit, was presented as active).
    pub fn state(&self) -> &BitVec<N, WORDS> {
        &self.state
    }

    /// Sets the current state, for example the initial state before the
    /// first tick.
    pub fn set_state(&mut self, state: BitVec<N, WORDS>) {
        self.state = state;
    }

    /// Returns the current state with the input units set from `external`.
    fn present(&self, external: &BitVec<N, WORDS>) -> BitVec<N, WORDS> {
        let internal = self.state.and_not(&self.input_units);
        internal.or(&external.and(&self.input_units))
    }

    /// Advances the network by one tick with the external input `external`.
    ///
    /// Bits of `external` at units that are not input units are ignored.
    pub fn step(&mut self, external: &BitVec<N, WORDS>) {
        let x = self.present(external);
        let mut next = x.and(&self.input_units);
        for (i, unit) in self.units.iter().enumerate() {
            if !self.input_units.get(i) && unit.fires(&x) {
                next.set(i, true);
            }
        }
        self.state = next;
    }

    /// Advances the network by one tick under lateral inhibition: of the
    /// units that would fire in [`step`](Self::step), only the `k` whose net
    /// input exceeds their threshold by the most do fire (k-winners-take-all).
    /// Input units take part in no competition and keep their values.
    ///
    /// Ties at the `k`-th place go to the units with the lower index, so the
    /// result is deterministic. If `k` or fewer units would fire, all of them
    /// fire; with `k = 0` none does.
    ///
    /// This needs `8 N` bytes of stack for the margins, and at most 36
    /// passes over them to find the `k`-th largest by bisection.
    pub fn step_k_winners(&mut self, external: &BitVec<N, WORDS>, k: usize) {
        let x = self.present(external);
        // Margin h - threshold of each competing unit that would fire, and
        // -1 for every other unit.
        let mut margins = [-1i64; N];
        for (i, (unit, margin)) in self.units.iter().zip(margins.iter_mut()).enumerate() {
            if !self.input_units.get(i) {
                *margin = unit.firing_margin(&x).unwrap_or(-1);
            }
        }

        let winners = k_winners::<N, WORDS>(&margins, k);
        self.state = x.and(&self.input_units).or(&winners);
    }
}

/// Returns the set of the `k` largest non-negative `margins`, ties at the
/// `k`-th place going to the lower index.
fn k_winners<const N: usize, const WORDS: usize>(margins: &[i64; N], k: usize) -> BitVec<N, WORDS> {
    let count_at_least = |t: i64| margins.iter().filter(|&&m| m >= t).count();
    let candidates = count_at_least(0);
    if candidates <= k {
        return BitVec::from_fn(|i| margins[i] >= 0);
    }

    // The cut-off is the largest t with at least k margins at or above it.
    // Margins lie below 2^32, so the bisection takes at most 32 rounds.
    let mut low = 0i64;
    let mut high = margins.iter().copied().max().unwrap_or(0);
    while low < high {
        let middle = low + (high - low + 1) / 2;
        if count_at_least(middle) >= k {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    let cutoff = low;

    // Fewer than k margins lie above the cut-off, by its choice; fill the
    // remaining places with the lowest-indexed units at the cut-off.
    let mut places_at_cutoff = k - count_at_least(cutoff + 1);
    BitVec::from_fn(|i| {
        if margins[i] > cutoff {
            true
        } else if margins[i] == cutoff && places_at_cutoff > 0 {
            places_at_cutoff -= 1;
            true
        } else {
            false
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn update_is_synchronous() {
        // Units 0 and 1 copy each other. A synchronous update swaps their
        // states; updating one after the other would copy one into both.
        let mut net = Network::<2, 1, 1>::new();
        net.set_unit(0, ThresholdUnit::or(&BitVec::from_indices(&[1])));
        net.set_unit(1, ThresholdUnit::or(&BitVec::from_indices(&[0])));
        net.set_state(BitVec::from_indices(&[0]));
        let none = BitVec::zeros();

        net.step(&none);
        assert_eq!(net.state(), &BitVec::from_indices(&[1]), "after tick 1");
        net.step(&none);
        assert_eq!(net.state(), &BitVec::from_indices(&[0]), "after tick 2");
    }

    #[test]
    fn latch_holds_until_reset() {
        // Units 0 (set) and 1 (reset) are inputs. Unit 2 excites itself, is
        // switched on by set and vetoed by reset: a set-reset flip-flop.
        const SET: usize = 0;
        const RESET: usize = 1;
        const LATCH: usize = 2;
        let mut net = Network::<3, 1, 1>::new();
        net.set_input_units(BitVec::from_indices(&[SET, RESET]));
        let mut latch = ThresholdUnit::or(&BitVec::from_indices(&[SET, LATCH]));
        latch.set_vetoes(BitVec::from_indices(&[RESET]));
        net.set_unit(LATCH, latch);

        let none = BitVec::zeros();
        let set = BitVec::from_indices(&[SET]);
        let reset = BitVec::from_indices(&[RESET]);
        let both = BitVec::from_indices(&[SET, RESET]);
        // (input, latch state after the tick)
        let ticks = [
            (none, false),
            (set, true),
            (none, true),
            (none, true),
            (reset, false),
            (none, false),
            (set, true),
            (both, false),
        ];
        for (tick, (input, expected)) in ticks.iter().enumerate() {
            net.step(input);
            let got = net.state().get(LATCH);
            assert_eq!(
                got,
                *expected,
                "tick {tick}, input {:?}: latch {got}, expected {expected}",
                input.words()
            );
            assert_eq!(
                net.state().and(net.input_units()),
                *input,
                "tick {tick}: input units hold the presented input"
            );
        }
    }

    /// Returns a network of 4 input units and 6 competing units, where
    /// competing unit `4 + c` has weight 1 from the inputs in `drives[c]`.
    fn competition(drives: [&[usize]; 6]) -> Network<10, 1, 1> {
        let mut net = Network::<10, 1, 1>::new();
        net.set_input_units(BitVec::from_indices(&[0, 1, 2, 3]));
        for (c, inputs) in drives.iter().enumerate() {
            net.set_unit(4 + c, ThresholdUnit::or(&BitVec::from_indices(inputs)));
        }
        net
    }

    #[test]
    fn k_winners_keep_strongest() {
        // Net inputs with all four inputs on: 1, 4, 2, 3, 0, 2.
        let mut net = competition([&[0], &[0, 1, 2, 3], &[0, 1], &[0, 1, 2], &[], &[2, 3]]);
        let all = BitVec::from_indices(&[0, 1, 2, 3]);
        let inputs = [0, 1, 2, 3];
        // (k, competing units expected to fire)
        let cases: [(usize, &[usize]); 6] = [
            (0, &[]),
            (1, &[5]),
            (2, &[5, 7]),
            // Units 6 and 9 tie at the third place; the lower index wins.
            (3, &[5, 6, 7]),
            (4, &[5, 6, 7, 9]),
            // Unit 8 has no drive and stays off even when k allows it.
            (6, &[4, 5, 6, 7, 9]),
        ];
        for (k, winners) in cases {
            net.set_state(BitVec::zeros());
            net.step_k_winners(&all, k);
            let mut expected = BitVec::<10, 1>::from_indices(&inputs);
            expected = expected.or(&BitVec::from_indices(winners));
            assert_eq!(
                net.state(),
                &expected,
                "k = {k}: state {:010b}, expected {:010b}",
                net.state().words()[0],
                expected.words()[0]
            );
        }
    }

    #[test]
    fn k_winners_break_ties_by_index() {
        // Every competing unit gets the same net input.
        let mut net = competition([&[0]; 6]);
        let input = BitVec::from_indices(&[0]);
        for k in 0..=6 {
            net.step_k_winners(&input, k);
            let winners: heapless::Vec<usize, 10> =
                net.state().iter_ones().filter(|&i| i >= 4).collect();
            let expected: heapless::Vec<usize, 10> = (4..4 + k).collect();
            assert_eq!(
                winners, expected,
                "k = {k}: winners {winners:?}, expected {expected:?}"
            );
        }
    }

    #[test]
    fn k_winners_respect_vetoes_and_thresholds() {
        let mut net = competition([&[0, 1], &[0, 1], &[0], &[0], &[0], &[0]]);
        let mut vetoed = *net.unit(4);
        vetoed.set_vetoes(BitVec::from_indices(&[3]));
        net.set_unit(4, vetoed);
        let mut strict = *net.unit(5);
        strict.set_threshold(3);
        net.set_unit(5, strict);

        // Unit 4 is vetoed by input 3, unit 5's net input 2 misses its
        // threshold 3, so the two strongest that fire are units 6 and 7.
        net.step_k_winners(&BitVec::from_indices(&[0, 1, 3]), 2);
        assert_eq!(net.state(), &BitVec::from_indices(&[0, 1, 3, 6, 7]));
    }
}
