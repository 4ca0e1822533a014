//! Running error bounds: for each value the kernel computes, the magnitude
//! that its `f32` rounding error is proportional to.
//!
//! A sum `Σ a_i` rounded in `f32` is off by about `n · 2⁻²⁴ · Σ |a_i|`, which
//! can be far larger than `|Σ a_i|` when terms cancel. So each value here is
//! paired with a magnitude `M`: the same computation on absolute values, plus
//! the propagation of its inputs' magnitudes through each function's
//! derivative (the forward error analysis in N. J. Higham, "Accuracy and
//! Stability of Numerical Algorithms", 2nd ed., SIAM 2002, chapters 3-4).
//! The kernel's error is then within `k · 2⁻²⁴ · M`, with `k` the number of
//! roundings along the longest path, a few dozen here.

use shinkei::activation::Activation;
use shinkei::loss::Loss;
use shinkei_host::reference::{Gradient, ReferenceMlp, activation, loss};

/// Error magnitudes of everything the kernel returns for one sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Magnitudes {
    /// Of the `predict` output.
    pub predict: Vec<f64>,
    /// Of the loss.
    pub loss: f64,
    /// Of each gradient element, laid out like the gradient.
    pub gradient: Gradient,
}

/// Returns the magnitude of computing `f'(z)` the way the kernel does: from
/// the output `y` for sigmoid (`y (1 − y)`) and tanh (`1 − y²`), where an
/// error in `y` of magnitude `m_y` is amplified by `|1 − 2y|` or `2|y|`.
/// The other derivatives are exact constants.
fn derivative_magnitude(f: Activation, y: f64, m_y: f64) -> f64 {
    match f {
        Activation::Sigmoid => y.abs() + y * y + (1.0 - 2.0 * y).abs() * m_y,
        Activation::Tanh => 1.0 + y * y + 2.0 * y.abs() * m_y,
        _ => 0.0,
    }
}

/// Computes the magnitudes for `net` on input `x` and target `t`.
pub fn magnitudes(net: &ReferenceMlp, x: &[f64], t: &[f64]) -> Magnitudes {
    let pass = net.forward(x);
    let (f1, f2) = (net.hidden.activation, net.output.activation);

    // Forward: weighted sums on absolute values, then through each activation.
    let m_hidden_sum: Vec<f64> = sum_magnitudes(
        &net.hidden.weights,
        &net.hidden.bias,
        &x.iter().map(|v| v.abs()).collect::<Vec<_>>(),
    );
    let m_hidden: Vec<f64> = (0..pass.hidden.len())
        .map(|j| {
            activation::derivative(f1, pass.hidden_sums[j]).abs() * m_hidden_sum[j]
                + pass.hidden[j].abs()
        })
        .collect();
    let m_output_sum = sum_magnitudes(&net.output.weights, &net.output.bias, &m_hidden);
    let m_output: Vec<f64> = (0..pass.output.len())
        .map(|k| {
            activation::derivative(f2, pass.output_sums[k]).abs() * m_output_sum[k]
                + pass.output[k].abs()
        })
        .collect();
    let largest_sum = m_output_sum.iter().copied().fold(0.0, f64::max);

    let (predict, m_loss, m_output_delta) = match net.loss {
        Loss::SoftmaxCrossEntropy => {
            // ∂p_k/∂z_l = p_k (δ_kl − p_l), so an error of size ε in every z
            // moves p_k by at most 2 p_k ε.
            let p = loss::softmax(&pass.output_sums);
            let m_p: Vec<f64> = p.iter().map(|p| p * (2.0 * largest_sum + 1.0)).collect();
            let lse = pass
                .output_sums
                .iter()
                .zip(&p)
                .map(|(z, p)| z - p.ln())
                .next()
                .unwrap_or(0.0);
            let m_loss = lse.abs()
                + t.iter()
                    .zip(&pass.output_sums)
                    .map(|(t, z)| (t * z).abs())
                    .sum::<f64>()
                + 2.0 * largest_sum;
            let total: f64 = t.iter().map(|t| t.abs()).sum();
            let m_delta: Vec<f64> = m_p
                .iter()
                .zip(t)
                .map(|(m, t)| m * total + t.abs())
                .collect();
            (m_p, m_loss, m_delta)
        }
        Loss::SquaredError => {
            let m_loss: f64 = (0..t.len())
                .map(|k| (pass.output[k] - t[k]).abs() * (m_output[k] + t[k].abs()))
                .sum::<f64>()
                + loss::value(net.loss, &pass.output_sums, &pass.output, t);
            let m_delta = (0..t.len())
                .map(|k| {
                    let slope = activation::derivative(f2, pass.output_sums[k]).abs();
                    (m_output[k] + t[k].abs()) * slope
                        + (pass.output[k] - t[k]).abs()
                            * derivative_magnitude(f2, pass.output[k], m_output[k])
                })
                .collect();
            (m_output.clone(), m_loss, m_delta)
        }
    };

    // Backward: δ1_j = f1'(z_j) Σ_k W2_kj δ2_k.
    let gradient = net.gradient(x, t);
    let m_hidden_delta: Vec<f64> = (0..pass.hidden.len())
        .map(|j| {
            let back: f64 = net
                .output
                .weights
                .iter()
                .zip(&gradient.output_bias)
                .map(|(row, d)| row[j] * d)
                .sum();
            let m_back: f64 = net
                .output
                .weights
                .iter()
                .zip(&m_output_delta)
                .map(|(row, m)| row[j].abs() * m)
                .sum();
            m_back * activation::derivative(f1, pass.hidden_sums[j]).abs()
                + back.abs() * derivative_magnitude(f1, pass.hidden[j], m_hidden[j])
        })
        .collect();

    let gradient = Gradient {
        hidden_weights: m_hidden_delta
            .iter()
            .map(|m| x.iter().map(|x| m * x.abs()).collect())
            .collect(),
        hidden_bias: m_hidden_delta,
        output_weights: m_output_delta
            .iter()
            .zip(&gradient.output_bias)
            .map(|(m, d)| {
                (0..pass.hidden.len())
                    .map(|j| m * pass.hidden[j].abs() + d.abs() * m_hidden[j])
                    .collect()
            })
            .collect(),
        output_bias: m_output_delta,
    };
    Magnitudes {
        predict,
        loss: m_loss,
        gradient,
    }
}

/// Returns `Σ_i |W_ki| m_i + |b_k|` for every row `k`.
fn sum_magnitudes(weights: &[Vec<f64>], bias: &[f64], m: &[f64]) -> Vec<f64> {
    weights
        .iter()
        .zip(bias)
        .map(|(row, b)| row.iter().zip(m).map(|(w, m)| w.abs() * m).sum::<f64>() + b.abs())
        .collect()
}
