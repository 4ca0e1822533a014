//! Recall of stored patterns from damaged cues, with any of the kernel's
//! auto-associative memories, for `shinkei memory` and the `digit-recall`
//! experiment.
//!
//! Patterns are rows of booleans, `true` for `+1`. They are stored in a
//! memory of the chosen [`Rule`], each is damaged by flipping a fixed number
//! of randomly chosen units, and the damaged cue is recalled by asynchronous
//! sweeps until a fixed point. The kernel's memories take the unit count as
//! a const generic, so only the widths in [`SUPPORTED_WIDTHS`] can be used.

mod digits;
mod patterns;
mod png;
mod text;

pub use digits::{DIGIT_SIDE, digit_prototypes};
pub use patterns::{PatternFileError, read_patterns};
pub use png::write_recall_png;
pub use text::render_side_by_side;

use std::fmt;

use rand_core::SeedableRng;
use shinkei::memory::{
    BipolarPattern, ClippedHopfield, DenseMemory, Hopfield, OnlineRule, Polynomial,
    ProjectionMemory, RecallReport, words_for,
};
use shinkei::rng::Xoshiro128PlusPlus;

use crate::validation::memory_support::on_large_stack;

/// Pattern widths (unit counts) for which memories are compiled in: squares
/// from 4×4 to 16×16, which the terminal shows as square images.
pub const SUPPORTED_WIDTHS: [usize; 7] = [16, 25, 36, 49, 64, 100, 256];

/// Largest number of patterns the dense memory holds.
pub const DENSE_CAPACITY: usize = 256;

/// Asynchronous sweeps allowed per recall. Every memory here reaches a fixed
/// point much sooner from cues of the size used.
pub const MAX_SWEEPS: u32 = 100;

/// A storage rule, with the memory type that implements it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Hebb's outer-product rule, `f32` weights.
    Hebbian,
    /// Storkey's local rule, `f32` weights.
    Storkey,
    /// The pseudo-inverse (projection) rule, `f32` weights.
    PseudoInverse,
    /// Hebbian sums clipped to `-1`, `0` or `+1`.
    Clipped,
    /// The dense associative memory with `F(x) = x³`.
    Dense,
}

impl Rule {
    /// Every rule, in the order reports list them.
    pub const ALL: [Rule; 5] = [
        Rule::Hebbian,
        Rule::Storkey,
        Rule::PseudoInverse,
        Rule::Clipped,
        Rule::Dense,
    ];

    /// Returns the largest number of patterns of `width` units that a memory
    /// of this rule accepts, or `None` if the memory sets no limit.
    ///
    /// The pseudo-inverse rule needs linearly independent patterns, so it
    /// stores at most `width` of them, and the dense memory here is compiled
    /// for [`DENSE_CAPACITY`] patterns.
    pub fn pattern_limit(self, width: usize) -> Option<usize> {
        match self {
            Rule::PseudoInverse => Some(width),
            Rule::Dense => Some(DENSE_CAPACITY),
            Rule::Hebbian | Rule::Storkey | Rule::Clipped => None,
        }
    }

    /// Returns the command-line name, which is also used in check names.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Hebbian => "hebbian",
            Rule::Storkey => "storkey",
            Rule::PseudoInverse => "pseudo-inverse",
            Rule::Clipped => "clipped",
            Rule::Dense => "dense",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The recall of one damaged cue.
#[derive(Debug, Clone, PartialEq)]
pub struct Recall {
    /// Index of the stored pattern the cue was made from.
    pub pattern: usize,
    /// The damaged cue, `true` for `+1`.
    pub cue: Vec<bool>,
    /// The state the recall ended in.
    pub recalled: Vec<bool>,
    /// Overlap `(1/N) Σ ξ_j σ_j` of the cue with its pattern.
    pub cue_overlap: f32,
    /// Overlap of the recalled state with the pattern.
    pub overlap: f32,
    /// The stop rule, step count and flip count of the recall.
    pub report: RecallReport,
}

/// Settings of a recall run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecallSettings {
    /// The storage rule.
    pub rule: Rule,
    /// Fraction of units flipped in each cue, from 0 to 1; the count is
    /// rounded to the nearest unit.
    pub flip_fraction: f64,
    /// Cues made from each pattern.
    pub cues_per_pattern: usize,
    /// Seed of the damage and of the asynchronous visiting order.
    pub seed: u64,
}

