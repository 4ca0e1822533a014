//! One training step of a Rosenblatt perceptron with 64 inputs, for its
//! code size. The perceptron is a static in `.bss`.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use shinkei::rosenblatt::{Bias, Label, Perceptron};
use shinkei_firmware_bench::exit;

#[entry]
fn main() -> ! {
    let Some(perceptron) = cortex_m::singleton!(: Perceptron<64> = Perceptron::new(Bias::Learned))
    else {
        exit(false)
    };
    let x = black_box([0.25f32; 64]);
    let result = black_box(&mut *perceptron).train_step(black_box(&x), Label::Positive, 0.01);
    exit(black_box(result).is_ok())
}
