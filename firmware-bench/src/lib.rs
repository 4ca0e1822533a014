//! Shared parts of the benchmark firmware: the markers that delimit a
//! counted region, the exit through semihosting, and the panic and
//! HardFault handlers.
//!
//! `cargo xtask bench` runs the `counts` binary in QEMU (`mps2-an386`) with
//! `-singlestep -d exec,nochain`, so that QEMU logs one line per executed
//! instruction. It counts the lines between each call of
//! [`shinkei_bench_start`] and the next call of [`shinkei_bench_end`],
//! found by their addresses in the ELF, and subtracts the count of an empty
//! region. The binary prints each region's name, work and unit of work on
//! QEMU's standard output before the region runs, so the counts pair with
//! names in order.
//!
//! The `size_*` binaries each call one kernel, so that their section sizes
//! show what that kernel adds to a program.
#![no_std]

use core::arch::asm;
use core::panic::PanicInfo;

use cortex_m_rt::{ExceptionFrame, exception};
use cortex_m_semihosting::{debug, hprintln};
use rand_core::SeedableRng;
use shinkei::rng::{Xoshiro128PlusPlus, uniform_range};

pub mod proposals;

// With cortex-m-semihosting 0.6 the critical-section implementation of
// `cortex-m` must be linked explicitly.
use cortex_m as _;

/// Marks the start of a counted region. Its body differs from
/// [`shinkei_bench_end`]'s so that the linker cannot merge the two.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn shinkei_bench_start() {
    // SAFETY: `nop` has no effect. The compiler must assume that the asm
    // block reads and writes memory, so no load or store of a region moves
    // across the marker.
    unsafe { asm!("nop") }
}

/// Marks the end of a counted region.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn shinkei_bench_end() {
    // SAFETY: as in `shinkei_bench_start`.
    unsafe { asm!("nop", "nop") }
}

/// The unit of work that a region's instruction count is divided by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// One multiply-accumulate.
    Mac,
    /// One synapse (weight) that the kernel reads or updates.
    Synapse,
}

impl Unit {
    /// Returns the name xtask reads from the region line.
    fn name(self) -> &'static str {
        match self {
            Unit::Mac => "mac",
            Unit::Synapse => "synapse",
        }
    }
}

/// Prints `region NAME MACS mac` and runs `kernel` between the two markers.
///
/// `macs` is the number of multiply-accumulates the kernel performs, or 0
/// where that does not apply; xtask divides the count by it. `kernel` should
/// call an `#[inline(never)]` function on inputs passed through
/// [`core::hint::black_box`], so that none of its work is folded into the
/// code around the markers.
pub fn measure<R>(name: &str, macs: u32, kernel: impl FnOnce() -> R) -> R {
    measure_work(name, macs, Unit::Mac, kernel)
}

/// Prints `region NAME WORK UNIT` and runs `kernel` between the two markers,
/// as [`measure`] does, for a kernel whose work is counted in `unit`.
pub fn measure_work<R>(name: &str, work: u32, unit: Unit, kernel: impl FnOnce() -> R) -> R {
    hprintln!("region {name} {work} {}", unit.name());
    shinkei_bench_start();
    let result = kernel();
    shinkei_bench_end();
    core::hint::black_box(result)
}

/// Returns `N` values uniform in `[-1, 1)` from a generator seeded with `seed`.
pub fn random_array<const N: usize>(seed: u64) -> [f32; N] {
    let mut rng = Xoshiro128PlusPlus::seed_from_u64(seed);
    core::array::from_fn(|_| uniform_range(&mut rng, -1.0, 1.0))
}

/// Ends the program through semihosting: QEMU exits with status 0 when
/// `success` is true and 1 otherwise.
pub fn exit(success: bool) -> ! {
    debug::exit(if success {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // QEMU stops at the exit call; this loop only runs without semihosting.
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    cortex_m_semihosting::heprintln!("panic: {}", info);
    exit(false)
}

#[exception]
unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
    cortex_m_semihosting::heprintln!("HardFault at pc {:#010x}", frame.pc());
    exit(false)
}
