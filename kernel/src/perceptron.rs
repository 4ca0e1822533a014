//! The analog perceptron: one unit with a continuous activation.

use crate::Error;
use crate::activation::{Activation, Precision};
use crate::dense::Dense;
use crate::error::{check_input, check_rate};
use crate::loss::Loss;
use crate::sgd::OnlineLearner;

/// One unit `y = f(w · x + b)` with a continuous activation, trained by
/// online SGD on the squared error `½ (y - t)²`.
///
/// With [`Activation::Identity`] this is the adaline and its training is the
/// least-mean-squares (LMS) rule of Widrow and Hoff.
#[derive(Debug, Clone, PartialEq)]
pub struct AnalogPerceptron<const IN: usize> {
    unit: Dense<IN, 1>,
}

impl<const IN: usize> AnalogPerceptron<IN> {
    /// Creates a unit with zero weights and bias.
    pub fn new(activation: Activation, precision: Precision) -> Self {
        Self {
            unit: Dense::zeros(activation, precision),
        }
    }

    /// Creates a unit from given weights and bias.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteWeight`] if a weight or the bias is not finite.
    pub fn from_parts(
        weights: [f32; IN],
        bias: f32,
        activation: Activation,
        precision: Precision,
    ) -> Result<Self, Error> {
        Ok(Self {
            unit: Dense::from_parts([weights], [bias], activation, precision)?,
        })
    }

    /// The weights.
    pub fn weights(&self) -> &[f32; IN] {
        &self.unit.weights()[0]
    }

    /// The bias.
    pub fn bias(&self) -> f32 {
        self.unit.bias()[0]
    }

    fn forward(&self, x: &[f32; IN]) -> Result<([f32; 1], [f32; 1]), Error> {
        check_input(x)?;
        let (mut z, mut y) = ([0.0], [0.0]);
        self.unit.forward(x, &mut z, &mut y);
        if z[0].is_finite() {
            Ok((z, y))
        } else {
            Err(Error::NonFiniteOutput)
        }
    }

    /// Returns the unit's output for `x`.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteInput`] for a non-finite input element, and
    /// [`Error::NonFiniteOutput`] if the weighted sum overflows.
    pub fn output(&self, x: &[f32; IN]) -> Result<f32, Error> {
        Ok(self.forward(x)?.1[0])
    }

    /// Takes one online SGD step towards `target` and returns the squared
    /// error `½ (y - t)²` before the step.
    ///
    /// # Errors
    ///
    /// As for [`Mlp::train_step`](crate::mlp::Mlp::train_step); on error the
    /// unit is bit-for-bit unchanged.
    pub fn train_step(&mut self, x: &[f32; IN], target: f32, rate: f32) -> Result<f32, Error> {
        check_rate(rate)?;
        if !target.is_finite() {
            return Err(Error::NonFiniteTarget {
                index: 0,
                value: target,
            });
        }
        let (z, y) = self.forward(x)?;

        let t = [target];
        let loss = Loss::SquaredError.value(&z, &y, &t);
        let mut delta = [0.0];
        Loss::SquaredError.output_delta(self.unit.activation(), &z, &y, &t, &mut delta);
        let stays_finite = loss.is_finite()
            && delta[0].is_finite()
            && self.unit.update_stays_finite(x, &delta, rate);
        if !stays_finite {
            return Err(Error::NonFiniteWeight);
        }
        self.unit.apply_update(x, &delta, rate);
        Ok(loss)
    }
}

impl<const IN: usize> OnlineLearner for AnalogPerceptron<IN> {
    type Input = [f32; IN];
    type Target = f32;

    fn learn(&mut self, input: &[f32; IN], target: &f32, rate: f32) -> Result<f32, Error> {
        self.train_step(input, *target, rate)
    }
}