/// The reasons a recall run cannot start or store its patterns.
#[derive(Debug)]
#[non_exhaustive]
pub enum RecallError {
    /// No patterns were given.
    NoPatterns,
    /// The patterns do not all have the same width.
    UnequalWidths {
        /// Width of the first pattern.
        first: usize,
        /// Index of the first pattern of another width.
        index: usize,
        /// Its width.
        width: usize,
    },
    /// No memory is compiled in for this width.
    UnsupportedWidth {
        /// The pattern width.
        width: usize,
    },
    /// More patterns than the memory of the chosen rule stores at this
    /// width ([`Rule::pattern_limit`]).
    TooManyPatterns {
        /// The storage rule.
        rule: Rule,
        /// The pattern width.
        width: usize,
        /// The number of patterns given.
        count: usize,
        /// The maximum number of patterns the memory accepts.
        limit: usize,
    },
    /// The flip fraction is not a number from 0 to 1.
    InvalidFlipFraction {
        /// The fraction given.
        fraction: f64,
    },
    /// The kernel rejected a pattern.
    Store {
        /// Index of the pattern.
        index: usize,
        /// The kernel's error.
        source: shinkei::Error,
    },
}

impl fmt::Display for RecallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecallError::NoPatterns => f.write_str("no patterns to store"),
            RecallError::UnequalWidths {
                first,
                index,
                width,
            } => write!(
                f,
                "pattern {index} has {width} units but pattern 0 has {first}: every pattern needs the same width"
            ),
            RecallError::UnsupportedWidth { width } => write!(
                f,
                "patterns of {width} units are not supported: use one of {SUPPORTED_WIDTHS:?} units"
            ),
            RecallError::TooManyPatterns {
                rule,
                width,
                count,
                limit,
            } => {
                write!(
                    f,
                    "{count} patterns given, but the {rule} rule stores at most {limit} patterns of {width} units"
                )?;
                if *rule == Rule::PseudoInverse {
                    f.write_str(", because they must be linearly independent")?;
                }
                f.write_str(". Store fewer patterns or use another rule")
            }
            RecallError::InvalidFlipFraction { fraction } => write!(
                f,
                "flip fraction {fraction} is invalid: it must be a number from 0 to 1"
            ),
            RecallError::Store { index, source } => {
                write!(f, "storing pattern {index} failed: {source}")
            }
        }
    }
}

// `source()` stays `None`: the message of `Store` already includes the
// kernel's error, and reporters that walk the chain would print it twice.
impl std::error::Error for RecallError {}

/// Stores `patterns` with `settings.rule` and recalls
/// `settings.cues_per_pattern` damaged cues of each, in pattern order.
///
/// # Errors
///
/// [`RecallError`] if the patterns are empty, of unequal or unsupported
/// width, or more than [`Rule::pattern_limit`], or if the flip fraction is
/// outside `[0, 1]`. It is also returned when the kernel rejects a pattern,
/// as the pseudo-inverse rule does with a linearly dependent one.
pub fn recall_cues(
    patterns: &[Vec<bool>],
    settings: &RecallSettings,
) -> Result<Vec<Recall>, RecallError> {
    let width = patterns.first().ok_or(RecallError::NoPatterns)?.len();
    if let Some((index, pattern)) = patterns
        .iter()
        .enumerate()
        .find(|(_, pattern)| pattern.len() != width)
    {
        return Err(RecallError::UnequalWidths {
            first: width,
            index,
            width: pattern.len(),
        });
    }
    if let Some(limit) = settings.rule.pattern_limit(width)
        && patterns.len() > limit
    {
        return Err(RecallError::TooManyPatterns {
            rule: settings.rule,
            width,
            count: patterns.len(),
            limit,
        });
    }
    if !(0.0..=1.0).contains(&settings.flip_fraction) {
        return Err(RecallError::InvalidFlipFraction {
            fraction: settings.flip_fraction,
        });
    }
    match width {
        16 => on_large_stack(|| recall_with_width::<16, { words_for(16) }>(patterns, settings)),
        25 => on_large_stack(|| recall_with_width::<25, { words_for(25) }>(patterns, settings)),
        36 => on_large_stack(|| recall_with_width::<36, { words_for(36) }>(patterns, settings)),
        49 => on_large_stack(|| recall_with_width::<49, { words_for(49) }>(patterns, settings)),
        64 => on_large_stack(|| recall_with_width::<64, { words_for(64) }>(patterns, settings)),
        100 => on_large_stack(|| recall_with_width::<100, { words_for(100) }>(patterns, settings)),
        256 => on_large_stack(|| recall_with_width::<256, { words_for(256) }>(patterns, settings)),
        width => Err(RecallError::UnsupportedWidth { width }),
    }
}

