//! A fully connected layer with an activation.

use rand_core::Rng;

use crate::Error;
use crate::activation::{Activation, Precision};
use crate::rng::uniform_range;
use crate::vector::{axpy, matvec, max_abs};

/// Weights whose magnitude stays below this bound cannot overflow in one
/// update whose step is also below it.
const SAFE_MAGNITUDE: f32 = f32::MAX / 4.0;

/// Relative slack for rounding when the magnitude bound is advanced.
const ROUNDING_SLACK: f32 = 1.0 + 4.0 * f32::EPSILON;

/// A fully connected layer: `y = f(W x + b)` with `OUT` units of `IN`
/// inputs each.
///
/// The layer keeps an upper bound on the magnitude of its weights and biases,
/// so that checking that an update stays finite usually costs `O(IN + OUT)`
/// instead of a pass over all weights.
#[derive(Debug, Clone)]
pub struct Dense<const IN: usize, const OUT: usize> {
    weights: [[f32; IN]; OUT],
    bias: [f32; OUT],
    activation: Activation,
    precision: Precision,
    /// An upper bound on `|w|` and `|b|` over the whole layer.
    magnitude_bound: f32,
}

/// Layers are equal when their parameters and functions are; the internal
/// magnitude bound does not take part.
impl<const IN: usize, const OUT: usize> PartialEq for Dense<IN, OUT> {
    fn eq(&self, other: &Self) -> bool {
        self.weights == other.weights
            && self.bias == other.bias
            && self.activation == other.activation
            && self.precision == other.precision
    }
}

impl<const IN: usize, const OUT: usize> Dense<IN, OUT> {
    /// Creates a layer with all weights and biases zero.
    pub fn zeros(activation: Activation, precision: Precision) -> Self {
        Self {
            weights: [[0.0; IN]; OUT],
            bias: [0.0; OUT],
            activation,
            precision,
            magnitude_bound: 0.0,
        }
    }

    /// Creates a layer with weights drawn uniformly from `±√(6 / (IN + OUT))`
    /// (Glorot and Bengio, 2010) in row-major order from `rng`, and zero
    /// biases.
    pub fn glorot<R: Rng + ?Sized>(
        activation: Activation,
        precision: Precision,
        rng: &mut R,
    ) -> Self {
        let limit = libm::sqrtf(6.0 / (IN + OUT).max(1) as f32);
        let mut layer = Self::zeros(activation, precision);
        for row in layer.weights.iter_mut() {
            for w in row.iter_mut() {
                *w = uniform_range(rng, -limit, limit);
            }
        }
        layer.magnitude_bound = limit;
        layer
    }

    /// Creates a layer from given weights (row `i` feeds unit `i`) and biases.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteWeight`] if any weight or bias is NaN or infinite.
    pub fn from_parts(
        weights: [[f32; IN]; OUT],
        bias: [f32; OUT],
        activation: Activation,
        precision: Precision,
    ) -> Result<Self, Error> {
        let mut layer = Self {
            weights,
            bias,
            activation,
            precision,
            magnitude_bound: 0.0,
        };
        layer.magnitude_bound = layer.max_magnitude();
        if layer.magnitude_bound.is_finite() {
            Ok(layer)
        } else {
            Err(Error::NonFiniteWeight)
        }
    }

    /// The weights, where row `i` contains the weights into unit `i`.
    pub fn weights(&self) -> &[[f32; IN]; OUT] {
        &self.weights
    }

    /// The biases.
    pub fn bias(&self) -> &[f32; OUT] {
        &self.bias
    }

    /// The activation function.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The precision of the activation function.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// Computes the weighted sums `z = W x + b` and the outputs `y = f(z)`.
    ///
    /// This does not check `x`; non-finite values propagate into `z`.
    pub fn forward(&self, x: &[f32; IN], z: &mut [f32; OUT], y: &mut [f32; OUT]) {
        matvec(&self.weights, x, z);
        for ((z, y), b) in z.iter_mut().zip(y.iter_mut()).zip(&self.bias) {
            *z += b;
            *y = self.activation.apply(*z, self.precision);
        }
    }

    /// Returns the largest `|w|` or `|b|` in the layer, or infinity if one is
    /// not finite.
    fn max_magnitude(&self) -> f32 {
        let mut max = 0.0f32;
        for value in self.weights.iter().flatten().chain(&self.bias) {
            if !value.is_finite() {
                return f32::INFINITY;
            }
            max = max.max(value.abs());
        }
        max
    }

    /// Returns the largest step `|η δ_i x_j|` or `|η δ_i|` an update can make.
    fn max_step(input: &[f32; IN], delta: &[f32; OUT], rate: f32) -> f32 {
        let max_delta = rate * max_abs(delta);
        max_delta * max_abs(input).max(1.0)
    }

    /// Returns whether the update `W -= η δ xᵀ, b -= η δ` keeps every weight
    /// and bias finite. `input`, `delta` and `rate` must be finite.
    pub(crate) fn update_stays_finite(
        &self,
        input: &[f32; IN],
        delta: &[f32; OUT],
        rate: f32,
    ) -> bool {
        let step = Self::max_step(input, delta, rate);
        if step < SAFE_MAGNITUDE && self.magnitude_bound < SAFE_MAGNITUDE {
            return true;
        }

        // Slow path, for weights or steps near the f32 range: compute each
        // updated row exactly as the update would, and look at it.
        for ((row, d), b) in self.weights.iter().zip(delta).zip(&self.bias) {
            let scale = -(rate * d);
            let mut updated = *row;
            axpy(scale, input, &mut updated);
            if updated.iter().any(|w| !w.is_finite()) || !(b + scale).is_finite() {
                return false;
            }
        }
        true
    }

    /// Applies `W -= η δ xᵀ` and `b -= η δ`, where `δ` is the gradient of the
    /// loss with respect to `z`. Call only after
    /// [`update_stays_finite`](Self::update_stays_finite) returned true.
    pub(crate) fn apply_update(&mut self, input: &[f32; IN], delta: &[f32; OUT], rate: f32) {
        // A zero rate must leave every bit alone, but adding a zero step
        // would turn a weight of -0.0 into +0.0.
        if rate == 0.0 {
            return;
        }
        for ((row, d), b) in self.weights.iter_mut().zip(delta).zip(self.bias.iter_mut()) {
            let scale = -(rate * d);
            axpy(scale, input, row);
            *b += scale;
        }

        let step = Self::max_step(input, delta, rate);
        if step == 0.0 {
            return;
        }
        let bound = (self.magnitude_bound + step) * ROUNDING_SLACK;
        self.magnitude_bound = if bound < SAFE_MAGNITUDE {
            bound
        } else {
            self.max_magnitude()
        };
    }
}
