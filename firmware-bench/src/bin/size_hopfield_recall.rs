//! One synchronous recall step of a Hopfield memory of 64 units with `i8`
//! weights, for its code size. The memory is a static in `.bss`, and it
//! reaches the recall through `black_box`, so the compiler cannot use its
//! zero weights. Storing patterns would add the code of the storage rule.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use shinkei::memory::{BipolarPattern, Hopfield, OnlineRule};
use shinkei_firmware_bench::exit;

#[entry]
fn main() -> ! {
    let Some(memory) =
        cortex_m::singleton!(: Hopfield<i8, 64, 2> = Hopfield::new(OnlineRule::Hebbian))
    else {
        exit(false)
    };
    let mut state = BipolarPattern::<64, 2>::from_words(black_box([0x1234_5678, 0x9abc_def0]));
    let report = black_box(&*memory).recall_synchronous(black_box(&mut state), 1);
    exit(black_box(report).steps == 1)
}
