//! A Hopfield memory of the ten digit classes, stored and recalled on the
//! device.
//!
//! Each class's prototype is computed from the training set: unit `j` of the
//! 64 is `+1` where the mean of pixel `j` over the class is above
//! [`ON_THRESHOLD`], half the maximum pixel value, and `-1` elsewhere. The
//! prototypes are stored in `i8` weights, and each is recalled from cues
//! with 10 %, 20 % and 30 % of its units flipped at random.
//!
//! Ten patterns in 64 units are a load of `10 / 64 = 0.156`. That is above
//! the Hebbian rule's capacity of about 0.138 for random patterns, and the
//! prototypes are far from random: two of them share up to 89 % of their
//! units (overlap 0.78). Under the Hebbian rule none of them is a fixed
//! point, and the mean overlap after recall is 0.68 at every flip level,
//! below the 0.81 of the 10 % cues. So the memory uses the pseudo-inverse
//! rule (`ProjectionMemory`). It makes fixed points of any set of patterns
//! that is linearly independent by a clear margin, as long as i8 rounding
//! keeps every field's sign. The store rejects a pattern within
//! `DEPENDENCE_TOLERANCE` of the other patterns' span. The Hebbian result is logged for comparison,
//! without a floor. Recall is synchronous, so besides fixed points it can
//! end in 2-cycles, and a cue that ends in a 2-cycle is scored with the
//! state it stopped in.
//!
//! This part passes only if, at every flip level, the mean overlap with the
//! prototype after recall is at least the mean overlap of the cues.

use core::mem::size_of;

use rand_core::SeedableRng;
use shinkei::memory::{
    BipolarPattern, Hopfield, OnlineRule, ProjectionMemory, RecallReport, Stop, words_for,
};
use shinkei::rng::Xoshiro128PlusPlus;

use crate::training::{CLASSES, Dataset, MAX_PIXEL, PIXELS};

const UNITS: usize = PIXELS;
const WORDS: usize = words_for(UNITS);

/// A unit of a prototype is `+1` where the class mean of its pixel is above
/// this value.
const ON_THRESHOLD: u32 = MAX_PIXEL as u32 / 2;

/// Percentages of units flipped in the cues.
const FLIP_PERCENTS: [usize; 3] = [10, 20, 30];

/// Cues per prototype and flip level, so `CLASSES * CUES_PER_PATTERN` cues
/// per level.
const CUES_PER_PATTERN: usize = 10;

/// Synchronous steps before a recall stops at the step limit.
const MAX_STEPS: u32 = 32;

/// Seed of the generator that picks the flipped units. The cues for both
/// rules are drawn from a new generator with this seed, so they are the same.
const SEED: u64 = 7;

type Pattern = BipolarPattern<UNITS, WORDS>;
type PseudoInverseMemory = ProjectionMemory<i8, UNITS, WORDS, CLASSES>;
type HebbianMemory = Hopfield<i8, UNITS, WORDS>;

/// Results of the recalls at one flip level.
#[derive(Clone, Copy, Default)]
struct LevelResult {
    /// Sum over the cues of the dot product of cue and prototype.
    cue_dot_sum: i32,
    /// Sum over the cues of the dot product of recalled state and prototype.
    recalled_dot_sum: i32,
    /// Recalls that ended exactly at the prototype.
    exact: u32,
    fixed_points: u32,
    two_cycles: u32,
    step_limits: u32,
}

impl LevelResult {
    const CUES: usize = CLASSES * CUES_PER_PATTERN;

    fn mean_cue_overlap(&self) -> f32 {
        self.cue_dot_sum as f32 / (Self::CUES * UNITS) as f32
    }

    fn mean_recalled_overlap(&self) -> f32 {
        self.recalled_dot_sum as f32 / (Self::CUES * UNITS) as f32
    }
}

/// Computes the prototypes, stores them, recalls them from flipped cues and
/// logs the results. Returns whether recall met the floor at every level.
// Not inlined into `main::run`, so this part's stack frame is not added to the others'.
#[inline(never)]
pub fn run(train: &impl Dataset) -> bool {
    let prototypes = class_prototypes(train);
    let units_on = prototypes.map(|pattern| pattern.count_positive());
    defmt::info!(
        "Hopfield memory: {=usize} class prototypes of {=usize} units from the training set, \
         +1 units per class {}, largest overlap between two prototypes {=f32}",
        CLASSES,
        UNITS,
        units_on,
        largest_overlap(&prototypes)
    );

    let mut memory = PseudoInverseMemory::new();
    let clamped = match memory.store_all(&prototypes) {
        Ok(clamped) => clamped,
        Err(error) => {
            defmt::error!(
                "storing the prototypes in the pseudo-inverse memory failed: {}",
                error
            );
            return false;
        }
    };
    defmt::info!(
        "pseudo-inverse rule, i8 weights: load {=f32}, {=usize} weights clamped, \
         {=usize} bytes of RAM for the memory",
        memory.load(),
        clamped,
        size_of::<PseudoInverseMemory>()
    );

    let mut rng = Xoshiro128PlusPlus::seed_from_u64(SEED);
    let mut passed = true;
    for percent in FLIP_PERCENTS {
        let flips = flips_for(percent);
        let result = recall_level(&prototypes, flips, &mut rng, |state| {
            memory.recall_synchronous(state, MAX_STEPS)
        });
        defmt::info!(
            "recall from {=usize} % flipped ({=usize} units): mean overlap {=f32} before, {=f32} after; \
             {=u32}/{=usize} exact; stops: {=u32} fixed points, {=u32} 2-cycles, {=u32} step limits",
            percent,
            flips,
            result.mean_cue_overlap(),
            result.mean_recalled_overlap(),
            result.exact,
            LevelResult::CUES,
            result.fixed_points,
            result.two_cycles,
            result.step_limits
        );
        if result.recalled_dot_sum < result.cue_dot_sum {
            defmt::error!(
                "failed: at {=usize} % flipped, recall lowered the mean overlap from {=f32} to {=f32}",
                percent,
                result.mean_cue_overlap(),
                result.mean_recalled_overlap()
            );
            passed = false;
        }
    }

    if !log_hebbian_comparison(&prototypes) {
        return false;
    }

    if passed {
        defmt::info!(
            "passed: pseudo-inverse recall does not lower the mean overlap at any flip level"
        );
    }
    passed
}

