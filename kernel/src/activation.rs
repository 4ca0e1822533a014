//! Activation functions and their derivatives.
//!
//! Each function has an exact version built on `libm` and a fast version
//! built on `micromath`'s approximate exponential, chosen by [`Precision`].
//! Only sigmoid and tanh differ between the two; the others are exact in
//! both.
//!
//! # Guarantees, for every finite input
//!
//! - No function returns NaN or infinity.
//! - Sigmoid lies in `[0, 1]`, tanh and sign in `[-1, 1]`, step in `{0, 1}`.
//! - Derivatives are finite and not negative. Sigmoid returns exactly `0`
//!   for `x < -87`, close to where the exact value becomes subnormal, so its
//!   derivative there is `0.0`, not NaN.
//! - The fast sigmoid is within [`FAST_SIGMOID_MAX_ERROR`] and the fast tanh
//!   within [`FAST_TANH_MAX_ERROR`] of the exact value (absolute error,
//!   measured over `[-20, 20]` in the tests and saturated beyond).
//!
//! A NaN input gives NaN from identity, sigmoid and tanh; step, sign and ReLU
//! map it to their negative branch. The training kernels reject non-finite
//! inputs before they reach an activation.

use micromath::F32;

/// Largest absolute error of the fast sigmoid against the exact one.
pub const FAST_SIGMOID_MAX_ERROR: f32 = 6.0e-4;

/// Largest absolute error of the fast tanh against the exact one.
pub const FAST_TANH_MAX_ERROR: f32 = 1.2e-3;

/// The evaluation method of the exponential in sigmoid and tanh.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Precision {
    /// `libm`, correct to about one unit in the last place.
    #[default]
    Exact,
    /// `micromath`'s exponential, accurate to the stated maximum errors and
    /// cheaper on a microcontroller.
    Fast,
}

/// An activation function applied to each unit's weighted sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Activation {
    /// `f(x) = x`.
    Identity,
    /// Heaviside step: `1` for `x ≥ 0`, else `0`. Its derivative is taken as
    /// `0` everywhere, so gradient descent does not train through it.
    Step,
    /// Sign: `1` for `x ≥ 0`, else `-1`, with derivative `0` as for step.
    Sign,
    /// Logistic sigmoid `1 / (1 + e^(-x))`.
    Sigmoid,
    /// Hyperbolic tangent.
    Tanh,
    /// Rectified linear unit `max(x, 0)`, with derivative `0` at `x = 0`.
    Relu,
}

impl Activation {
    /// Applies the activation to `x`.
    #[inline]
    pub fn apply(self, x: f32, precision: Precision) -> f32 {
        match self {
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
            Activation::Sigmoid => match precision {
                Precision::Exact => sigmoid(x),
                Precision::Fast => fast_sigmoid(x),
            },
            Activation::Tanh => match precision {
                Precision::Exact => libm::tanhf(x),
                Precision::Fast => fast_tanh(x),
            },
            Activation::Relu => {
                if x > 0.0 {
                    x
                } else {
                    0.0
                }
            }
        }
    }

