//! Board-specific parts: the defmt transport, the panic and HardFault
//! handlers, and how the program reports its result.
//!
//! | feature | defmt transport | panic | HardFault | end of run |
//! | --- | --- | --- | --- | --- |
//! | `qemu` | semihosting, to QEMU's stdout | logged, exit failure | logged, exit failure | semihosting exit |
//! | `nrf52840`, `stm32f411` | RTT | `panic-probe` (`udf`) | `cortex-m-rt` default | semihosting exit on success, `udf` on failure |
//!
//! On a real board `probe-rs run` stops on the semihosting exit call and on
//! a HardFault, which `panic-probe` raises with `udf`, and turns the latter
//! into a non-zero exit code.

#[cfg(not(any(feature = "qemu", feature = "nrf52840", feature = "stm32f411")))]
compile_error!("enable one board feature: qemu (the default), nrf52840 or stm32f411");

#[cfg(all(feature = "qemu", any(feature = "nrf52840", feature = "stm32f411")))]
compile_error!("the qemu feature is on by default: build a real board with --no-default-features");

#[cfg(all(feature = "nrf52840", feature = "stm32f411"))]
compile_error!("enable only one of the features nrf52840 and stm32f411");

#[cfg(feature = "qemu")]
use defmt_semihosting as _;

#[cfg(not(feature = "qemu"))]
use defmt_rtt as _;
#[cfg(not(feature = "qemu"))]
use panic_probe as _;

/// Ends the program and reports `success` to the host: as QEMU's exit code,
/// or to `probe-rs run` on a real board.
pub fn exit(success: bool) -> ! {
    defmt::flush();
    report_exit(success)
}

#[cfg(feature = "qemu")]
fn report_exit(success: bool) -> ! {
    use cortex_m_semihosting::debug;

    debug::exit(if success {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    // QEMU ends at the exit call, so this loop only runs without semihosting.
    loop {
        cortex_m::asm::wfi();
    }
}

// NOTE: without a debugger attached, the semihosting call itself faults
// (`bkpt` escalates to HardFault). Both endings then stop the core, which is
// fine for a program that is only meant to run under `probe-rs run`.
#[cfg(not(feature = "qemu"))]
fn report_exit(success: bool) -> ! {
    if success {
        cortex_m_semihosting::debug::exit(cortex_m_semihosting::debug::EXIT_SUCCESS);
        loop {
            cortex_m::asm::wfi();
        }
    } else {
        panic_probe::hard_fault()
    }
}

#[cfg(feature = "qemu")]
mod qemu_handlers {
    use core::panic::PanicInfo;
    use core::sync::atomic::{AtomicBool, Ordering};

    use cortex_m_rt::{ExceptionFrame, exception};

    /// Set by the first panic or HardFault. A second one, for example the
    /// "taken reentrantly" panic when the first failure happened inside the
    /// logger, exits at once without touching the logger again, because both
    /// logging and `defmt::flush` acquire it and would panic once more.
    static FAILING: AtomicBool = AtomicBool::new(false);

    #[panic_handler]
    fn panic(info: &PanicInfo) -> ! {
        if FAILING.swap(true, Ordering::Relaxed) {
            super::report_exit(false)
        }
        defmt::error!("panic: {}", defmt::Display2Format(info));
        super::exit(false)
    }

    #[exception]
    unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
        if FAILING.swap(true, Ordering::Relaxed) {
            super::report_exit(false)
        }
        defmt::error!(
            "HardFault at pc {=u32:#010x} (lr {=u32:#010x}, xpsr {=u32:#010x})",
            frame.pc(),
            frame.lr(),
            frame.xpsr()
        );
        super::exit(false)
    }
}
