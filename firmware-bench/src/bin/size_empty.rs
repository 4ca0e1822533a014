//! The baseline for the `size_*` binaries: start-up, the semihosting exit
//! and the panic handler, and no kernel.
#![no_std]
#![no_main]

use cortex_m_rt::entry;
use shinkei_firmware_bench::exit;

#[entry]
fn main() -> ! {
    exit(core::hint::black_box(true))
}