/// One memory of `N` units, of any rule.
enum Memory<const N: usize, const WORDS: usize> {
    Matrix(Box<Hopfield<f32, N, WORDS>>),
    Projection(Box<ProjectionMemory<f32, N, WORDS, N>>),
    Clipped(Box<ClippedHopfield<N, WORDS>>),
    Dense(Box<DenseMemory<Polynomial<3>, N, WORDS, DENSE_CAPACITY>>),
}

impl<const N: usize, const WORDS: usize> Memory<N, WORDS> {
    /// Builds a memory of `rule` holding `patterns`.
    fn build(rule: Rule, patterns: &[BipolarPattern<N, WORDS>]) -> Result<Self, RecallError> {
        let store_error = |index| move |source| RecallError::Store { index, source };
        match rule {
            Rule::Hebbian | Rule::Storkey => {
                let online = if rule == Rule::Hebbian {
                    OnlineRule::Hebbian
                } else {
                    OnlineRule::Storkey
                };
                let mut memory = Box::new(Hopfield::new(online));
                for (index, pattern) in patterns.iter().enumerate() {
                    memory.store(pattern).map_err(store_error(index))?;
                }
                Ok(Memory::Matrix(memory))
            }
            Rule::PseudoInverse => {
                let mut memory = Box::new(ProjectionMemory::new());
                // Storing one at a time names the first dependent pattern.
                for (index, pattern) in patterns.iter().enumerate() {
                    memory.store(pattern).map_err(store_error(index))?;
                }
                Ok(Memory::Projection(memory))
            }
            Rule::Clipped => {
                let mut memory = Box::new(ClippedHopfield::new());
                memory.clip_hebbian(patterns);
                Ok(Memory::Clipped(memory))
            }
            Rule::Dense => {
                let mut memory = Box::new(DenseMemory::polynomial());
                for (index, pattern) in patterns.iter().enumerate() {
                    memory.store(pattern).map_err(store_error(index))?;
                }
                Ok(Memory::Dense(memory))
            }
        }
    }

    fn recall(
        &self,
        state: &mut BipolarPattern<N, WORDS>,
        rng: &mut Xoshiro128PlusPlus,
    ) -> RecallReport {
        match self {
            Memory::Matrix(memory) => memory.recall_asynchronous(state, rng, MAX_SWEEPS),
            Memory::Projection(memory) => memory.recall_asynchronous(state, rng, MAX_SWEEPS),
            Memory::Clipped(memory) => memory.recall_asynchronous(state, rng, MAX_SWEEPS),
            Memory::Dense(memory) => memory.recall_asynchronous(state, rng, MAX_SWEEPS),
        }
    }
}

