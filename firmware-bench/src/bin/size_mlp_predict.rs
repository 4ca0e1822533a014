//! One prediction of a 64-32-10 classifier (tanh hidden units, softmax
//! outputs), for its code size. The network is a static in `.bss`.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use rand_core::SeedableRng;
use shinkei::activation::{Activation, Precision};
use shinkei::mlp::Mlp;
use shinkei::rng::Xoshiro128PlusPlus;
use shinkei_firmware_bench::exit;

#[entry]
fn main() -> ! {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(black_box(1));
    let Some(net) = cortex_m::singleton!(: Mlp<64, 32, 10> = Mlp::classifier(Activation::Tanh, Precision::Exact, &mut rng))
    else {
        exit(false)
    };
    let x = black_box([0.25f32; 64]);
    let result = black_box(&*net).predict(black_box(&x));
    exit(black_box(result).is_ok())
}
