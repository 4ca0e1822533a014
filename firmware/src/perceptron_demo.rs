//! Rosenblatt's multiclass perceptron, trained on the device by Kesler's
//! construction on the same digits as the network of [`crate::training`].
//!
//! The kernel's `MulticlassPerceptron::train` takes the whole training set
//! as `[[f32; 64]]`, which is 367 872 bytes for 1437 samples and more RAM
//! than the nRF52840 or the STM32F411 has. So the training set stays packed
//! in flash, and [`train_kesler`] unpacks one sample at a time and calls
//! `train_step`. It makes the same passes as the kernel's `train`: samples
//! in file order, inputs `pixel / 16`, and an epoch without a mistake ends
//! training.
//!
//! The digits are not separated within [`EPOCHS`] epochs. The last weights'
//! test accuracy swings between 89 % and 96 % from one epoch to the next,
//! measured on x86-64 with the same rule, rate and order over epochs 1 to
//! 30. The run therefore classifies the test set with the averaged
//! perceptron, the mean of the weights after every training step. Its
//! accuracy settles at 344 to 346 of 360 from epoch 10 on, and only it is
//! checked against the floor.

use core::mem::size_of;

use shinkei::rosenblatt::{Average, MulticlassPerceptron, Rule, Training};

use crate::training::{CLASSES, Dataset, PIXELS, inputs};

/// Passes over the training set, unless one makes no mistake first.
const EPOCHS: u32 = 10;

/// Learning rate. From zero weights the rate only scales the weights, so it
/// changes no prediction.
const RATE: f32 = 1.0;

/// This part passes only if the averaged perceptron classifies more than this
/// percentage of the test set correctly.
const ACCURACY_FLOOR_PERCENT: u32 = 90;

type Classifier = MulticlassPerceptron<PIXELS, CLASSES>;
type WeightAverage = Average<PIXELS, CLASSES>;

/// Trains the perceptron on `train`, logs the outcome and the test accuracy
/// on `test`, and returns whether the accuracy is above the floor.
// Not inlined into `main::run`, so this part's stack frame is not added to the others'.
#[inline(never)]
pub fn run(train: &impl Dataset, test: &impl Dataset) -> bool {
    defmt::info!(
        "Kesler perceptron: 64 inputs, 10 classes, rate {=f32}, at most {=u32} epochs in file order",
        RATE,
        EPOCHS
    );

    let mut perceptron = Classifier::new();
    let mut average = WeightAverage::new();
    let Some(training) = train_kesler(&mut perceptron, &mut average, train) else {
        return false;
    };
    match training {
        Training::Converged { epochs, updates } => defmt::info!(
            "Kesler perceptron converged after {=u32} epochs and {=u64} updates",
            epochs,
            updates
        ),
        Training::EpochLimit {
            epochs,
            updates,
            mistakes,
        } => defmt::info!(
            "Kesler perceptron reached the epoch limit of {=u32} epochs after {=u64} updates, \
             with {=u32} mistakes in the last epoch",
            epochs,
            updates,
            mistakes
        ),
    }

    let Some(last_correct) = count_correct(&perceptron, test, "last") else {
        return false;
    };
    if let Err(error) = perceptron.apply_average(&average) {
        defmt::error!("averaging the perceptron's weights failed: {}", error);
        return false;
    }
    let Some(averaged_correct) = count_correct(&perceptron, test, "averaged") else {
        return false;
    };

    let samples = test.len() as u32;
    defmt::info!(
        "Kesler perceptron on the test set: {=u32}/{=u32} ({=f32} %) with the averaged weights, \
         {=u32}/{=u32} ({=f32} %) with the last weights",
        averaged_correct,
        samples,
        percent(averaged_correct, samples),
        last_correct,
        samples,
        percent(last_correct, samples)
    );
    defmt::info!(
        "Kesler perceptron memory: {=usize} bytes of RAM for the weights, {=usize} for their running sum",
        size_of::<Classifier>(),
        size_of::<WeightAverage>()
    );

    // Integer comparison, so the floor is exact: correct / samples > floor / 100.
    let passed = averaged_correct * 100 > ACCURACY_FLOOR_PERCENT * samples;
    if passed {
        defmt::info!(
            "passed: the averaged perceptron's test accuracy is above {=u32} %",
            ACCURACY_FLOOR_PERCENT
        );
    } else {
        defmt::error!(
            "failed: the averaged perceptron's test accuracy {=f32} % is not above the floor of {=u32} %",
            percent(averaged_correct, samples),
            ACCURACY_FLOOR_PERCENT
        );
    }
    passed
}

/// Trains `perceptron` from zero weights with Kesler's rule, one
/// `train_step` per sample, and adds its weights to `average` after every
/// step. Returns the outcome in the kernel's `Training` form, or `None`
/// after logging a kernel error.
fn train_kesler(
    perceptron: &mut Classifier,
    average: &mut WeightAverage,
    train: &impl Dataset,
) -> Option<Training> {
    let mut updates = 0u64;
    let mut epoch = 0;
    loop {
        epoch += 1;
        let mut mistakes = 0u32;
        for index in 0..train.len() {
            let sample = train.sample(index);
            let x = inputs(&sample.pixels);
            match perceptron.train_step(&x, usize::from(sample.label), Rule::Kesler, RATE) {
                // Kesler's rule makes exactly one update per mistake.
                Ok(mistake) => mistakes += u32::from(mistake),
                Err(error) => {
                    defmt::error!(
                        "perceptron training step failed in epoch {=u32} on training sample {=usize}: {}",
                        epoch,
                        index,
                        error
                    );
                    return None;
                }
            }
            perceptron.add_to_average(average);
        }
        updates += u64::from(mistakes);

        if mistakes == 0 {
            return Some(Training::Converged {
                epochs: epoch,
                updates,
            });
        }
        if epoch == EPOCHS {
            return Some(Training::EpochLimit {
                epochs: epoch,
                updates,
                mistakes,
            });
        }
    }
}

/// Counts the samples of `test` that `perceptron` classifies correctly, or
/// returns `None` after logging a kernel error. `weights` names the weights
/// in that log line.
fn count_correct(perceptron: &Classifier, test: &impl Dataset, weights: &str) -> Option<u32> {
    let mut correct = 0;
    for index in 0..test.len() {
        let sample = test.sample(index);
        match perceptron.predict(&inputs(&sample.pixels)) {
            Ok(class) => correct += u32::from(class == usize::from(sample.label)),
            Err(error) => {
                defmt::error!(
                    "perceptron classification with the {=str} weights failed on test sample {=usize}: {}",
                    weights,
                    index,
                    error
                );
                return None;
            }
        }
    }
    Some(correct)
}

fn percent(correct: u32, samples: u32) -> f32 {
    correct as f32 * 100.0 / samples as f32
}

// `train_kesler` stops when `epoch == EPOCHS`, which a limit of 0 never meets.
const _: () = assert!(EPOCHS >= 1, "the perceptron needs at least one epoch");
