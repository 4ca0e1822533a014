//! Learns on the microcontroller itself and logs each result with defmt:
//!
//! 1. a 64-32-10 tanh network trained by online SGD on the 8x8 handwritten
//!    digits ([`training`]), checked against [`ACCURACY_FLOOR_PERCENT`];
//! 2. Rosenblatt's multiclass perceptron on the same digits
//!    ([`perceptron_demo`]);
//! 3. a McCulloch-Pitts network that runs a finite automaton, checked on
//!    every binary string up to 12 bits ([`automaton_demo`]);
//! 4. a Hopfield memory of the ten digit classes, recalled from damaged cues
//!    ([`memory_demo`]).
//!
//! [`digits`] unpacks the data set that `build.rs` packed into flash, and
//! [`board`] contains what differs between QEMU and the real boards. Each
//! part logs `passed` or `failed` against its own floor. The program exits
//! with success only if all four pass, and with failure on any kernel error,
//! result below a floor, panic or HardFault.

#![no_std]
#![no_main]

mod automaton_demo;
mod board;
mod digits;
mod memory_demo;
mod perceptron_demo;
mod training;

use core::mem::{size_of, size_of_val};

// `cortex-m` provides the single-core critical section that defmt and
// semihosting need; nothing else in this file names it.
use cortex_m as _;
use cortex_m_rt::entry;

use crate::digits::{PackedDigits, TEST, TRAIN, TRAIN_SAMPLES};
use crate::training::{Dataset, EpochReport, Network, Phase, RunError};

/// The network part passes only if, after the last epoch, more than this
/// percentage of the test set is classified correctly.
const ACCURACY_FLOOR_PERCENT: u32 = 90;

#[entry]
fn main() -> ! {
    board::exit(run())
}

/// Verifies the data tables, then runs every part, even after one fails,
/// and returns whether all passed.
fn run() -> bool {
    defmt::info!(
        "shinkei digits: 64-{=usize}-10 tanh network, rate {=f32}, {=u32} epochs, seed {=u64}",
        training::HIDDEN,
        training::RATE,
        training::EPOCHS,
        training::SEED
    );

    if !verify_data("training", &TRAIN) || !verify_data("test", &TEST) {
        return false;
    }

    let network_passed = run_network();
    let perceptron_passed = perceptron_demo::run(&TRAIN, &TEST);
    let automaton_passed = automaton_demo::run();
    let memory_passed = memory_demo::run(&TRAIN);

    let passed = network_passed && perceptron_passed && automaton_passed && memory_passed;
    if passed {
        defmt::info!("all four parts passed");
    } else {
        defmt::error!(
            "run failed: network {=str}, perceptron {=str}, automaton {=str}, Hopfield memory {=str}",
            verdict(network_passed),
            verdict(perceptron_passed),
            verdict(automaton_passed),
            verdict(memory_passed)
        );
    }
    passed
}

fn verdict(passed: bool) -> &'static str {
    if passed { "passed" } else { "failed" }
}

/// Trains the 64-32-10 network, logs its progress and returns whether its
/// final test accuracy is above the floor.
// Not inlined into `main::run`, so this part's stack frame is not added to the others'.
#[inline(never)]
fn run_network() -> bool {
    let mut order = [0u16; TRAIN_SAMPLES];
    let result = training::run(&TRAIN, &TEST, &mut order, log_epoch);
    let (network, last) = match result {
        Ok(trained) => trained,
        Err(error) => {
            log_run_error(&error);
            return false;
        }
    };

    defmt::info!(
        "final test accuracy: {=u32}/{=u32} ({=f32} %)",
        last.test_correct,
        last.test_samples,
        last.test_accuracy_percent()
    );
    defmt::info!("weights checksum: {=u32:#010x}", network.checksum());
    defmt::info!(
        "model memory: {=usize} bytes of RAM for the network, {=usize} for the sample order; \
         {=usize} bytes of flash for the packed data tables",
        size_of::<Network>(),
        size_of_val(&order),
        digits::TABLE_BYTES
    );

    // Integer comparison, so the floor is exact: correct / samples > floor / 100.
    let passed = last.test_correct * 100 > ACCURACY_FLOOR_PERCENT * last.test_samples;
    if passed {
        defmt::info!(
            "passed: the network's test accuracy is above {=u32} %",
            ACCURACY_FLOOR_PERCENT
        );
    } else {
        defmt::error!(
            "failed: the network's test accuracy {=f32} % is not above the floor of {=u32} %",
            last.test_accuracy_percent(),
            ACCURACY_FLOOR_PERCENT
        );
    }
    passed
}

/// Checks one split's unpacked values against the hash from `build.rs`.
fn verify_data(name: &str, set: &PackedDigits) -> bool {
    match set.verify() {
        Ok(hash) => {
            defmt::info!(
                "{=str} set: {=usize} samples, FNV-1a {=u32:#010x}",
                name,
                set.len(),
                hash
            );
            true
        }
        Err(hash) => {
            defmt::error!(
                "{=str} set unpacks to FNV-1a {=u32:#010x}, but build.rs packed {=u32:#010x}",
                name,
                hash,
                set.expected_fnv1a()
            );
            false
        }
    }
}

fn log_epoch(report: &EpochReport) {
    defmt::info!(
        "epoch {=u32}: train loss {=f32}, test accuracy {=u32}/{=u32} ({=f32} %)",
        report.epoch,
        report.train_loss,
        report.test_correct,
        report.test_samples,
        report.test_accuracy_percent()
    );
}

fn log_run_error(run_error: &RunError) {
    let error = &run_error.error;
    match run_error.phase {
        Phase::Setup => defmt::error!("creating the trainer failed: {}", error),
        Phase::Training { epoch, sample } => defmt::error!(
            "training step failed in epoch {=u32} on training sample {=usize}: {}",
            epoch,
            sample,
            error
        ),
        Phase::Testing { epoch, sample } => defmt::error!(
            "classification failed after epoch {=u32} on test sample {=usize}: {}",
            epoch,
            sample,
            error
        ),
    }
}