fn recall_with_width<const N: usize, const WORDS: usize>(
    patterns: &[Vec<bool>],
    settings: &RecallSettings,
) -> Result<Vec<Recall>, RecallError> {
    let packed: Vec<BipolarPattern<N, WORDS>> = patterns
        .iter()
        .map(|pattern| BipolarPattern::from_fn(|j| pattern[j]))
        .collect();
    let memory = Memory::build(settings.rule, &packed)?;

    let mut rng = Xoshiro128PlusPlus::seed_from_u64(settings.seed);
    let flips = (settings.flip_fraction * N as f64).round() as usize;
    let mut recalls = Vec::with_capacity(patterns.len() * settings.cues_per_pattern);
    for (index, pattern) in packed.iter().enumerate() {
        for _ in 0..settings.cues_per_pattern {
            let mut state = *pattern;
            state.flip_random(flips, &mut rng);
            let cue = state;
            let report = memory.recall(&mut state, &mut rng);
            recalls.push(Recall {
                pattern: index,
                cue: unpack(&cue),
                recalled: unpack(&state),
                cue_overlap: cue.overlap(pattern),
                overlap: state.overlap(pattern),
                report,
            });
        }
    }
    Ok(recalls)
}

fn unpack<const N: usize, const WORDS: usize>(pattern: &BipolarPattern<N, WORDS>) -> Vec<bool> {
    (0..N).map(|j| pattern.is_positive(j)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(rule: Rule, flip_fraction: f64) -> RecallSettings {
        RecallSettings {
            rule,
            flip_fraction,
            cues_per_pattern: 2,
            seed: 0,
        }
    }

    #[test]
    fn recall_rejects_bad_input() {
        let square = vec![true; 16];
        let unequal = [square.clone(), vec![true; 25]];
        let error = recall_cues(&unequal, &settings(Rule::Hebbian, 0.1)).unwrap_err();
        assert!(
            matches!(
                error,
                RecallError::UnequalWidths {
                    first: 16,
                    index: 1,
                    width: 25
                }
            ),
            "{error:?}"
        );

        let error = recall_cues(&[vec![true; 17]], &settings(Rule::Hebbian, 0.1)).unwrap_err();
        assert!(
            matches!(error, RecallError::UnsupportedWidth { width: 17 }),
            "{error:?}"
        );

        let error = recall_cues(&[], &settings(Rule::Hebbian, 0.1)).unwrap_err();
        assert!(matches!(error, RecallError::NoPatterns), "{error:?}");

        let error =
            recall_cues(std::slice::from_ref(&square), &settings(Rule::Hebbian, 1.5)).unwrap_err();
        assert!(
            matches!(error, RecallError::InvalidFlipFraction { .. }),
            "{error:?}"
        );

        let many = vec![square; DENSE_CAPACITY + 1];
        let error = recall_cues(&many, &settings(Rule::Dense, 0.1)).unwrap_err();
        assert!(
            matches!(error, RecallError::TooManyPatterns { count, limit: DENSE_CAPACITY, .. } if count == DENSE_CAPACITY + 1),
            "{error:?}"
        );

        let seventeen = vec![vec![true; 16]; 17];
        let error = recall_cues(&seventeen, &settings(Rule::PseudoInverse, 0.1)).unwrap_err();
        assert!(
            matches!(
                error,
                RecallError::TooManyPatterns {
                    rule: Rule::PseudoInverse,
                    width: 16,
                    count: 17,
                    limit: 16
                }
            ),
            "17 patterns of 16 units, pseudo-inverse rule: {error:?}, expected TooManyPatterns with limit 16"
        );
    }

    #[test]
    fn undamaged_cue_of_single_pattern_is_kept() {
        let pattern: Vec<bool> = (0..25).map(|j| j % 3 == 0).collect();
        for rule in Rule::ALL {
            let recalls =
                recall_cues(std::slice::from_ref(&pattern), &settings(rule, 0.0)).unwrap();
            assert_eq!(recalls.len(), 2, "rule {rule}: two cues");
            for recall in &recalls {
                assert_eq!(recall.cue, pattern, "rule {rule}: cue");
                assert_eq!(recall.recalled, pattern, "rule {rule}: recall");
                assert_eq!(recall.overlap, 1.0, "rule {rule}: overlap");
            }
        }
    }
}
