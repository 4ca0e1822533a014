//! The kernel's losses evaluated in `f64`.

use shinkei::loss::Loss;

/// Returns the softmax of `z`, computed after subtracting the largest
/// element so that no exponential overflows.
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = z.iter().map(|z| (z - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.iter().map(|e| e / sum).collect()
}

fn log_sum_exp(z: &[f64]) -> f64 {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    max + z.iter().map(|z| (z - max).exp()).sum::<f64>().ln()
}

/// Returns the loss of the output sums `z` and outputs `y` against target `t`:
/// `½ Σ (y_k - t_k)²` for squared error, `-Σ t_k ln softmax(z)_k` for
/// softmax cross-entropy.
pub fn value(loss: Loss, z: &[f64], y: &[f64], t: &[f64]) -> f64 {
    match loss {
        Loss::SquaredError => 0.5 * y.iter().zip(t).map(|(y, t)| (y - t).powi(2)).sum::<f64>(),
        Loss::SoftmaxCrossEntropy => {
            let lse = log_sum_exp(z);
            t.iter().zip(z).map(|(t, z)| t * (lse - z)).sum()
        }
    }
}

/// Returns `∂L/∂y` for squared error, or `∂L/∂z` for softmax cross-entropy,
/// whose output activation is the identity so the two coincide there.
pub fn output_gradient(loss: Loss, z: &[f64], y: &[f64], t: &[f64]) -> Vec<f64> {
    match loss {
        Loss::SquaredError => y.iter().zip(t).map(|(y, t)| y - t).collect(),
        Loss::SoftmaxCrossEntropy => {
            // The derivative of lse(z) Σt - Σ t_k z_k; Σt is 1 for a one-hot
            // target, but is kept so that any target gives the true gradient.
            let total: f64 = t.iter().sum();
            softmax(z)
                .iter()
                .zip(t)
                .map(|(p, t)| p * total - t)
                .collect()
        }
    }
}
