//! The Cortex-M4F half of `cargo xtask bench`: instruction counts of the
//! kernels under QEMU and section sizes, from the package in
//! `firmware-bench/`.
//!
//! Counting: QEMU runs the `counts` binary with `-singlestep -d
//! exec,nochain`, which logs one line per executed instruction. The lines
//! between each call of the marker `shinkei_bench_start` and the next call
//! of `shinkei_bench_end` are one region's count, and the count of the
//! first, empty region (the marker calls themselves) is subtracted from
//! every other. The binary prints `region NAME WORK UNIT` before each
//! region, where `UNIT` is `mac` or `synapse`.

use std::fs::{self, File};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::cmd::{Cmd, announce, describe};
use crate::firmware::repo_root;
use crate::install::TARGET;
use crate::size::{find_size_tool, parse_sysv};

/// Time limit for one QEMU run with the instruction trace, in seconds. The
/// traced run took about 1 minute (`release`) and 2 minutes
/// (`release-size`) with QEMU 7.2 on a shared 2-core x86-64 machine. Most
/// of the traced instructions lie outside the counted regions, in setting
/// up the 256-unit threshold networks and Hopfield memories.
const COUNT_TIMEOUT_SECONDS: u64 = 600;

/// The binaries whose sections are reported; the first is the baseline
/// without any kernel.
pub const SIZE_BINARIES: [&str; 9] = [
    "size_empty",
    "size_dot",
    "size_matvec",
    "size_dense_forward",
    "size_mlp_predict",
    "size_sgd_step",
    "size_perceptron_step",
    "size_threshold_step",
    "size_hopfield_recall",
];

/// A Cargo profile of `firmware-bench/Cargo.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// `release`: `opt-level = 3`.
    Speed,
    /// `release-size`: `opt-level = "s"`, as the demo firmware.
    Size,
}

impl Profile {
    /// Both profiles, in the order of the report.
    pub const ALL: [Profile; 2] = [Profile::Speed, Profile::Size];

    /// Returns the Cargo profile name, which is also the output directory.
    pub fn cargo_name(self) -> &'static str {
        match self {
            Profile::Speed => "release",
            Profile::Size => "release-size",
        }
    }

    /// Returns the optimisation level as written in the report.
    pub fn opt_level(self) -> &'static str {
        match self {
            Profile::Speed => "opt-level 3",
            Profile::Size => "opt-level \"s\"",
        }
    }
}

/// The unit of work of a region, which its instruction count is divided by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// One multiply-accumulate (MAC).
    Mac,
    /// One synapse (weight) that the kernel reads or updates.
    Synapse,
}

impl Unit {
    /// Both units, in the order of the report.
    pub const ALL: [Unit; 2] = [Unit::Mac, Unit::Synapse];

    /// Returns the unit named `name` in a region line.
    fn parse(name: &str) -> Option<Unit> {
        match name {
            "mac" => Some(Unit::Mac),
            "synapse" => Some(Unit::Synapse),
            _ => None,
        }
    }
}

/// The instruction count of one region.
#[derive(Clone, Debug)]
pub struct Count {
    pub name: String,
    /// Units of work in the region, 0 where that does not apply.
    pub work: u64,
    pub unit: Unit,
    pub instructions: u64,
}

/// The sections of one ELF file, in bytes.
#[derive(Clone, Debug, Default)]
pub struct Sections {
    pub text: u64,
    pub rodata: u64,
    pub data: u64,
    pub bss: u64,
    /// Everything `cortex-m-rt` places in flash: vector table, `.text`,
    /// `.rodata` and the initial values of `.data`.
    pub flash: u64,
}

/// Binary names and their sections, in the order of the report.
pub type SizeTable = Vec<(String, Sections)>;

/// Returns the benchmark firmware package directory.
pub fn package_dir() -> PathBuf {
    repo_root().join("firmware-bench")
}

/// Builds every binary of the benchmark firmware in `profile`.
pub fn build(profile: Profile, target_dir: &Path) -> Result<(), String> {
    Cmd::new("cargo")
        .args(["build", "--bins", "--profile", profile.cargo_name()])
        .env("CARGO_TARGET_DIR", &target_dir.display().to_string())
        .dir(&package_dir())
        .run()
}

