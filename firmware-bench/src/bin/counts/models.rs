//! Counted regions of the perceptron, threshold-network and Hopfield
//! kernels, whose work is counted in synapses rather than MACs.
//!
//! The setups follow `benches/benches/models.rs` at the smaller sizes a
//! Cortex-M4F holds. The threshold and memory regions take the ids of the
//! host benchmarks, and the perceptron regions name the case they count.
//! Every model larger than a few KiB is a static in `.bss`: the Hopfield
//! memories of 256 units take 64 KiB (`i8`), 128 KiB (`i16`) and 256 KiB
//! (`f32`), within the 4 MiB of RAM of QEMU's `mps2-an386`.
//!
//! This module is part of the `counts` binary, not of the library. At
//! `opt-level = "s"` rustc shares the library's instantiations of generic
//! functions with the binaries, so kernels instantiated in the library
//! would change the code of the `size_*` binaries.

use core::hint::black_box;

use rand_core::SeedableRng;
use shinkei::memory::{
    BipolarPattern, ClippedHopfield, Hopfield, OnlineRule, RecallReport, Weight,
};
use shinkei::rng::{Xoshiro128PlusPlus, uniform_range};
use shinkei::rosenblatt::{Bias, Label, Perceptron};
use shinkei::threshold::{BitVec, Network};

use shinkei_firmware_bench::{Unit, exit, measure_work, random_array};

/// Patterns stored in each Hopfield memory, as in the host benchmark: a
/// load of 0.06 at 64 units, below the Hebbian capacity of about 0.14.
const PATTERNS: usize = 4;

/// Learning rate of the perceptron steps.
const RATE: f32 = 0.01;

/// Prints `message` as an error and exits with failure.
fn fail(message: &str) -> ! {
    cortex_m_semihosting::heprintln!("error: {}", message);
    exit(false)
}

/// Places the value of `$expr` in a static of type `$ty` and returns a
/// `&'static mut` to it. The value is built on the stack first, which has
/// room for the largest model here.
macro_rules! static_model {
    ($ty:ty = $expr:expr) => {
        match cortex_m::singleton!(: $ty = $expr) {
            Some(model) => model,
            None => fail("a model static was initialised twice"),
        }
    };
}

#[inline(never)]
fn perceptron_step<const IN: usize>(
    perceptron: &mut Perceptron<IN>,
    x: &[f32; IN],
    label: Label,
) -> bool {
    perceptron.train_step(x, label, RATE).unwrap_or(false)
}

#[inline(never)]
fn threshold_step<const N: usize, const WORDS: usize, const WEIGHT_BITS: usize>(
    network: &mut Network<N, WORDS, WEIGHT_BITS>,
    external: &BitVec<N, WORDS>,
) {
    network.step(external)
}

#[inline(never)]
fn hopfield_recall<W: Weight, const N: usize, const WORDS: usize>(
    memory: &Hopfield<W, N, WORDS>,
    state: &mut BipolarPattern<N, WORDS>,
) -> RecallReport {
    memory.recall_synchronous(state, 1)
}

#[inline(never)]
fn clipped_recall<const N: usize, const WORDS: usize>(
    memory: &ClippedHopfield<N, WORDS>,
    state: &mut BipolarPattern<N, WORDS>,
) -> RecallReport {
    memory.recall_synchronous(state, 1)
}

/// Counts two training steps of a perceptron with `IN` inputs on one sample
/// labelled positive. The first starts from zero weights, so it is a
/// mistake and updates every weight. The second then classifies the
/// sample correctly and updates nothing. Both read `IN` synapses.
fn count_perceptron<const IN: usize>(mistake_name: &str, correct_name: &str, seed: u64) {
    let mut perceptron = Perceptron::<IN>::new(Bias::Learned);
    let x = random_array::<IN>(seed);
    let synapses = IN as u32;
    let mistake = measure_work(mistake_name, synapses, Unit::Synapse, || {
        perceptron_step(black_box(&mut perceptron), black_box(&x), Label::Positive)
    });
    let again = measure_work(correct_name, synapses, Unit::Synapse, || {
        perceptron_step(black_box(&mut perceptron), black_box(&x), Label::Positive)
    });
    if !mistake || again {
        fail("the perceptron steps did not update the weights exactly once")
    }
}

/// Counts one tick of `network`, fully connected with random weights in
/// `±(2^WEIGHT_BITS - 1)` and every third unit on: `N²` synapses.
fn count_threshold<const N: usize, const WORDS: usize, const WEIGHT_BITS: usize>(
    network: &mut Network<N, WORDS, WEIGHT_BITS>,
    name: &str,
) {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(200);
    let max = (1i32 << WEIGHT_BITS) - 1;
    for to in 0..N {
        for from in 0..N {
            let weight =
                floor(uniform_range(&mut rng, -(max as f32), max as f32 + 1.0)).clamp(-max, max);
            if network.set_weight(to, from, weight).is_err() {
                fail("a threshold weight is out of range")
            }
        }
    }
    network.set_state(BitVec::from_fn(|i| i % 3 == 0));
    let external = BitVec::<N, WORDS>::zeros();
    measure_work(name, (N * N) as u32, Unit::Synapse, || {
        threshold_step(black_box(&mut *network), black_box(&external))
    });
}

