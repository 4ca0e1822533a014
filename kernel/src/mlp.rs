//! The two-layer perceptron: one hidden layer, trained by online SGD.

use rand_core::Rng;

use crate::Error;
use crate::activation::{Activation, Precision};
use crate::dense::Dense;
use crate::error::{check_input, check_rate, check_target, first_non_finite};
use crate::loss::{Loss, softmax};
use crate::vector::matvec_transposed;

/// A multilayer perceptron with one hidden layer: `IN` inputs, `HIDDEN`
/// hidden units and `OUT` output units.
///
/// It learns one sample at a time ([`train_step`](Self::train_step)), the
/// online stochastic gradient descent of Amari's 1967 theory of adaptive
/// pattern classifiers. The whole model is two [`Dense`] layers and lives
/// wherever the caller puts it: `4 (IN·HIDDEN + HIDDEN·OUT + HIDDEN + OUT)`
/// bytes plus a few words.
#[derive(Debug, Clone, PartialEq)]
pub struct Mlp<const IN: usize, const HIDDEN: usize, const OUT: usize> {
    hidden: Dense<IN, HIDDEN>,
    output: Dense<HIDDEN, OUT>,
    loss: Loss,
}

/// The gradient of the loss with respect to every parameter of an [`Mlp`].
#[derive(Debug, Clone, PartialEq)]
pub struct Gradient<const IN: usize, const HIDDEN: usize, const OUT: usize> {
    /// ∂L/∂W for the hidden layer, row `i` for hidden unit `i`.
    pub hidden_weights: [[f32; IN]; HIDDEN],
    /// ∂L/∂b for the hidden layer.
    pub hidden_bias: [f32; HIDDEN],
    /// ∂L/∂W for the output layer, row `k` for output unit `k`.
    pub output_weights: [[f32; HIDDEN]; OUT],
    /// ∂L/∂b for the output layer.
    pub output_bias: [f32; OUT],
}

impl<const IN: usize, const HIDDEN: usize, const OUT: usize> Default for Gradient<IN, HIDDEN, OUT> {
    fn default() -> Self {
        Self {
            hidden_weights: [[0.0; IN]; HIDDEN],
            hidden_bias: [0.0; HIDDEN],
            output_weights: [[0.0; HIDDEN]; OUT],
            output_bias: [0.0; OUT],
        }
    }
}

/// The intermediate values of one forward pass.
struct Forward<const HIDDEN: usize, const OUT: usize> {
    hidden_sum: [f32; HIDDEN],
    hidden_out: [f32; HIDDEN],
    output_sum: [f32; OUT],
    output_out: [f32; OUT],
}

/// The error signals of one backward pass: ∂L/∂z for each layer.
struct Deltas<const HIDDEN: usize, const OUT: usize> {
    hidden: [f32; HIDDEN],
    output: [f32; OUT],
    loss: f32,
}

impl<const IN: usize, const HIDDEN: usize, const OUT: usize> Mlp<IN, HIDDEN, OUT> {
    const SHAPE_IS_VALID: () = assert!(
        IN > 0 && HIDDEN > 0 && OUT > 0,
        "an Mlp needs at least one input, one hidden unit and one output"
    );

    /// Creates a classifier: softmax cross-entropy on an identity output
    /// layer, with Glorot-initialised weights drawn from `rng`.
    pub fn classifier<R: Rng + ?Sized>(
        hidden: Activation,
        precision: Precision,
        rng: &mut R,
    ) -> Self {
        Self::from_layers(
            Dense::glorot(hidden, precision, rng),
            Dense::glorot(Activation::Identity, precision, rng),
            Loss::SoftmaxCrossEntropy,
        )
    }

    /// Creates a regressor trained on squared error, with Glorot-initialised
    /// weights drawn from `rng`.
    pub fn regressor<R: Rng + ?Sized>(
        hidden: Activation,
        output: Activation,
        precision: Precision,
        rng: &mut R,
    ) -> Self {
        Self::from_layers(
            Dense::glorot(hidden, precision, rng),
            Dense::glorot(output, precision, rng),
            Loss::SquaredError,
        )
    }

    /// Creates a network from two layers and a loss.
    ///
    /// # Panics
    ///
    /// Panics if `loss` is [`Loss::SoftmaxCrossEntropy`] and the output layer
    /// does not have the identity activation, because softmax is then applied
    /// on top of another activation and the gradient would be wrong.
    pub fn from_layers(hidden: Dense<IN, HIDDEN>, output: Dense<HIDDEN, OUT>, loss: Loss) -> Self {
        let () = Self::SHAPE_IS_VALID;
        assert!(
            loss != Loss::SoftmaxCrossEntropy || output.activation() == Activation::Identity,
            "softmax cross-entropy needs an identity output layer"
        );
        Self {
            hidden,
            output,
            loss,
        }
    }