    /// Returns the derivative at `x`, given the output `y = self.apply(x, _)`.
    ///
    /// Sigmoid and tanh use the output (`y (1 - y)` and `1 - y²`), so the
    /// derivative matches whichever precision produced `y`.
    #[inline]
    pub fn derivative(self, x: f32, y: f32) -> f32 {
        match self {
            Activation::Identity => 1.0,
            Activation::Step | Activation::Sign => 0.0,
            Activation::Sigmoid => y * (1.0 - y),
            Activation::Tanh => 1.0 - y * y,
            Activation::Relu => {
                if x > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }
}

/// Exact logistic sigmoid, evaluated so that no intermediate overflows.
///
/// Below `-SIGMOID_ZERO_BELOW` the result is flushed to zero, so the sigmoid
/// and its derivative saturate exactly. The exact value there is below
/// 1.7e-38 and becomes subnormal from about -87.3 on.
#[inline]
fn sigmoid(x: f32) -> f32 {
    if x < -SIGMOID_ZERO_BELOW {
        return 0.0;
    }
    // e^(-|x|) lies in [0, 1], so neither branch divides by a huge number.
    let e = libm::expf(-libm::fabsf(x));
    if x >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    }
}

/// The magnitude of negative `x` past which the sigmoid returns zero: the
/// smallest normal f32 is about e^(-87.3).
const SIGMOID_ZERO_BELOW: f32 = 87.0;

/// The argument beyond which the fast exponential is not evaluated: e^(-88)
/// is below the smallest normal f32, and both functions have saturated.
const FAST_EXP_LIMIT: f32 = 88.0;

/// Returns `e^(-a)` for `a ≥ 0` by micromath, or `0` past the limit.
#[inline]
fn fast_exp_neg(a: f32) -> f32 {
    if a >= FAST_EXP_LIMIT {
        0.0
    } else {
        // micromath's result can be a hair outside [0, 1] near the ends.
        F32(-a).exp().0.clamp(0.0, 1.0)
    }
}

/// Fast logistic sigmoid.
#[inline]
fn fast_sigmoid(x: f32) -> f32 {
    if x.is_nan() {
        return x;
    }
    if x < -SIGMOID_ZERO_BELOW {
        return 0.0;
    }
    let e = fast_exp_neg(libm::fabsf(x));
    let y = if x >= 0.0 {
        1.0 / (1.0 + e)
    } else {
        e / (1.0 + e)
    };
    y.clamp(0.0, 1.0)
}

/// Fast tanh from `tanh(a) = (1 - e^(-2a)) / (1 + e^(-2a))`, micromath having
/// no tanh of its own.
#[inline]
fn fast_tanh(x: f32) -> f32 {
    if x.is_nan() {
        return x;
    }
    let e = fast_exp_neg(2.0 * libm::fabsf(x));
    let magnitude = ((1.0 - e) / (1.0 + e)).clamp(0.0, 1.0);
    libm::copysignf(magnitude, x)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Activation; 6] = [
        Activation::Identity,
        Activation::Step,
        Activation::Sign,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
    ];

    const SPECIAL: [f32; 12] = [
        0.0,
        -0.0,
        1.0e-45,
        -1.0e-45,
        1.0e-38,
        -90.0,
        90.0,
        -1000.0,
        1000.0,
        f32::MAX,
        f32::MIN,
        f32::MIN_POSITIVE,
    ];

    fn sweep() -> impl Iterator<Item = f32> {
        (-40_000..=40_000).map(|i| i as f32 * 0.0005)
    }

    #[test]
    fn finite_everywhere() {
        for activation in ALL {
            for precision in [Precision::Exact, Precision::Fast] {
                for x in SPECIAL.into_iter().chain(sweep()) {
                    let y = activation.apply(x, precision);
                    let d = activation.derivative(x, y);
                    assert!(
                        y.is_finite(),
                        "{activation:?} {precision:?} at {x}: output {y}"
                    );
                    assert!(
                        d.is_finite() && d >= 0.0,
                        "{activation:?} {precision:?} at {x}: derivative {d}, expected finite and >= 0"
                    );
                }
            }
        }
    }

    #[test]
    fn outputs_stay_in_range() {
        for precision in [Precision::Exact, Precision::Fast] {
            for x in SPECIAL.into_iter().chain(sweep()) {
                let s = Activation::Sigmoid.apply(x, precision);
                assert!(
                    (0.0..=1.0).contains(&s),
                    "sigmoid {precision:?} at {x} gave {s}"
                );
                let t = Activation::Tanh.apply(x, precision);
                assert!(
                    (-1.0..=1.0).contains(&t),
                    "tanh {precision:?} at {x} gave {t}"
                );
            }
        }
    }

