//! `cargo xtask size`: section sizes of a release firmware build.
//!
//! Uses `llvm-size-14`, `llvm-size` or GNU `size`, whichever runs first,
//! because `cargo size` needs the `llvm-tools` component.

use std::path::Path;

use crate::cmd::Cmd;
use crate::firmware::{self, Board};

/// Sections that `cortex-m-rt`'s `link.x` places in flash. `.data` is also
/// counted, because its initial values are stored in flash.
pub const FLASH_SECTIONS: [&str; 5] =
    [".vector_table", ".text", ".rodata", ".gnu.sgstubs", ".data"];

/// Sections that occupy RAM before the stack: initialised, zeroed and
/// uninitialised statics.
const RAM_SECTIONS: [&str; 3] = [".data", ".bss", ".uninit"];

/// Builds the firmware for `board` in release and prints its sections.
pub fn run(board: Board) -> Result<(), String> {
    crate::install::ensure_target()?;
    let elf = firmware::build(board)?;
    let tool = find_size_tool()?;

    let table = Cmd::new(tool)
        .args(["-A", &elf.display().to_string()])
        .probe()
        .ok_or_else(|| format!("`{tool} -A {}` failed", elf.display()))?;
    print!("{table}");

    let sections = parse_sysv(&table);
    let total = |names: &[&str]| -> u64 {
        sections
            .iter()
            .filter(|(name, _)| names.contains(&name.as_str()))
            .map(|(_, size)| size)
            .sum()
    };
    println!("firmware for {board}: {}", display_path(&elf));
    println!(
        "flash: {} bytes ({})",
        total(&FLASH_SECTIONS),
        FLASH_SECTIONS.join(" + ")
    );
    println!(
        "static RAM: {} bytes ({}); the stack comes on top",
        total(&RAM_SECTIONS),
        RAM_SECTIONS.join(" + ")
    );
    Ok(())
}

pub fn find_size_tool() -> Result<&'static str, String> {
    for tool in ["llvm-size-14", "llvm-size", "size"] {
        if Cmd::new(tool).args(["--version"]).probe().is_some() {
            return Ok(tool);
        }
    }
    Err("found no size tool; install llvm (llvm-size) or binutils (size)".to_string())
}

/// Parses System V output (`size -A`): `name size address` rows.
pub fn parse_sysv(table: &str) -> Vec<(String, u64)> {
    table
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let name = fields.next()?;
            let size = fields.next()?.parse().ok()?;
            name.starts_with('.').then(|| (name.to_string(), size))
        })
        .collect()
}

fn display_path(path: &Path) -> String {
    path.strip_prefix(firmware::repo_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sysv_table_parsed() {
        let table = "\
target/shinkei-firmware  :
section               size        addr
.vector_table         1024           0
.text                20000        1024
.bss                  1200   536870912
.debug_info         300000           0
Total               322224
";
        let sections = parse_sysv(table);
        assert_eq!(
            sections,
            [
                (".vector_table".to_string(), 1024),
                (".text".to_string(), 20000),
                (".bss".to_string(), 1200),
                (".debug_info".to_string(), 300000),
            ]
        );
    }
}