/// Returns the largest integer not above `value`, for `|value| < 2^31`.
fn floor(value: f32) -> i32 {
    let truncated = value as i32;
    if truncated as f32 > value {
        truncated - 1
    } else {
        truncated
    }
}

/// Returns [`PATTERNS`] random patterns and a cue: the first pattern with
/// 5 % of its units flipped.
fn patterns_and_cue<const N: usize, const WORDS: usize>() -> (
    [BipolarPattern<N, WORDS>; PATTERNS],
    BipolarPattern<N, WORDS>,
) {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(300);
    let patterns: [BipolarPattern<N, WORDS>; PATTERNS] =
        core::array::from_fn(|_| BipolarPattern::random(&mut rng));
    let mut cue = patterns[0];
    cue.flip_random(N / 20, &mut rng);
    (patterns, cue)
}

/// Counts one synchronous recall step of `memory` from the cue of
/// [`patterns_and_cue`], after storing its patterns with Hebb's rule: `N²`
/// synapses, the zero diagonal included.
fn count_hopfield<W: Weight, const N: usize, const WORDS: usize>(
    memory: &mut Hopfield<W, N, WORDS>,
    name: &str,
) {
    let (patterns, cue) = patterns_and_cue::<N, WORDS>();
    for pattern in &patterns {
        if memory.store(pattern).is_err() {
            fail("a Hopfield memory rejected a pattern")
        }
    }
    let mut state = cue;
    measure_work(name, (N * N) as u32, Unit::Synapse, || {
        hopfield_recall(black_box(&*memory), black_box(&mut state))
    });
}

/// As [`count_hopfield`], for the clipped memory built from the same
/// patterns.
fn count_clipped<const N: usize, const WORDS: usize>(
    memory: &mut ClippedHopfield<N, WORDS>,
    name: &str,
) {
    let (patterns, cue) = patterns_and_cue::<N, WORDS>();
    memory.clip_hebbian(&patterns);
    let mut state = cue;
    measure_work(name, (N * N) as u32, Unit::Synapse, || {
        clipped_recall(black_box(&*memory), black_box(&mut state))
    });
}

/// Counts every region of this module. Call it once: the models are
/// statics that can be initialised only once.
pub fn count_all() {
    count_perceptron::<64>(
        "perceptron_step/mistake/64",
        "perceptron_step/correct/64",
        100,
    );
    count_perceptron::<256>(
        "perceptron_step/mistake/256",
        "perceptron_step/correct/256",
        101,
    );

    count_threshold(
        static_model!(Network<64, 2, 1> = Network::new()),
        "threshold_step/weight_bits_1/64",
    );
    count_threshold(
        static_model!(Network<64, 2, 4> = Network::new()),
        "threshold_step/weight_bits_4/64",
    );
    count_threshold(
        static_model!(Network<256, 8, 1> = Network::new()),
        "threshold_step/weight_bits_1/256",
    );
    count_threshold(
        static_model!(Network<256, 8, 4> = Network::new()),
        "threshold_step/weight_bits_4/256",
    );

    let hebbian = OnlineRule::Hebbian;
    count_hopfield(
        static_model!(Hopfield<i8, 64, 2> = Hopfield::new(hebbian)),
        "memory_recall/i8/64",
    );
    count_hopfield(
        static_model!(Hopfield<i16, 64, 2> = Hopfield::new(hebbian)),
        "memory_recall/i16/64",
    );
    count_hopfield(
        static_model!(Hopfield<f32, 64, 2> = Hopfield::new(hebbian)),
        "memory_recall/f32/64",
    );
    count_clipped(
        static_model!(ClippedHopfield<64, 2> = ClippedHopfield::new()),
        "memory_recall/clipped_bits/64",
    );
    count_hopfield(
        static_model!(Hopfield<i8, 256, 8> = Hopfield::new(hebbian)),
        "memory_recall/i8/256",
    );
    count_hopfield(
        static_model!(Hopfield<i16, 256, 8> = Hopfield::new(hebbian)),
        "memory_recall/i16/256",
    );
    count_hopfield(
        static_model!(Hopfield<f32, 256, 8> = Hopfield::new(hebbian)),
        "memory_recall/f32/256",
    );
    count_clipped(
        static_model!(ClippedHopfield<256, 8> = ClippedHopfield::new()),
        "memory_recall/clipped_bits/256",
    );
}
