//! Online stochastic gradient descent: one sample per step, with a
//! learning-rate schedule.

use crate::Error;
use crate::mlp::{Mlp, one_hot};
use crate::schedule::Schedule;

/// A model that takes one gradient step on one sample.
pub trait OnlineLearner {
    /// One input sample.
    type Input: ?Sized;
    /// The target for one sample.
    type Target: ?Sized;

    /// Takes one gradient step with learning rate `rate` and returns the loss
    /// before the step. On error the model must be unchanged.
    fn learn(
        &mut self,
        input: &Self::Input,
        target: &Self::Target,
        rate: f32,
    ) -> Result<f32, Error>;
}

impl<const IN: usize, const HIDDEN: usize, const OUT: usize> OnlineLearner
    for Mlp<IN, HIDDEN, OUT>
{
    type Input = [f32; IN];
    type Target = [f32; OUT];

    fn learn(&mut self, input: &[f32; IN], target: &[f32; OUT], rate: f32) -> Result<f32, Error> {
        self.train_step(input, target, rate)
    }
}

/// Drives online SGD: picks the rate η_t from a [`Schedule`] and counts the
/// steps that succeeded.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct OnlineSgd {
    schedule: Schedule,
    steps: u32,
}

impl OnlineSgd {
    /// Creates a trainer at step 0.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidSchedule`] if a schedule parameter is invalid.
    pub fn new(schedule: Schedule) -> Result<Self, Error> {
        schedule.validate()?;
        Ok(Self { schedule, steps: 0 })
    }

    /// The schedule.
    pub fn schedule(&self) -> Schedule {
        self.schedule
    }

    /// The number of steps taken so far; failed steps do not count. The count
    /// stops at `u32::MAX`, so a Robbins-Monro rate stays at its value for
    /// that step from then on.
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// The learning rate the next step will use.
    pub fn rate(&self) -> f32 {
        self.schedule.rate(self.steps)
    }

    /// Takes one step of `model` on `(input, target)` and returns the loss
    /// before the step.
    ///
    /// # Errors
    ///
    /// Whatever the model returns; the model and the step count are then
    /// unchanged.
    pub fn train_step<M: OnlineLearner + ?Sized>(
        &mut self,
        model: &mut M,
        input: &M::Input,
        target: &M::Target,
    ) -> Result<f32, Error> {
        let loss = model.learn(input, target, self.rate())?;
        self.steps = self.steps.saturating_add(1);
        Ok(loss)
    }

    /// Takes one step of a classifier towards class `class`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidClass`] if `class >= OUT`, otherwise as for
    /// [`train_step`](Self::train_step).
    pub fn train_class<const IN: usize, const HIDDEN: usize, const OUT: usize>(
        &mut self,
        net: &mut Mlp<IN, HIDDEN, OUT>,
        input: &[f32; IN],
        class: usize,
    ) -> Result<f32, Error> {
        let target = one_hot::<OUT>(class)?;
        self.train_step(net, input, &target)
    }
}
