//! One forward pass of a 64 → 32 tanh `Dense` layer, for its code size.
//! The layer is a static in `.bss`.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use shinkei::activation::{Activation, Precision};
use shinkei::dense::Dense;
use shinkei_firmware_bench::exit;

#[entry]
fn main() -> ! {
    let Some(layer) =
        cortex_m::singleton!(: Dense<64, 32> = Dense::zeros(Activation::Tanh, Precision::Exact))
    else {
        exit(false)
    };
    let x = black_box([0.25f32; 64]);
    let mut z = [0.0f32; 32];
    let mut y = [0.0f32; 32];
    black_box(&*layer).forward(black_box(&x), &mut z, &mut y);
    exit(black_box(y)[0].is_finite())
}
