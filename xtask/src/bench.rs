//! `cargo xtask bench`: host throughput in two builds, Cortex-M4F
//! instruction counts and section sizes, written to `BENCHMARKS.md`.
//!
//! Everything builds in its own directory under the target directory
//! (`CARGO_TARGET_DIR` or `target/`), in `bench/`, so the two host builds
//! and the firmware do not rebuild each other's dependencies.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};

use crate::bench_host::{self, Build, Measurement, Timing};
use crate::bench_report::{self, Environment, Report};
use crate::bench_target::{self, Count, Profile, SizeTable};
use crate::cmd::Cmd;
use crate::firmware::{self, Board, repo_root};
use crate::install;

/// Criterion's time limits for the full run: about 2 s per benchmark,
/// so the two builds take about 7 minutes of measurement together.
pub const FULL_TIMING: Timing = Timing {
    warm_up_seconds: 0.5,
    measurement_seconds: 1.5,
};

/// Criterion's time limits for `--quick`, for checking the pipeline.
pub const QUICK_TIMING: Timing = Timing {
    warm_up_seconds: 0.3,
    measurement_seconds: 0.5,
};

/// Options of `cargo xtask bench`.
#[derive(Clone, Copy, Debug)]
pub struct BenchOptions {
    pub timing: Timing,
    /// Whether `timing` is [`QUICK_TIMING`], which the report points out.
    pub quick: bool,
    /// Read the criterion results of an earlier run instead of running
    /// criterion again.
    pub reuse_host_results: bool,
}

/// Runs every benchmark and writes `BENCHMARKS.md` in the repository root.
pub fn run(options: BenchOptions) -> Result<(), String> {
    let bench_dir = target_dir().join("bench");
    fs::create_dir_all(&bench_dir)
        .map_err(|error| format!("cannot create {}: {error}", bench_dir.display()))?;

    if !options.reuse_host_results {
        install::ensure_fann()?;
    }

    let mut host = Vec::new();
    for build in Build::ALL {
        let dir = bench_dir.join(build.name());
        let results = if options.reuse_host_results {
            bench_host::read_results(&dir.join("criterion"))?
        } else {
            bench_host::run(build, &dir, options.timing)?
        };
        host.push((build, results));
    }

    install::ensure_target()?;
    install::ensure_qemu()?;
    let firmware_dir = bench_dir.join("firmware");
    let mut counts: Vec<(Profile, Vec<Count>)> = Vec::new();
    for profile in Profile::ALL {
        bench_target::build(profile, &firmware_dir)?;
        let trace = bench_dir.join(format!("trace-{}.log", profile.cargo_name()));
        counts.push((
            profile,
            bench_target::count(profile, &firmware_dir, &trace)?,
        ));
    }

    let sizes = sizes(&firmware_dir)?;
    let report = Report {
        environment: environment(options.timing, options.quick),
        host,
        counts,
        sizes,
    };
    let path = repo_root().join("BENCHMARKS.md");
    fs::write(&path, bench_report::render(&report))
        .map_err(|error| format!("failed to write {}: {error}", path.display()))?;
    println!("xtask: wrote {}", path.display());
    Ok(())
}

/// Returns the section sizes of every `size_*` binary in each profile, and
/// of the demo firmware with the `opt-level = "s"` profile, its own setting.
fn sizes(firmware_dir: &Path) -> Result<Vec<(Profile, SizeTable)>, String> {
    let demo = firmware::build(Board::Qemu)?;
    let mut sizes = Vec::new();
    for profile in Profile::ALL {
        let mut rows = Vec::new();
        if profile == Profile::Size {
            rows.push((
                "demo firmware (firmware/)".to_string(),
                bench_target::sections(&demo)?,
            ));
        }
        for name in bench_target::SIZE_BINARIES {
            let elf = bench_target::elf(profile, firmware_dir, name);
            rows.push((name.to_string(), bench_target::sections(&elf)?));
        }
        sizes.push((profile, rows));
    }
    Ok(sizes)
}

/// Returns the target directory: `CARGO_TARGET_DIR` if set, else
/// `target/` in the repository root.
fn target_dir() -> PathBuf {
    match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => repo_root().join(dir),
        None => repo_root().join("target"),
    }
}

/// Describes the machine and the tools, for the report's header.
fn environment(timing: Timing, quick: bool) -> Environment {
    let lscpu = Cmd::new("lscpu").probe().unwrap_or_default();
    let field = |name: &str| {
        lscpu
            .lines()
            .find_map(|line| {
                line.strip_prefix(name)?
                    .strip_prefix(':')
                    .map(|value| value.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".to_string())
    };
    let first_line = |cmd: Cmd| {
        cmd.probe()
            .and_then(|output| output.lines().next().map(str::to_string))
            .unwrap_or_else(|| "unknown".to_string())
    };
    let rustc = Cmd::new("rustc").args(["-vV"]).probe().unwrap_or_default();
    let llvm = rustc
        .lines()
        .find_map(|line| line.strip_prefix("LLVM version: "))
        .unwrap_or("unknown");

    Environment {
        cpu: field("Model name"),
        cpus: field("CPU(s)"),
        date: first_line(Cmd::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])),
        rustc: format!(
            "{} (LLVM {llvm})",
            rustc.lines().next().unwrap_or("unknown")
        ),
        qemu: first_line(Cmd::new("qemu-system-arm").args(["--version"])),
        fann: Cmd::new("dpkg-query")
            .args(["-W", "-f", "${Version}", "libfann-dev"])
            .probe()
            .unwrap_or_else(|| "not found".to_string()),
        nalgebra: lock_version("nalgebra"),
        criterion: lock_version("criterion"),
        timing,
        quick,
    }
}

/// Returns the version of `package` in the workspace's `Cargo.lock`.
fn lock_version(package: &str) -> String {
    let lock = fs::read_to_string(repo_root().join("Cargo.lock")).unwrap_or_default();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == format!("name = \"{package}\"")
            && let Some(version) = lines
                .next()
                .and_then(|next| next.trim().strip_prefix("version = "))
        {
            return version.trim_matches('"').to_string();
        }
    }
    "unknown".to_string()
}

/// Returns the measurement with criterion id `id`.
pub fn find<'a>(results: &'a [Measurement], id: &str) -> Option<&'a Measurement> {
    results.iter().find(|measurement| measurement.id == id)
}
