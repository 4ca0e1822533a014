//! Learning-rate schedules for online SGD.

use crate::Error;

/// How the learning rate η_t depends on the step number `t` (from 0).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Schedule {
    /// η_t = `rate`. Online SGD with a constant rate keeps fluctuating around
    /// the optimum, with an excess error proportional to the rate.
    Constant {
        /// The learning rate.
        rate: f32,
    },
    /// η_t = `initial / (1 + t / tau)`, which satisfies the Robbins-Monro
    /// conditions Σ η_t = ∞ and Σ η_t² < ∞ (Robbins and Monro, 1951), so the
    /// weights converge instead of fluctuating.
    RobbinsMonro {
        /// η_0, the rate of the first step.
        initial: f32,
        /// The number of steps after which the rate has halved.
        tau: f32,
    },
}

impl Schedule {
    /// Checks that every parameter is finite, rates are not negative and
    /// `tau` is positive.
    pub fn validate(&self) -> Result<(), Error> {
        let valid_rate = |rate: f32| rate.is_finite() && rate >= 0.0;
        match *self {
            Schedule::Constant { rate } if !valid_rate(rate) => {
                Err(Error::InvalidSchedule { value: rate })
            }
            Schedule::RobbinsMonro { initial, .. } if !valid_rate(initial) => {
                Err(Error::InvalidSchedule { value: initial })
            }
            Schedule::RobbinsMonro { tau, .. } if !(tau.is_finite() && tau > 0.0) => {
                Err(Error::InvalidSchedule { value: tau })
            }
            _ => Ok(()),
        }
    }

    /// Returns η_t for step `step`.
    pub fn rate(&self, step: u32) -> f32 {
        match *self {
            Schedule::Constant { rate } => rate,
            Schedule::RobbinsMonro { initial, tau } => initial / (1.0 + step as f32 / tau),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robbins_monro_halves_at_tau() {
        let schedule = Schedule::RobbinsMonro {
            initial: 0.5,
            tau: 100.0,
        };
        assert_eq!(schedule.rate(0), 0.5);
        assert_eq!(schedule.rate(100), 0.25);
        assert_eq!(schedule.rate(300), 0.125);
    }

    #[test]
    fn invalid_parameters_rejected() {
        let cases = [
            Schedule::Constant { rate: f32::NAN },
            Schedule::Constant { rate: -0.1 },
            Schedule::Constant {
                rate: f32::INFINITY,
            },
            Schedule::RobbinsMonro {
                initial: 0.1,
                tau: 0.0,
            },
            Schedule::RobbinsMonro {
                initial: 0.1,
                tau: f32::NAN,
            },
            Schedule::RobbinsMonro {
                initial: f32::NEG_INFINITY,
                tau: 1.0,
            },
        ];
        for schedule in cases {
            assert!(schedule.validate().is_err(), "{schedule:?} was accepted");
        }
        assert_eq!(Schedule::Constant { rate: 0.0 }.validate(), Ok(()));
    }
}
