//! Recall dynamics shared by the memories: synchronous and asynchronous
//! updates and the rules that stop them.

use core::cmp::Ordering;

use rand_core::Rng;

use super::BipolarPattern;
use crate::rng::shuffle;

/// The rule that stopped a recall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Stop {
    /// The last step changed no unit, so the state is a fixed point.
    FixedPoint,
    /// In synchronous mode, the last step returned to the state of two steps
    /// before, so the dynamics alternate between two states forever. The
    /// state is left at one of the two, and one more synchronous step gives
    /// the other.
    TwoCycle,
    /// The caller's step limit was reached before either of the above.
    StepLimit,
}

/// The outcome of a recall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RecallReport {
    /// The rule that stopped the recall.
    pub stop: Stop,
    /// The number of steps computed, including the one that detected the
    /// stop: a cue that is already a fixed point gives 1. A step is one
    /// synchronous update of every unit, or one asynchronous sweep that
    /// visits every unit once.
    pub steps: u32,
    /// The total number of unit flips over all steps, saturating at
    /// `u32::MAX`.
    pub flips: u32,
}

/// The per-unit decision of a memory, from which the recall loops are built.
///
/// `field_sign` returns the sign of unit `unit`'s local field in `state`:
/// `Greater` sets the unit to `+1`, `Less` to `-1`, and `Equal` (a zero
/// field) keeps its current value.
pub(crate) trait UnitRule<const N: usize, const WORDS: usize> {
    fn field_sign(&self, state: &BipolarPattern<N, WORDS>, unit: usize) -> Ordering;

    /// Writes the synchronous update of every unit of `state` into `next`.
    fn synchronous_step(
        &self,
        state: &BipolarPattern<N, WORDS>,
        next: &mut BipolarPattern<N, WORDS>,
    ) {
        *next = *state;
        for unit in 0..N {
            apply_sign(next, unit, self.field_sign(state, unit));
        }
    }

    /// Updates the units of `state` one at a time in `order` and returns the
    /// number of flips.
    fn asynchronous_sweep(&self, state: &mut BipolarPattern<N, WORDS>, order: &[u16; N]) -> u32 {
        let mut flips = 0u32;
        for &unit in order {
            let unit = usize::from(unit);
            let sign = self.field_sign(state, unit);
            if apply_sign(state, unit, sign) {
                flips += 1;
            }
        }
        flips
    }
}

/// Sets `unit` by the sign of its field, keeping it on a zero field, and
/// returns whether it flipped.
#[inline]
pub(crate) fn apply_sign<const N: usize, const WORDS: usize>(
    state: &mut BipolarPattern<N, WORDS>,
    unit: usize,
    sign: Ordering,
) -> bool {
    let positive = state.is_positive(unit);
    let flip = match sign {
        Ordering::Greater => !positive,
        Ordering::Less => positive,
        Ordering::Equal => false,
    };
    if flip {
        state.flip(unit);
    }
    flip
}

/// Runs synchronous updates from `state` until a fixed point, a 2-cycle or
/// `max_steps` steps. Uses three states of stack.
pub(crate) fn recall_synchronous<D, const N: usize, const WORDS: usize>(
    rule: &D,
    state: &mut BipolarPattern<N, WORDS>,
    max_steps: u32,
) -> RecallReport
where
    D: UnitRule<N, WORDS> + ?Sized,
{
    let mut previous = None;
    let mut next = *state;
    let mut flips = 0u32;
    for step in 1..=max_steps {
        rule.synchronous_step(state, &mut next);
        if next == *state {
            return RecallReport {
                stop: Stop::FixedPoint,
                steps: step,
                flips,
            };
        }
        flips = flips.saturating_add(next.hamming_distance(state));
        let returned = previous == Some(next);
        previous = Some(*state);
        *state = next;
        if returned {
            return RecallReport {
                stop: Stop::TwoCycle,
                steps: step,
                flips,
            };
        }
    }
    RecallReport {
        stop: Stop::StepLimit,
        steps: max_steps,
        flips,
    }
}

/// Runs asynchronous sweeps from `state`, each in a fresh uniformly random
/// order drawn from `rng`, until a sweep flips no unit or `max_steps` sweeps.
/// Uses `2 N` bytes of stack for the order.
pub(crate) fn recall_asynchronous<D, R, const N: usize, const WORDS: usize>(
    rule: &D,
    state: &mut BipolarPattern<N, WORDS>,
    rng: &mut R,
    max_steps: u32,
) -> RecallReport
where
    D: UnitRule<N, WORDS> + ?Sized,
    R: Rng + ?Sized,
{
    // Every memory limits N to u16::MAX units, so the cast is exact.
    let mut order: [u16; N] = core::array::from_fn(|unit| unit as u16);
    let mut flips = 0u32;
    for step in 1..=max_steps {
        shuffle(rng, &mut order);
        let changed = rule.asynchronous_sweep(state, &order);
        flips = flips.saturating_add(changed);
        if changed == 0 {
            return RecallReport {
                stop: Stop::FixedPoint,
                steps: step,
                flips,
            };
        }
    }
    RecallReport {
        stop: Stop::StepLimit,
        steps: max_steps,
        flips,
    }
}