/// Returns one prototype per class: unit `j` is `+1` where the class mean of
/// pixel `j` is above [`ON_THRESHOLD`].
///
/// # Panics
///
/// Panics if a label is not below `CLASSES`. `build.rs` rejects such a data
/// set.
fn class_prototypes(train: &impl Dataset) -> [Pattern; CLASSES] {
    let mut sums = [[0u32; PIXELS]; CLASSES];
    let mut counts = [0u32; CLASSES];
    for index in 0..train.len() {
        let sample = train.sample(index);
        let class = usize::from(sample.label);
        counts[class] += 1;
        for (sum, &pixel) in sums[class].iter_mut().zip(&sample.pixels) {
            *sum += u32::from(pixel);
        }
    }
    // mean > threshold, compared as sum > threshold * count to stay exact.
    core::array::from_fn(|class| {
        Pattern::from_fn(|unit| sums[class][unit] > ON_THRESHOLD * counts[class])
    })
}

fn largest_overlap(patterns: &[Pattern]) -> f32 {
    let mut largest = -1.0f32;
    for (index, first) in patterns.iter().enumerate() {
        for second in &patterns[index + 1..] {
            largest = largest.max(first.overlap(second));
        }
    }
    largest
}

/// Returns the number of units that `percent` % of the units rounds to.
fn flips_for(percent: usize) -> usize {
    (UNITS * percent + 50) / 100
}

/// Recalls every prototype from [`CUES_PER_PATTERN`] cues, each with
/// `flips` units flipped by `rng`, and sums up the results.
fn recall_level(
    prototypes: &[Pattern; CLASSES],
    flips: usize,
    rng: &mut Xoshiro128PlusPlus,
    recall: impl Fn(&mut Pattern) -> RecallReport,
) -> LevelResult {
    let mut result = LevelResult::default();
    for prototype in prototypes {
        for _ in 0..CUES_PER_PATTERN {
            let mut state = *prototype;
            state.flip_random(flips, rng);
            result.cue_dot_sum += state.dot(prototype);

            let report = recall(&mut state);
            result.recalled_dot_sum += state.dot(prototype);
            result.exact += u32::from(state == *prototype);
            match report.stop {
                Stop::FixedPoint => result.fixed_points += 1,
                Stop::TwoCycle => result.two_cycles += 1,
                Stop::StepLimit => result.step_limits += 1,
            }
        }
    }
    result
}

/// Stores the prototypes with the Hebbian rule, recalls them from the same
/// cues as the pseudo-inverse memory, and logs the mean overlap after recall
/// per flip level. Returns `false` after logging a kernel error.
fn log_hebbian_comparison(prototypes: &[Pattern; CLASSES]) -> bool {
    let mut memory = HebbianMemory::new(OnlineRule::Hebbian);
    for (class, prototype) in prototypes.iter().enumerate() {
        if let Err(error) = memory.store(prototype) {
            defmt::error!(
                "storing prototype {=usize} in the Hebbian memory failed: {}",
                class,
                error
            );
            return false;
        }
    }
    let fixed_points = prototypes
        .iter()
        .filter(|&prototype| {
            let mut state = *prototype;
            memory.recall_synchronous(&mut state, 1).stop == Stop::FixedPoint
        })
        .count();

    let mut rng = Xoshiro128PlusPlus::seed_from_u64(SEED);
    let overlaps = FLIP_PERCENTS.map(|percent| {
        recall_level(prototypes, flips_for(percent), &mut rng, |state| {
            memory.recall_synchronous(state, MAX_STEPS)
        })
        .mean_recalled_overlap()
    });
    defmt::info!(
        "for comparison, Hebbian rule, i8 weights ({=usize} bytes of RAM): {=usize} of {=usize} \
         prototypes are fixed points, mean overlap after recall {=[?]} at {=[?]} % flipped",
        size_of::<HebbianMemory>(),
        fixed_points,
        CLASSES,
        overlaps[..],
        FLIP_PERCENTS[..]
    );
    true
}
