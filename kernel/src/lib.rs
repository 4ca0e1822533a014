//! Classical neural computation that learns on microcontrollers.
//!
//! `shinkei` is `#![no_std]` and never allocates: every size is a const
//! generic, and every buffer lives in the model or on the caller's stack.
//! The same code runs on a host, where [`wide`] maps the vector kernels to
//! SSE, AVX or NEON, and on a Cortex-M4F, where the vector types fall back to
//! plain arrays.
//!
//! # What is here
//!
//! - [`vector`]: dot product, axpy and the two matrix-vector products.
//! - [`activation`]: identity, step, sign, sigmoid, tanh and ReLU, each in an
//!   exact (`libm`) and a fast (`micromath`) version with a stated error.
//! - [`dense::Dense`] layers and the two-layer perceptron [`mlp::Mlp`],
//!   trained by online stochastic gradient descent with [`sgd::OnlineSgd`].
//! - [`perceptron::AnalogPerceptron`]: one unit with a continuous activation.
//! - [`threshold`]: McCulloch-Pitts units with integer weights and absolute
//!   inhibition on bit-packed 0/1 states, logic gates, clocked networks with
//!   feedback and k-winners-take-all, and networks that run finite automata.
//! - [`rosenblatt`]: Rosenblatt's perceptrons with ±1 outputs and the
//!   error-correction rule: the two-class [`rosenblatt::Perceptron`], the
//!   multiclass perceptron, the averaged perceptron, and the three-layer
//!   S-A-R perceptron with a fixed random association layer.
//! - [`memory`]: associative memories on bit-packed ±1 states. Hopfield
//!   networks store with the Hebbian, Storkey or pseudo-inverse rule in
//!   `i8`, `i16` or `f32` weights or clipped synapses. Correlation-matrix
//!   memories recall pairs in both directions, and dense associative
//!   memories store far more patterns. Each reports its load and predicted
//!   recall error.
//! - [`rng`]: a small seedable generator and the sampling helpers the kernels
//!   use. Every kernel that needs randomness takes the caller's generator.
//!
//! # Contracts
//!
//! - **Same seed, same result.** The vector kernels use eight logical lanes
//!   and separate multiply and add on every target, so a model trained from
//!   the same seed on the same data has bit-identical weights on x86-64,
//!   AArch64 and Cortex-M4F. Sampling uses only 32-bit draws.
//! - **Bad input loses nothing.** A training step given a non-finite input,
//!   target or learning rate returns an [`Error`] and leaves every weight
//!   bit-for-bit unchanged. So does a step whose update would produce a
//!   non-finite weight.
//! - **No panics on data.** Functions panic only on programmer error, such as
//!   slices of different lengths, and document it under `# Panics`.
//!
//! # Example
//!
//! ```
//! use shinkei::activation::{Activation, Precision};
//! use shinkei::mlp::Mlp;
//! use shinkei::rng::Xoshiro128PlusPlus;
//! use shinkei::schedule::Schedule;
//! use shinkei::sgd::OnlineSgd;
//! use rand_core::SeedableRng;
//!
//! let mut rng = Xoshiro128PlusPlus::seed_from_u64(7);
//! let mut net = Mlp::<2, 4, 2>::classifier(Activation::Tanh, Precision::Exact, &mut rng);
//! let mut sgd = OnlineSgd::new(Schedule::Constant { rate: 0.1 })?;
//!
//! // Learn XOR one sample at a time.
//! let samples = [([0.0, 0.0], 0), ([0.0, 1.0], 1), ([1.0, 0.0], 1), ([1.0, 1.0], 0)];
//! for _ in 0..2000 {
//!     for (x, class) in &samples {
//!         sgd.train_class(&mut net, x, *class)?;
//!     }
//! }
//! for (x, class) in &samples {
//!     assert_eq!(net.classify(x)?, *class);
//! }
//! # Ok::<(), shinkei::Error>(())
//! ```
//!
//! # Features
//!
//! - `defmt`: derives `defmt::Format` for [`Error`] and the public enums, so
//!   firmware can log them.
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(test)]
extern crate std;

pub mod activation;
pub mod dense;
mod error;
pub mod loss;
pub mod memory;
pub mod mlp;
pub mod perceptron;
pub mod rng;
pub mod rosenblatt;
pub mod schedule;
pub mod sgd;
pub mod threshold;
pub mod vector;

pub use error::Error;