/// Returns the path of binary `name` built in `profile`.
pub fn elf(profile: Profile, target_dir: &Path, name: &str) -> PathBuf {
    target_dir
        .join(TARGET)
        .join(profile.cargo_name())
        .join(name)
}

/// Runs the `counts` binary of `profile` under QEMU with the instruction
/// trace in `trace_path`, and returns the count of every region with the
/// empty region's count subtracted. The trace is deleted afterwards.
pub fn count(profile: Profile, target_dir: &Path, trace_path: &Path) -> Result<Vec<Count>, String> {
    let elf = elf(profile, target_dir, "counts");
    let start = symbol_address(&elf, "shinkei_bench_start")?;
    let end = symbol_address(&elf, "shinkei_bench_end")?;

    let regions = run_traced(&elf, trace_path)?;
    let counts = count_regions(trace_path, start, end);
    // A partial trace is useless, and a full one takes 7 GB (`release`) to
    // 11 GB (`release-size`) of disk.
    let _ = fs::remove_file(trace_path);
    let counts = counts?;

    if counts.len() != regions.len() {
        return Err(format!(
            "the firmware announced {} regions but the trace has {}",
            regions.len(),
            counts.len()
        ));
    }
    let Some(&empty) = counts.first() else {
        return Err("the trace has no region".to_string());
    };
    Ok(regions
        .into_iter()
        .zip(counts)
        .skip(1)
        .map(|((name, work, unit), instructions)| Count {
            name,
            work,
            unit,
            instructions: instructions.saturating_sub(empty),
        })
        .collect())
}

/// Returns the address of `symbol` in `elf`, from `llvm-nm` or GNU `nm`,
/// with the Thumb bit cleared.
fn symbol_address(elf: &Path, symbol: &str) -> Result<u64, String> {
    let elf_arg = elf.display().to_string();
    let table = ["llvm-nm-14", "llvm-nm", "nm"]
        .iter()
        .find_map(|tool| Cmd::new(tool).args([elf_arg.as_str()]).probe())
        .ok_or("found no nm tool; install llvm (llvm-nm) or binutils (nm)")?;
    table
        .lines()
        .find_map(|line| {
            let mut fields = line.split_whitespace();
            let address = fields.next()?;
            let _kind = fields.next()?;
            (fields.next()? == symbol).then(|| u64::from_str_radix(address, 16).ok())?
        })
        .map(|address| address & !1)
        .ok_or_else(|| format!("symbol {symbol} not found in {}", elf.display()))
}

