//! A plain `f64` implementation of the kernel's two-layer perceptron, used to
//! check the kernel's forward pass and gradients.
//!
//! It computes the same function as [`shinkei::mlp::Mlp`] with straight
//! loops and no SIMD, in `f64`, so its rounding error (about 1e-16 relative)
//! is far below the kernel's `f32` error (about 1e-7 relative per operation).

pub mod activation;
pub mod loss;

use shinkei::activation::Activation;
use shinkei::dense::Dense;
use shinkei::loss::Loss;

/// One fully connected layer `y = f(W x + b)` in `f64`.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Row `k` contains the weights into output `k`.
    pub weights: Vec<Vec<f64>>,
    /// One bias per output.
    pub bias: Vec<f64>,
    /// The activation `f`.
    pub activation: Activation,
}

impl Layer {
    /// Copies the weights, bias and activation of a kernel layer.
    pub fn from_dense<const IN: usize, const OUT: usize>(dense: &Dense<IN, OUT>) -> Self {
        Self {
            weights: dense
                .weights()
                .iter()
                .map(|row| row.iter().map(|&w| f64::from(w)).collect())
                .collect(),
            bias: dense.bias().iter().map(|&b| f64::from(b)).collect(),
            activation: dense.activation(),
        }
    }

    /// Returns the weighted sums `W x + b`.
    pub fn sums(&self, x: &[f64]) -> Vec<f64> {
        self.weights
            .iter()
            .zip(&self.bias)
            .map(|(row, b)| {
                assert_eq!(
                    row.len(),
                    x.len(),
                    "Layer::sums: input width differs from the weights"
                );
                row.iter().zip(x).map(|(w, x)| w * x).sum::<f64>() + b
            })
            .collect()
    }
}

/// The values a forward pass computes, kept for the backward pass.
#[derive(Debug, Clone, PartialEq)]
pub struct ForwardPass {
    /// Hidden weighted sums.
    pub hidden_sums: Vec<f64>,
    /// Hidden activations.
    pub hidden: Vec<f64>,
    /// Output weighted sums.
    pub output_sums: Vec<f64>,
    /// Output activations (before any softmax).
    pub output: Vec<f64>,
}

/// The gradient of the loss with respect to every weight and bias, laid out
/// like the weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Gradient {
    /// `∂L/∂W` of the hidden layer.
    pub hidden_weights: Vec<Vec<f64>>,
    /// `∂L/∂b` of the hidden layer.
    pub hidden_bias: Vec<f64>,
    /// `∂L/∂W` of the output layer.
    pub output_weights: Vec<Vec<f64>>,
    /// `∂L/∂b` of the output layer.
    pub output_bias: Vec<f64>,
}

/// A two-layer perceptron in `f64`: a hidden layer, an output layer and a
/// loss.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferenceMlp {
    /// The hidden layer.
    pub hidden: Layer,
    /// The output layer.
    pub output: Layer,
    /// The loss the network is trained on.
    pub loss: Loss,
}

impl ReferenceMlp {
    /// Copies the weights and activations of a kernel layer pair; `loss` must
    /// be the kernel network's loss.
    pub fn from_layers<const IN: usize, const HIDDEN: usize, const OUT: usize>(
        hidden: &Dense<IN, HIDDEN>,
        output: &Dense<HIDDEN, OUT>,
        loss: Loss,
    ) -> Self {
        Self {
            hidden: Layer::from_dense(hidden),
            output: Layer::from_dense(output),
            loss,
        }
    }

    /// Runs the forward pass on `x`.
    pub fn forward(&self, x: &[f64]) -> ForwardPass {
        let hidden_sums = self.hidden.sums(x);
        let hidden: Vec<f64> = hidden_sums
            .iter()
            .map(|&z| activation::apply(self.hidden.activation, z))
            .collect();
        let output_sums = self.output.sums(&hidden);
        let output = output_sums
            .iter()
            .map(|&z| activation::apply(self.output.activation, z))
            .collect();
        ForwardPass {
            hidden_sums,
            hidden,
            output_sums,
            output,
        }
    }

    /// Returns what the kernel's `predict` returns: class probabilities for
    /// softmax cross-entropy, the output activations otherwise.
    pub fn predict(&self, x: &[f64]) -> Vec<f64> {
        let pass = self.forward(x);
        match self.loss {
            Loss::SoftmaxCrossEntropy => loss::softmax(&pass.output_sums),
            Loss::SquaredError => pass.output,
        }
    }

    /// Returns the loss on one sample.
    pub fn loss(&self, x: &[f64], target: &[f64]) -> f64 {
        let pass = self.forward(x);
        loss::value(self.loss, &pass.output_sums, &pass.output, target)
    }

    /// Returns the gradient of [`loss`](Self::loss) by backpropagation.
    pub fn gradient(&self, x: &[f64], target: &[f64]) -> Gradient {
        let pass = self.forward(x);

        let mut output_delta =
            loss::output_gradient(self.loss, &pass.output_sums, &pass.output, target);
        if self.loss == Loss::SquaredError {
            for (delta, &z) in output_delta.iter_mut().zip(&pass.output_sums) {
                *delta *= activation::derivative(self.output.activation, z);
            }
        }

        let hidden_delta: Vec<f64> = (0..pass.hidden.len())
            .map(|j| {
                let back: f64 = self
                    .output
                    .weights
                    .iter()
                    .zip(&output_delta)
                    .map(|(row, d)| row[j] * d)
                    .sum();
                back * activation::derivative(self.hidden.activation, pass.hidden_sums[j])
            })
            .collect();

        Gradient {
            hidden_weights: outer(&hidden_delta, x),
            hidden_bias: hidden_delta,
            output_weights: outer(&output_delta, &pass.hidden),
            output_bias: output_delta,
        }
    }
}

/// Returns the outer product `a bᵀ` as rows.
fn outer(a: &[f64], b: &[f64]) -> Vec<Vec<f64>> {
    a.iter()
        .map(|a| b.iter().map(|b| a * b).collect())
        .collect()
}
