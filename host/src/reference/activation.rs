//! The kernel's activation functions evaluated in `f64`.

use shinkei::activation::Activation;

/// Applies `activation` to `x` in `f64`.
pub fn apply(activation: Activation, x: f64) -> f64 {
    match activation {
        Activation::Identity => x,
        Activation::Step => {
            if x >= 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Activation::Sign => {
            if x >= 0.0 {
                1.0
            } else {
                -1.0
            }
        }
        Activation::Sigmoid => 1.0 / (1.0 + (-x).exp()),
        Activation::Tanh => x.tanh(),
        Activation::Relu => x.max(0.0),
    }
}

/// Returns the derivative of `activation` at `x`, with the kernel's
/// conventions at the kinks: step and sign count as flat everywhere, and
/// ReLU's derivative at 0 is 0.
pub fn derivative(activation: Activation, x: f64) -> f64 {
    match activation {
        Activation::Identity => 1.0,
        Activation::Step | Activation::Sign => 0.0,
        Activation::Sigmoid => {
            let y = apply(activation, x);
            y * (1.0 - y)
        }
        Activation::Tanh => 1.0 - x.tanh().powi(2),
        Activation::Relu => {
            if x > 0.0 {
                1.0
            } else {
                0.0
            }
        }
    }
}