/// Runs `elf` under QEMU with the instruction trace written to
/// `trace_path`, and returns the name, work and unit of every region the
/// firmware announced on its standard output.
fn run_traced(elf: &Path, trace_path: &Path) -> Result<Vec<(String, u64, Unit)>, String> {
    let qemu = Cmd::new("timeout").args([
        "--kill-after=5",
        &COUNT_TIMEOUT_SECONDS.to_string(),
        "qemu-system-arm",
        "-machine",
        "mps2-an386",
        "-cpu",
        "cortex-m4",
        "-nographic",
        "-semihosting-config",
        "enable=on,target=native",
        "-singlestep",
        "-d",
        "exec,nochain",
        "-D",
        &trace_path.display().to_string(),
        "-kernel",
        &elf.display().to_string(),
    ]);
    announce(&qemu.display());
    let output = qemu
        .command()
        .stdin(Stdio::null())
        .output()
        .map_err(|error| qemu.spawn_error(&error))?;
    if !output.status.success() {
        return Err(format!(
            "the traced QEMU run failed ({}); its error output: {}",
            describe(output.status),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }

    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.trim().starts_with("region "))
        .map(parse_region)
        .collect()
}

/// Returns the name, work and unit of a `region NAME WORK UNIT` line.
fn parse_region(line: &str) -> Result<(String, u64, Unit), String> {
    let invalid = || {
        format!(
            "invalid region line {line:?}, expected `region NAME WORK UNIT` with UNIT `mac` or `synapse`"
        )
    };
    let rest = line.trim().strip_prefix("region ").ok_or_else(invalid)?;
    let (rest, unit) = rest.rsplit_once(' ').ok_or_else(invalid)?;
    let (name, work) = rest.rsplit_once(' ').ok_or_else(invalid)?;
    let unit = Unit::parse(unit).ok_or_else(invalid)?;
    let work = work.parse().map_err(|_| invalid())?;
    Ok((name.to_string(), work, unit))
}

/// Counts the trace lines strictly between each execution of `start` and
/// the next execution of `end`.
///
/// QEMU 7.2 writes one line per executed block, `Trace CPU: HOST_ADDRESS
/// [CS_BASE/PC/FLAGS/CFLAGS] SYMBOL`, and with `-singlestep` every block is
/// one instruction.
fn count_regions(trace_path: &Path, start: u64, end: u64) -> Result<Vec<u64>, String> {
    let file = File::open(trace_path)
        .map_err(|error| format!("cannot open {}: {error}", trace_path.display()))?;
    let mut counts = Vec::new();
    let mut current: Option<u64> = None;
    for line in BufReader::new(file).lines() {
        let line =
            line.map_err(|error| format!("cannot read {}: {error}", trace_path.display()))?;
        let Some(pc) = trace_pc(&line) else {
            continue;
        };
        match current {
            None if pc == start => current = Some(0),
            None => {}
            Some(count) if pc == end => {
                counts.push(count);
                current = None;
            }
            Some(count) => current = Some(count + 1),
        }
    }
    if current.is_some() {
        return Err(format!(
            "the trace {} ends inside a region",
            trace_path.display()
        ));
    }
    Ok(counts)
}

/// Returns the guest PC of a `Trace` line.
fn trace_pc(line: &str) -> Option<u64> {
    let fields = line.strip_prefix("Trace ")?.split_once('[')?.1;
    let pc = fields.split('/').nth(1)?;
    u64::from_str_radix(pc, 16).ok()
}

/// Returns the sections of `elf`.
pub fn sections(elf: &Path) -> Result<Sections, String> {
    let tool = find_size_tool()?;
    let table = Cmd::new(tool)
        .args(["-A", &elf.display().to_string()])
        .probe()
        .ok_or_else(|| format!("`{tool} -A {}` failed", elf.display()))?;
    let mut result = Sections::default();
    for (name, size) in parse_sysv(&table) {
        match name.as_str() {
            ".text" => result.text = size,
            ".rodata" => result.rodata = size,
            ".data" => result.data = size,
            ".bss" => result.bss = size,
            _ => {}
        }
        if crate::size::FLASH_SECTIONS.contains(&name.as_str()) {
            result.flash += size;
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_line_pc_read() {
        let line = "Trace 0: 0x7f39d0000240 [00800408/0000edde/00000110/ff000201] DefaultPreInit";
        assert_eq!(trace_pc(line), Some(0xedde));
        assert_eq!(trace_pc("Linking TBs"), None);
    }

    #[test]
    fn region_line_parsed() {
        let (name, work, unit) = parse_region("region memory_recall/i8/64 4096 synapse").unwrap();
        assert_eq!(name, "memory_recall/i8/64");
        assert_eq!(work, 4096);
        assert_eq!(unit, Unit::Synapse);
        let (name, work, unit) = parse_region("region dot/wide/8x1 8 mac").unwrap();
        assert_eq!((name.as_str(), work, unit), ("dot/wide/8x1", 8, Unit::Mac));
    }

    #[test]
    fn region_line_without_unit_rejected() {
        assert!(parse_region("region dot/wide/8x1 8").is_err());
        assert!(parse_region("region dot/wide/8x1 8 flop").is_err());
        assert!(parse_region("region dot/wide/8x1 eight mac").is_err());
    }

    #[test]
    fn regions_counted_between_markers() {
        let dir = std::env::temp_dir().join(format!("xtask-trace-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("trace.log");
        let line = |pc: u32| format!("Trace 0: 0x7f00 [00800408/{pc:08x}/00000110/ff000201] f\n");
        let mut text = String::new();
        for pc in [0x10, 0x100, 0x12, 0x14, 0x200, 0x20, 0x100, 0x200, 0x30] {
            text.push_str(&line(pc));
        }
        fs::write(&path, text).unwrap();
        let counts = count_regions(&path, 0x100, 0x200).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(counts, [2, 0]);
    }
}
