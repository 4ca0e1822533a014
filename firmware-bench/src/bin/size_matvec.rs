//! One call of `shinkei::vector::matvec` with a 32 × 64 matrix, for its
//! code size.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use shinkei_firmware_bench::exit;

#[entry]
fn main() -> ! {
    let w = black_box([[0.5f32; 64]; 32]);
    let x = black_box([0.25f32; 64]);
    let mut y = [0.0f32; 32];
    shinkei::vector::matvec(black_box(&w), black_box(&x), black_box(&mut y));
    exit(black_box(y)[0].is_finite())
}
