//! Loss functions and their gradients with respect to the network output.

use crate::activation::Activation;

/// The loss a network is trained to reduce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Loss {
    /// `½ Σ (y_k - t_k)²` over the outputs `y` after the output activation.
    SquaredError,
    /// `-Σ t_k ln p_k`, where `p = softmax(z)` of the output layer's weighted
    /// sums `z`. The output layer then has the identity activation.
    ///
    /// Evaluated stably: the largest `z_k` is subtracted before exponentials,
    /// so no exponential overflows. The loss itself can still overflow when
    /// the logits span more than `f32::MAX`, and training then returns
    /// [`Error::NonFiniteOutput`](crate::Error::NonFiniteOutput).
    SoftmaxCrossEntropy,
}

/// Writes `softmax(z)` into `p`, subtracting the largest element first.
///
/// For finite `z` every `p_k` is finite, in `[0, 1]`, and the largest is at
/// least `1 / N`.
pub fn softmax<const N: usize>(z: &[f32; N], p: &mut [f32; N]) {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for (p, z) in p.iter_mut().zip(z) {
        *p = libm::expf(z - max);
        sum += *p;
    }
    // The largest element contributes e^0 = 1, so sum >= 1.
    let scale = 1.0 / sum;
    for p in p.iter_mut() {
        *p *= scale;
    }
}

/// Returns `ln Σ e^(z_k)`, stably.
fn log_sum_exp<const N: usize>(z: &[f32; N]) -> f32 {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f32 = z.iter().map(|z| libm::expf(z - max)).sum();
    max + libm::logf(sum)
}

impl Loss {
    /// Returns the loss for the output layer's weighted sums `z`, its
    /// activation outputs `y`, and the target `t`.
    pub(crate) fn value<const N: usize>(self, z: &[f32; N], y: &[f32; N], t: &[f32; N]) -> f32 {
        match self {
            Loss::SquaredError => {
                let sum: f32 = y.iter().zip(t).map(|(y, t)| (y - t) * (y - t)).sum();
                0.5 * sum
            }
            Loss::SoftmaxCrossEntropy => {
                // -Σ t_k (z_k - lse) = lse Σ t_k - Σ t_k z_k, with no ln of a
                // probability that could underflow to zero.
                let lse = log_sum_exp(z);
                t.iter().zip(z).map(|(t, z)| t * (lse - z)).sum()
            }
        }
    }

    /// Returns the loss, as [`value`](Self::value) does, and writes
    /// `∂L/∂z` into `delta`, as [`output_delta`](Self::output_delta) does,
    /// with the same results bit for bit. For softmax cross-entropy the
    /// exponentials are computed once for both.
    pub(crate) fn value_and_delta<const N: usize>(
        self,
        activation: Activation,
        z: &[f32; N],
        y: &[f32; N],
        t: &[f32; N],
        delta: &mut [f32; N],
    ) -> f32 {
        match self {
            Loss::SquaredError => {
                self.output_delta(activation, z, y, t, delta);
                self.value(z, y, t)
            }
            Loss::SoftmaxCrossEntropy => {
                let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                let mut sum = 0.0;
                for (e, z) in delta.iter_mut().zip(z) {
                    *e = libm::expf(z - max);
                    sum += *e;
                }
                let lse = max + libm::logf(sum);
                let loss = t.iter().zip(z).map(|(t, z)| t * (lse - z)).sum();

                let total: f32 = t.iter().sum();
                let scale = 1.0 / sum;
                for (d, t) in delta.iter_mut().zip(t) {
                    *d = (*d * scale) * total - t;
                }
                loss
            }
        }
    }

    /// Writes `∂L/∂z` into `delta`, the gradient with respect to the output
    /// layer's weighted sums.
    pub(crate) fn output_delta<const N: usize>(
        self,
        activation: Activation,
        z: &[f32; N],
        y: &[f32; N],
        t: &[f32; N],
        delta: &mut [f32; N],
    ) {
        match self {
            Loss::SquaredError => {
                for k in 0..N {
                    delta[k] = (y[k] - t[k]) * activation.derivative(z[k], y[k]);
                }
            }
            Loss::SoftmaxCrossEntropy => {
                // ∂/∂z_k of lse Σt - Σ t z is p_k Σt - t_k; Σt = 1 for a
                // one-hot or probability target.
                let total: f32 = t.iter().sum();
                softmax(z, delta);
                for (d, t) in delta.iter_mut().zip(t) {
                    *d = *d * total - t;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_handles_huge_logits() {
        let z = [f32::MAX, 0.0, -f32::MAX];
        let mut p = [0.0; 3];
        softmax(&z, &mut p);
        assert_eq!(p, [1.0, 0.0, 0.0], "softmax of {z:?}: got {p:?}");
    }

    #[test]
    fn cross_entropy_finite_for_confident_wrong_answer() {
        let z = [1000.0f32, -1000.0];
        let t = [0.0, 1.0];
        let loss = Loss::SoftmaxCrossEntropy.value(&z, &z, &t);
        assert_eq!(
            loss, 2000.0,
            "loss for z = {z:?}, t = {t:?}: got {loss}, expected 2000"
        );
    }

    #[test]
    fn cross_entropy_of_uniform_logits() {
        let z = [0.5f32; 4];
        let t = [0.0, 0.0, 1.0, 0.0];
        let loss = Loss::SoftmaxCrossEntropy.value(&z, &z, &t);
        let want = libm::logf(4.0);
        assert!(
            (loss - want).abs() < 1e-6,
            "got {loss}, expected ln 4 = {want}"
        );
    }

    #[test]
    fn combined_value_and_delta_match_separate() {
        let z = [0.3f32, -2.0, 7.5, 0.0, -0.0, 1.0e-3, 40.0];
        let t = [0.0f32, 0.25, 0.5, 0.0, 0.0, 0.25, 0.0];
        for loss in [Loss::SoftmaxCrossEntropy, Loss::SquaredError] {
            let y = z.map(|z| Activation::Tanh.apply(z, crate::activation::Precision::Exact));
            let (mut separate, mut combined) = ([0.0f32; 7], [0.0f32; 7]);
            loss.output_delta(Activation::Tanh, &z, &y, &t, &mut separate);
            let value = loss.value(&z, &y, &t);
            let both = loss.value_and_delta(Activation::Tanh, &z, &y, &t, &mut combined);
            assert_eq!(
                both.to_bits(),
                value.to_bits(),
                "{loss:?}: loss {both} against {value}"
            );
            for k in 0..7 {
                assert_eq!(
                    combined[k].to_bits(),
                    separate[k].to_bits(),
                    "{loss:?}: delta[{k}] {} against {}",
                    combined[k],
                    separate[k]
                );
            }
        }
    }

    #[test]
    fn squared_error_delta_includes_derivative() {
        let z = [0.0f32];
        let y = [0.5f32];
        let t = [1.0f32];
        let mut delta = [0.0f32];
        Loss::SquaredError.output_delta(Activation::Sigmoid, &z, &y, &t, &mut delta);
        assert_eq!(
            delta[0], -0.125,
            "delta {delta:?}, expected (0.5 - 1) * 0.25"
        );
    }
}
