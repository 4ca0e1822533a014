//! Build script of the benchmark firmware: copies the QEMU `mps2-an386`
//! memory layout from the demo firmware (`../firmware/memory/qemu.x`) to
//! `OUT_DIR/memory.x`, where `cortex-m-rt`'s `link.x` finds it.

use std::env;
use std::fs;
use std::path::PathBuf;

const LAYOUT: &str = "../firmware/memory/qemu.x";

fn main() {
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target = out_dir.join("memory.x");
    if let Err(error) = fs::copy(LAYOUT, &target) {
        eprintln!(
            "error: failed to copy {LAYOUT} to {}: {error}",
            target.display()
        );
        std::process::exit(1);
    }
    println!("cargo:rerun-if-changed={LAYOUT}");
    println!("cargo:rustc-link-search={}", out_dir.display());
    println!("cargo:rustc-link-arg-bins=--nmagic");
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
}
