//! The weights and biases shared by the perceptrons, and their running
//! average.

use crate::Error;
use crate::vector::{axpy, matvec};

/// `OUT` linear units over `IN` inputs: row `k` and bias `k` give the score
/// `w_k · x + b_k` of unit `k`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Linear<const IN: usize, const OUT: usize> {
    pub(crate) weights: [[f32; IN]; OUT],
    pub(crate) bias: [f32; OUT],
}

impl<const IN: usize, const OUT: usize> Linear<IN, OUT> {
    pub(crate) const fn zeros() -> Self {
        Self {
            weights: [[0.0; IN]; OUT],
            bias: [0.0; OUT],
        }
    }

    /// Creates units from given weights and biases.
    pub(crate) fn from_parts(weights: [[f32; IN]; OUT], bias: [f32; OUT]) -> Result<Self, Error> {
        let all_finite = weights.iter().flatten().chain(&bias).all(|v| v.is_finite());
        if all_finite {
            Ok(Self { weights, bias })
        } else {
            Err(Error::NonFiniteWeight)
        }
    }

    /// Returns every unit's score for an input already checked to be finite.
    pub(crate) fn scores(&self, x: &[f32; IN]) -> Result<[f32; OUT], Error> {
        let mut scores = [0.0; OUT];
        matvec(&self.weights, x, &mut scores);
        for (score, bias) in scores.iter_mut().zip(&self.bias) {
            *score += bias;
            if !score.is_finite() {
                return Err(Error::NonFiniteOutput);
            }
        }
        Ok(scores)
    }

    /// Returns whether `w_k += scale x` and `b_k += bias_step` keep row `k`
    /// finite. Each element is computed as [`axpy`] computes it, a product
    /// rounded and then a sum rounded, so the check and the update agree.
    pub(crate) fn row_update_is_finite(
        &self,
        k: usize,
        x: &[f32; IN],
        scale: f32,
        bias_step: f32,
    ) -> bool {
        let row_finite = self.weights[k]
            .iter()
            .zip(x)
            .all(|(w, x)| (w + scale * x).is_finite());
        row_finite && (self.bias[k] + bias_step).is_finite()
    }

    /// Applies `w_k += scale x` and `b_k += bias_step`.
    pub(crate) fn update_row(&mut self, k: usize, x: &[f32; IN], scale: f32, bias_step: f32) {
        axpy(scale, x, &mut self.weights[k]);
        self.bias[k] += bias_step;
    }
}

/// Returns the index of the largest score, the lowest index on ties.
pub(crate) fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (k, score) in scores.iter().enumerate() {
        if *score > scores[best] {
            best = k;
        }
    }
    best
}

/// The running sum of a perceptron's weights and biases after each training
/// step, for the averaged perceptron.
///
/// The averaged perceptron predicts with the mean of the weight vectors the
/// perceptron held after each sample it processed, whether or not that
/// sample caused an update. Freund and Schapire ("Large margin
/// classification using the perceptron algorithm", Machine Learning 37,
/// 1999) introduced it as an approximation of their voted perceptron. On data
/// that are not linearly separable the plain perceptron keeps changing its
/// weights and ends wherever the last mistakes left it, while the average
/// settles.
///
/// The caller owns this buffer, so models that are never averaged do not
/// pay for it: `4 (IN + 1) OUT` bytes and a step count.
///
/// NOTE: the sums are `f32`, so the error of the mean, relative to the size
/// of a weight, grows with the step count `T`: up to about `T · 2^-24` in the
/// worst case (0.6 % at `T = 10^5`). This is an estimate, not a measured
/// bound; [`reset`](Self::reset) between training phases keeps `T` small.
#[derive(Debug, Clone, PartialEq)]
pub struct Average<const IN: usize, const OUT: usize> {
    sums: Linear<IN, OUT>,
    steps: u32,
}

impl<const IN: usize, const OUT: usize> Default for Average<IN, OUT> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const IN: usize, const OUT: usize> Average<IN, OUT> {
    /// Creates an empty average.
    pub const fn new() -> Self {
        Self {
            sums: Linear::zeros(),
            steps: 0,
        }
    }

    /// The number of steps added. It stops at `u32::MAX`, and further steps
    /// are then not added.
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// Empties the average.
    pub fn reset(&mut self) {
        *self = Self::new();
    }

    /// Adds the weights after one step.
    pub(crate) fn add(&mut self, linear: &Linear<IN, OUT>) {
        if self.steps == u32::MAX {
            return;
        }
        for (sum, row) in self.sums.weights.iter_mut().zip(&linear.weights) {
            axpy(1.0, row, sum);
        }
        for (sum, b) in self.sums.bias.iter_mut().zip(&linear.bias) {
            *sum += b;
        }
        self.steps += 1;
    }

    /// Returns the mean weights and biases.
    ///
    /// # Errors
    ///
    /// [`Error::NoSamples`] if no step was added, and
    /// [`Error::NonFiniteWeight`] if a sum overflowed.
    pub(crate) fn mean(&self) -> Result<Linear<IN, OUT>, Error> {
        if self.steps == 0 {
            return Err(Error::NoSamples);
        }
        let count = self.steps as f32;
        let mut mean = self.sums.clone();
        for value in mean
            .weights
            .iter_mut()
            .flatten()
            .chain(mean.bias.iter_mut())
        {
            *value /= count;
        }
        Linear::from_parts(mean.weights, mean.bias)
    }
}
