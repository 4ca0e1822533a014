//! Installs the tools that the firmware steps need, when they are missing.
//!
//! Each installer first checks whether the tool works, and prints what it
//! installs before it runs the installer, so a machine that has everything
//! gets only the checks.

use crate::cmd::Cmd;

/// The Cortex-M4F target that the kernel and the firmware are built for.
pub const TARGET: &str = "thumbv7em-none-eabihf";

/// Installs the standard library for [`TARGET`] with rustup.
///
/// `rust-toolchain.toml` lists the target, but rustup installs it from there
/// only when automatic installs are enabled (`RUSTUP_AUTO_INSTALL` unset or
/// 1), so this always checks.
pub fn ensure_target() -> Result<(), String> {
    let installed = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .probe()
        .ok_or(
            "`rustup target list --installed` failed; rustup is needed to add the Cortex-M target",
        )?;
    if installed.lines().any(|line| line.trim() == TARGET) {
        return Ok(());
    }

    println!("xtask: installing the Rust standard library for {TARGET}");
    Cmd::new("rustup")
        .args(["target", "add", TARGET])
        .run()
        .map_err(|error| {
            format!("{error}; add the target by hand with `rustup target add {TARGET}`")
        })
}

/// Installs rustfmt and clippy with rustup if `cargo fmt` or `cargo clippy`
/// does not run.
pub fn ensure_components() -> Result<(), String> {
    let fmt = Cmd::new("cargo")
        .args(["fmt", "--version"])
        .probe()
        .is_some();
    let clippy = Cmd::new("cargo")
        .args(["clippy", "--version"])
        .probe()
        .is_some();
    if fmt && clippy {
        return Ok(());
    }

    println!("xtask: installing the rustfmt and clippy components");
    Cmd::new("rustup")
        .args(["component", "add", "rustfmt", "clippy"])
        .run()
}

/// Installs QEMU's Arm system emulator with apt-get, through sudo unless
/// running as root.
pub fn ensure_qemu() -> Result<(), String> {
    if Cmd::new("qemu-system-arm")
        .args(["--version"])
        .probe()
        .is_some()
    {
        return Ok(());
    }

    apt_install("qemu-system-arm")?;

    if Cmd::new("qemu-system-arm")
        .args(["--version"])
        .probe()
        .is_none()
    {
        return Err(
            "`qemu-system-arm --version` still fails after the apt-get install; is /usr/bin in PATH?"
                .to_string(),
        );
    }
    Ok(())
}

/// Installs `defmt-print`, which decodes the firmware's log, with
/// `cargo install` (about a minute of compiling).
pub fn ensure_defmt_print() -> Result<(), String> {
    if Cmd::new("defmt-print")
        .args(["--version"])
        .probe()
        .is_some()
    {
        return Ok(());
    }

    println!("xtask: installing defmt-print with cargo install");
    Cmd::new("cargo")
        .args(["install", "defmt-print", "--locked"])
        .run()?;
    if Cmd::new("defmt-print")
        .args(["--version"])
        .probe()
        .is_none()
    {
        return Err(
            "defmt-print still does not run after cargo install; is ~/.cargo/bin in PATH?"
                .to_string(),
        );
    }
    Ok(())
}

/// Everything that building and running the QEMU firmware needs.
pub fn ensure_firmware_tools() -> Result<(), String> {
    ensure_target()?;
    ensure_qemu()?;
    ensure_defmt_print()
}

/// Installs FANN's development package, the peer in the SGD benchmarks.
pub fn ensure_fann() -> Result<(), String> {
    let installed = || {
        Cmd::new("dpkg-query")
            .args(["-W", "-f", "${Status}", "libfann-dev"])
            .probe()
            .is_some_and(|status| status.contains("install ok installed"))
    };
    if installed() {
        return Ok(());
    }
    apt_install("libfann-dev")?;
    if installed() {
        Ok(())
    } else {
        Err("libfann-dev is still not installed after apt-get install".to_string())
    }
}

/// Installs one Debian package without its recommendations, running
/// `apt-get update` and retrying once if the first install fails, because a
/// fresh machine often has no package lists.
fn apt_install(package: &str) -> Result<(), String> {
    println!("xtask: installing {package} with apt-get");
    let install = apt_get(&["install", "-y", "--no-install-recommends", package]);
    if let Err(first) = install.run() {
        println!("xtask: {first}; updating the package lists and retrying");
        apt_get(&["update"]).run()?;
        install.run()?;
    }
    Ok(())
}

fn apt_get(args: &[&str]) -> Cmd {
    // sudo resets the environment, so DEBIAN_FRONTEND only reaches apt-get
    // when it runs directly. `-y` already answers apt-get's own question.
    if is_root() {
        Cmd::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(args)
    } else {
        Cmd::new("sudo").args(["apt-get"]).args(args)
    }
}

fn is_root() -> bool {
    Cmd::new("id")
        .args(["-u"])
        .probe()
        .is_some_and(|uid| uid.trim() == "0")
}
