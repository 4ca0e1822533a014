//! Host-side tools for the `shinkei` kernels: data loading, training, an
//! `f64` reference network, and validation against theory.
//!
//! The `shinkei` binary (`src/main.rs`, with its subcommands in `src/cli/`)
//! is a thin command line over this library:
//!
//! - `shinkei train --data digits` trains the kernel's two-layer perceptron
//!   online and prints the test accuracy after every epoch;
//! - `shinkei validate` runs the [`validation`] experiments and exits with
//!   status 1 if any check fails.
//!
//! # Modules
//!
//! - [`data`]: the built-in digits and iris sets and user CSV files, with
//!   the standard split (every fifth row, from the first, is a test row).
//! - [`training`]: the online SGD loop, the perceptron training loop, and
//!   the run-time choice among the network shapes compiled in.
//! - [`memory_demo`]: recall of damaged cues by the associative memories,
//!   and binary digit prototypes to store.
//! - [`reference`]: the same network in plain `f64`, to check the kernel's
//!   forward pass and gradients.
//! - [`plot`]: PNG charts of validation experiments, with no font
//!   dependencies.
//! - [`validation`]: named experiments that compare the kernel's behaviour
//!   with theoretical values the code computes itself.
//!
//! Unlike the kernel, this crate uses `std`, allocates, and reads the clock.

pub mod data;
pub mod memory_demo;
pub mod plot;
pub mod reference;
pub mod training;
pub mod validation;