    #[test]
    fn sigmoid_saturates_without_nan() {
        for precision in [Precision::Exact, Precision::Fast] {
            for x in [-90.0f32, -200.0, -1.0e30, f32::MIN] {
                let y = Activation::Sigmoid.apply(x, precision);
                let d = Activation::Sigmoid.derivative(x, y);
                assert_eq!(
                    d, 0.0,
                    "sigmoid' {precision:?} at {x}: got {d} (y = {y}), expected 0"
                );
            }
            let y = Activation::Sigmoid.apply(f32::MAX, precision);
            assert_eq!(
                y, 1.0,
                "sigmoid {precision:?} at f32::MAX: got {y}, expected 1"
            );
        }
    }

    #[test]
    fn exact_sigmoid_matches_f64() {
        for x in sweep() {
            let got = f64::from(Activation::Sigmoid.apply(x, Precision::Exact));
            let want = 1.0 / (1.0 + (-f64::from(x)).exp());
            let error = (got - want).abs();
            assert!(
                error <= 2.4e-7 * want,
                "sigmoid at {x}: got {got}, expected {want}"
            );
        }
    }

    #[test]
    fn fast_functions_within_stated_error() {
        let mut worst_sigmoid = 0.0f32;
        let mut worst_tanh = 0.0f32;
        for x in sweep().chain(SPECIAL) {
            let s_error = (Activation::Sigmoid.apply(x, Precision::Fast) - sigmoid(x)).abs();
            let t_error = (fast_tanh(x) - libm::tanhf(x)).abs();
            assert!(
                s_error <= FAST_SIGMOID_MAX_ERROR,
                "fast sigmoid at {x}: error {s_error}, allowed {FAST_SIGMOID_MAX_ERROR}"
            );
            assert!(
                t_error <= FAST_TANH_MAX_ERROR,
                "fast tanh at {x}: error {t_error}, allowed {FAST_TANH_MAX_ERROR}"
            );
            worst_sigmoid = worst_sigmoid.max(s_error);
            worst_tanh = worst_tanh.max(t_error);
        }
        std::println!(
            "measured worst error: fast sigmoid {worst_sigmoid:e}, fast tanh {worst_tanh:e}"
        );
    }

    #[test]
    fn step_sign_relu_branches() {
        let cases = [
            (Activation::Step, 0.0, 1.0),
            (Activation::Step, -0.0, 1.0),
            (Activation::Step, -1.0e-45, 0.0),
            (Activation::Sign, 0.0, 1.0),
            (Activation::Sign, -3.0, -1.0),
            (Activation::Relu, -0.0, 0.0),
            (Activation::Relu, 2.5, 2.5),
            (Activation::Relu, -2.5, 0.0),
            (Activation::Identity, -2.5, -2.5),
        ];
        for (activation, x, want) in cases {
            let got = activation.apply(x, Precision::Exact);
            assert_eq!(
                got, want,
                "{activation:?} at {x}: got {got}, expected {want}"
            );
        }
    }

    #[test]
    fn nan_propagates_through_sigmoid_and_tanh() {
        for activation in [Activation::Identity, Activation::Sigmoid, Activation::Tanh] {
            for precision in [Precision::Exact, Precision::Fast] {
                for x in [f32::NAN, -f32::NAN] {
                    let y = activation.apply(x, precision);
                    assert!(
                        y.is_nan(),
                        "{activation:?} {precision:?} at NaN gave {y}, expected NaN"
                    );
                }
            }
        }
    }

    #[test]
    fn tanh_is_odd() {
        for precision in [Precision::Exact, Precision::Fast] {
            for x in sweep() {
                let plus = Activation::Tanh.apply(x, precision);
                let minus = Activation::Tanh.apply(-x, precision);
                assert_eq!(
                    plus, -minus,
                    "tanh {precision:?}: f({x}) = {plus}, f(-x) = {minus}"
                );
            }
        }
    }
}
