//! Locations and cargo invocations of the firmware package in `firmware/`.
//!
//! The firmware is excluded from the workspace and has its own
//! `.cargo/config.toml` (target, runner, `DEFMT_LOG`), which cargo reads
//! from the working directory, so every firmware command runs in there.

use std::env;
use std::fmt;
use std::fs;
use std::path::PathBuf;

use crate::cmd::Cmd;
use crate::install::TARGET;

/// The boards the firmware builds for, one Cargo feature each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Board {
    /// QEMU `mps2-an386`, the default feature.
    Qemu,
    /// nRF52840.
    Nrf52840,
    /// STM32F411CE.
    Stm32f411,
}

impl Board {
    /// Every board, the default first.
    pub const ALL: [Board; 3] = [Board::Qemu, Board::Nrf52840, Board::Stm32f411];

    /// Returns the Cargo feature that selects the board.
    pub fn feature(self) -> &'static str {
        match self {
            Board::Qemu => "qemu",
            Board::Nrf52840 => "nrf52840",
            Board::Stm32f411 => "stm32f411",
        }
    }

    /// Parses a feature name.
    pub fn parse(name: &str) -> Result<Board, String> {
        Board::ALL
            .into_iter()
            .find(|board| board.feature() == name)
            .ok_or_else(|| format!("unknown board {name:?}; expected qemu, nrf52840 or stm32f411"))
    }

    /// Returns the Cargo arguments that select the board's feature.
    fn feature_args(self) -> Vec<&'static str> {
        match self {
            Board::Qemu => Vec::new(),
            board => vec!["--no-default-features", "--features", board.feature()],
        }
    }
}

impl fmt::Display for Board {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.feature())
    }
}

/// Returns the repository root, one level above this package.
pub fn repo_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Returns the firmware package directory.
pub fn firmware_dir() -> PathBuf {
    repo_root().join("firmware")
}

/// Returns the path of the release ELF of the last firmware build, whichever
/// board it was for. Follows `CARGO_TARGET_DIR` if it is set, relative to `firmware/`.
pub fn elf_path() -> PathBuf {
    let target_dir = match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => firmware_dir().join(dir),
        None => firmware_dir().join("target"),
    };
    target_dir
        .join(TARGET)
        .join("release")
        .join("shinkei-firmware")
}

/// Builds the release firmware for `board` and returns the ELF path.
pub fn build(board: Board) -> Result<PathBuf, String> {
    Cmd::new("cargo")
        .args(["build", "--release"])
        .args(board.feature_args())
        .dir(&firmware_dir())
        .run()?;
    let elf = elf_path();
    if !elf.is_file() {
        return Err(format!(
            "the build finished but {} does not exist",
            elf.display()
        ));
    }
    Ok(elf)
}

/// Runs clippy on the firmware for `board`, denying warnings.
pub fn clippy(board: Board) -> Result<(), String> {
    Cmd::new("cargo")
        .args(["clippy", "--release"])
        .args(board.feature_args())
        .args(["--", "-D", "warnings"])
        .dir(&firmware_dir())
        .run()
}

/// Reads `EPOCHS` from `firmware/src/training.rs`, so the log check expects
/// as many epoch lines as the firmware was built to print.
pub fn epochs() -> Result<u32, String> {
    let path = firmware_dir().join("src").join("training.rs");
    let source = fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let prefix = "pub const EPOCHS: u32 = ";
    source
        .lines()
        .find_map(|line| line.trim().strip_prefix(prefix))
        .and_then(|rest| {
            rest.trim_end_matches(';')
                .trim()
                .replace('_', "")
                .parse()
                .ok()
        })
        .ok_or_else(|| format!("no line `{prefix}N;` in {}", path.display()))
}