    /// The hidden layer.
    pub fn hidden_layer(&self) -> &Dense<IN, HIDDEN> {
        &self.hidden
    }

    /// The output layer.
    pub fn output_layer(&self) -> &Dense<HIDDEN, OUT> {
        &self.output
    }

    /// The loss the network is trained on.
    pub fn loss_function(&self) -> Loss {
        self.loss
    }

    fn forward(&self, x: &[f32; IN]) -> Result<Forward<HIDDEN, OUT>, Error> {
        check_input(x)?;
        let mut pass = Forward {
            hidden_sum: [0.0; HIDDEN],
            hidden_out: [0.0; HIDDEN],
            output_sum: [0.0; OUT],
            output_out: [0.0; OUT],
        };
        self.hidden
            .forward(x, &mut pass.hidden_sum, &mut pass.hidden_out);
        self.output
            .forward(&pass.hidden_out, &mut pass.output_sum, &mut pass.output_out);

        let all_finite = first_non_finite(&pass.hidden_sum).is_none()
            && first_non_finite(&pass.output_sum).is_none();
        if all_finite {
            Ok(pass)
        } else {
            Err(Error::NonFiniteOutput)
        }
    }

    /// Returns the network's output for `x`: class probabilities for a
    /// softmax classifier, the output layer's activations otherwise.
    ///
    /// # Errors
    ///
    /// [`Error::NonFiniteInput`] for a NaN or infinite input element, and
    /// [`Error::NonFiniteOutput`] if a weighted sum overflows.
    pub fn predict(&self, x: &[f32; IN]) -> Result<[f32; OUT], Error> {
        let pass = self.forward(x)?;
        match self.loss {
            Loss::SoftmaxCrossEntropy => {
                let mut probabilities = [0.0; OUT];
                softmax(&pass.output_sum, &mut probabilities);
                Ok(probabilities)
            }
            Loss::SquaredError => Ok(pass.output_out),
        }
    }

    /// Returns the index of the largest output; the first one on ties.
    ///
    /// # Errors
    ///
    /// As for [`predict`](Self::predict).
    pub fn classify(&self, x: &[f32; IN]) -> Result<usize, Error> {
        let pass = self.forward(x)?;
        let mut best = 0;
        for (k, value) in pass.output_out.iter().enumerate() {
            if *value > pass.output_out[best] {
                best = k;
            }
        }
        Ok(best)
    }

    /// Returns the loss for input `x` and target `target`.
    ///
    /// # Errors
    ///
    /// As for [`predict`](Self::predict), and [`Error::NonFiniteTarget`] for
    /// a NaN or infinite target element.
    pub fn loss(&self, x: &[f32; IN], target: &[f32; OUT]) -> Result<f32, Error> {
        check_target(target)?;
        let pass = self.forward(x)?;
        let loss = self.loss.value(&pass.output_sum, &pass.output_out, target);
        if loss.is_finite() {
            Ok(loss)
        } else {
            Err(Error::NonFiniteOutput)
        }
    }

    /// Runs the forward and backward passes and returns the error signals.
    fn backward(
        &self,
        x: &[f32; IN],
        target: &[f32; OUT],
    ) -> Result<(Forward<HIDDEN, OUT>, Deltas<HIDDEN, OUT>), Error> {
        check_target(target)?;
        let pass = self.forward(x)?;
        let mut deltas = Deltas {
            hidden: [0.0; HIDDEN],
            output: [0.0; OUT],
            loss: 0.0,
        };
        deltas.loss = self.loss.value_and_delta(
            self.output.activation(),
            &pass.output_sum,
            &pass.output_out,
            target,
            &mut deltas.output,
        );
        if !deltas.loss.is_finite() {
            return Err(Error::NonFiniteOutput);
        }

        matvec_transposed(self.output.weights(), &deltas.output, &mut deltas.hidden);
        let activation = self.hidden.activation();
        for ((d, z), y) in deltas
            .hidden
            .iter_mut()
            .zip(&pass.hidden_sum)
            .zip(&pass.hidden_out)
        {
            *d *= activation.derivative(*z, *y);
        }

        let all_finite = first_non_finite(&deltas.hidden).is_none()
            && first_non_finite(&deltas.output).is_none();
        if all_finite {
            Ok((pass, deltas))
        } else {
            Err(Error::NonFiniteWeight)
        }
    }

