//! One call of `shinkei::vector::dot`, for its code size.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use shinkei_firmware_bench::exit;

#[entry]
fn main() -> ! {
    let a = black_box([0.5f32; 64]);
    let b = black_box([0.25f32; 64]);
    let sum = shinkei::vector::dot(black_box(&a[..]), black_box(&b[..]));
    exit(black_box(sum).is_finite())
}
