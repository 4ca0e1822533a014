//! Build script of the benchmarks: finds FANN's single-precision library.
//!
//! When `libfloatfann` (Debian package `libfann-dev`) is found, the script
//! links it and sets `cfg(fann)`, which turns on the FANN peer benchmark.
//! Without it the other benchmarks still build, and a warning names the
//! missing library. `FANN_LIB_DIR` adds a directory to search first.

use std::env;
use std::path::PathBuf;

/// Directories searched after `FANN_LIB_DIR`, in order.
const LIBRARY_DIRS: [&str; 4] = [
    "/usr/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/usr/local/lib",
    "/usr/lib",
];

fn main() {
    println!("cargo::rustc-check-cfg=cfg(fann)");
    println!("cargo::rerun-if-env-changed=FANN_LIB_DIR");

    let mut dirs: Vec<PathBuf> = env::var_os("FANN_LIB_DIR")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    dirs.extend(LIBRARY_DIRS.iter().map(PathBuf::from));

    let found = dirs.iter().find(|dir| {
        ["libfloatfann.so", "libfloatfann.a"]
            .iter()
            .any(|name| dir.join(name).is_file())
    });
    match found {
        Some(dir) => {
            println!("cargo::rustc-link-search=native={}", dir.display());
            println!("cargo::rustc-link-lib=floatfann");
            println!("cargo::rustc-cfg=fann");
        }
        None => println!(
            "cargo::warning=libfloatfann not found, so the FANN benchmark is skipped; \
             install it with `apt-get install libfann-dev` or set FANN_LIB_DIR"
        ),
    }
}