    /// Writes the gradient of the loss at `(x, target)` into `gradient` and
    /// returns the loss. The network does not change.
    ///
    /// # Errors
    ///
    /// As for [`loss`](Self::loss), and [`Error::NonFiniteWeight`] if the
    /// gradient overflows. On error `gradient` is unchanged.
    pub fn gradient(
        &self,
        x: &[f32; IN],
        target: &[f32; OUT],
        gradient: &mut Gradient<IN, HIDDEN, OUT>,
    ) -> Result<f32, Error> {
        let (pass, deltas) = self.backward(x, target)?;
        outer_product(&deltas.hidden, x, &mut gradient.hidden_weights);
        gradient.hidden_bias = deltas.hidden;
        outer_product(
            &deltas.output,
            &pass.hidden_out,
            &mut gradient.output_weights,
        );
        gradient.output_bias = deltas.output;
        Ok(deltas.loss)
    }

    /// Takes one online SGD step on the sample `(x, target)` with learning
    /// rate `rate`, and returns the loss before the step.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidLearningRate`], [`Error::NonFiniteInput`],
    /// [`Error::NonFiniteTarget`], [`Error::NonFiniteOutput`], or
    /// [`Error::NonFiniteWeight`] when the update would make a weight NaN or
    /// infinite. On error every weight and bias is bit-for-bit unchanged.
    pub fn train_step(
        &mut self,
        x: &[f32; IN],
        target: &[f32; OUT],
        rate: f32,
    ) -> Result<f32, Error> {
        check_rate(rate)?;
        let (pass, deltas) = self.backward(x, target)?;

        let stays_finite = self.hidden.update_stays_finite(x, &deltas.hidden, rate)
            && self
                .output
                .update_stays_finite(&pass.hidden_out, &deltas.output, rate);
        if !stays_finite {
            return Err(Error::NonFiniteWeight);
        }
        self.hidden.apply_update(x, &deltas.hidden, rate);
        self.output
            .apply_update(&pass.hidden_out, &deltas.output, rate);
        Ok(deltas.loss)
    }

    /// Takes one online SGD step towards class `class` (a one-hot target)
    /// and returns the loss before the step.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidClass`] if `class >= OUT`, otherwise as for
    /// [`train_step`](Self::train_step).
    pub fn train_class(&mut self, x: &[f32; IN], class: usize, rate: f32) -> Result<f32, Error> {
        let target = one_hot::<OUT>(class)?;
        self.train_step(x, &target, rate)
    }

    /// Returns a 32-bit FNV-1a hash of the bits of every weight and bias, in
    /// the order hidden weights, hidden biases, output weights, output
    /// biases. Two networks with the same checksum almost surely have
    /// bit-identical parameters, which makes it a cheap check that two
    /// targets trained the same way.
    pub fn checksum(&self) -> u32 {
        let hidden = self
            .hidden
            .weights()
            .iter()
            .flatten()
            .chain(self.hidden.bias());
        let output = self
            .output
            .weights()
            .iter()
            .flatten()
            .chain(self.output.bias());
        fnv1a(hidden.chain(output).copied())
    }
}

/// Returns the one-hot vector for `class`.
pub(crate) fn one_hot<const OUT: usize>(class: usize) -> Result<[f32; OUT], Error> {
    if class >= OUT {
        return Err(Error::InvalidClass {
            class,
            classes: OUT,
        });
    }
    let mut target = [0.0; OUT];
    target[class] = 1.0;
    Ok(target)
}

/// Writes `g[i][j] = d[i] * x[j]`.
fn outer_product<const IN: usize, const OUT: usize>(
    d: &[f32; OUT],
    x: &[f32; IN],
    g: &mut [[f32; IN]; OUT],
) {
    for (row, d) in g.iter_mut().zip(d) {
        for (g, x) in row.iter_mut().zip(x) {
            *g = d * x;
        }
    }
}

/// Hashes the bit patterns of `values` with 32-bit FNV-1a, byte by byte in
/// little-endian order.
fn fnv1a(values: impl Iterator<Item = f32>) -> u32 {
    const OFFSET_BASIS: u32 = 0x811C_9DC5;
    const PRIME: u32 = 0x0100_0193;
    let mut hash = OFFSET_BASIS;
    for value in values {
        for byte in value.to_bits().to_le_bytes() {
            hash = (hash ^ u32::from(byte)).wrapping_mul(PRIME);
        }
    }
    hash
}
