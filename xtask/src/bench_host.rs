//! The host half of `cargo xtask bench`: runs the criterion benchmarks of
//! `benches/` in one build and reads criterion's results back.

use std::fs;
use std::path::{Path, PathBuf};

use crate::cmd::Cmd;

/// A build of the host benchmarks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    /// The default `x86_64-unknown-linux-gnu` target: SSE2, no FMA.
    Baseline,
    /// `-C target-cpu=native`: every extension of the machine, FMA included.
    Native,
}

impl Build {
    /// Both builds, in the order of the report.
    pub const ALL: [Build; 2] = [Build::Baseline, Build::Native];

    /// Returns the `RUSTFLAGS` of the build.
    pub fn rustflags(self) -> &'static str {
        match self {
            Build::Baseline => "",
            Build::Native => "-C target-cpu=native",
        }
    }

    /// Returns a short name for headings and directory names.
    pub fn name(self) -> &'static str {
        match self {
            Build::Baseline => "default",
            Build::Native => "native",
        }
    }
}

/// Criterion's time limits per benchmark, in seconds.
#[derive(Clone, Copy, Debug)]
pub struct Timing {
    pub warm_up_seconds: f64,
    pub measurement_seconds: f64,
}

/// One benchmark result: criterion's median time per iteration.
#[derive(Clone, Debug)]
pub struct Measurement {
    /// Criterion's full id, `group/function/parameter`.
    pub id: String,
    /// Median time per iteration, in nanoseconds.
    pub nanos: f64,
    /// Criterion's throughput elements per iteration: FLOPs or samples,
    /// depending on the group.
    pub elements: Option<u64>,
}

impl Measurement {
    /// Returns elements per second.
    pub fn per_second(&self) -> Option<f64> {
        self.elements
            .map(|elements| elements as f64 / (self.nanos * 1e-9))
    }
}

/// Returns the `cargo bench` command of one build, with the target
/// directory `target_dir`; `filter` selects benchmarks by criterion id.
pub fn bench_command(build: Build, target_dir: &Path, timing: Timing, filter: Option<&str>) -> Cmd {
    let mut cmd = Cmd::new("cargo")
        .args(["bench", "-p", "shinkei-benches", "--benches", "--"])
        .args(filter)
        .args([
            "--warm-up-time",
            &timing.warm_up_seconds.to_string(),
            "--measurement-time",
            &timing.measurement_seconds.to_string(),
            "--noplot",
        ])
        .env("CARGO_TARGET_DIR", &target_dir.display().to_string());
    cmd = cmd.env("RUSTFLAGS", build.rustflags());
    cmd
}

/// Runs every criterion benchmark in `build` and returns the results.
///
/// Criterion writes its results under `target_dir/criterion`, which is
/// emptied first so that no result of an older run is reported.
pub fn run(build: Build, target_dir: &Path, timing: Timing) -> Result<Vec<Measurement>, String> {
    let criterion_dir = target_dir.join("criterion");
    if criterion_dir.exists() {
        fs::remove_dir_all(&criterion_dir).map_err(|error| {
            format!(
                "failed to remove old results in {}: {error}",
                criterion_dir.display()
            )
        })?;
    }
    bench_command(build, target_dir, timing, None).run()?;
    read_results(&criterion_dir)
}

/// Reads every `new/benchmark.json` and `new/estimates.json` pair under
/// `criterion_dir`.
pub fn read_results(criterion_dir: &Path) -> Result<Vec<Measurement>, String> {
    let mut directories = Vec::new();
    collect_result_dirs(criterion_dir, &mut directories)?;
    let mut results = Vec::new();
    for dir in directories {
        let read = |name: &str| {
            let path = dir.join(name);
            fs::read_to_string(&path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))
        };
        let benchmark = read("benchmark.json")?;
        let estimates = read("estimates.json")?;
        let id = json_string(&benchmark, "full_id")
            .ok_or_else(|| format!("no full_id in {}", dir.join("benchmark.json").display()))?;
        let nanos = median_nanos(&estimates).ok_or_else(|| {
            format!(
                "no median estimate in {}",
                dir.join("estimates.json").display()
            )
        })?;
        let elements = json_number(&benchmark, "Elements").map(|value| value as u64);
        results.push(Measurement {
            id,
            nanos,
            elements,
        });
    }
    if results.is_empty() {
        return Err(format!(
            "criterion wrote no results under {}",
            criterion_dir.display()
        ));
    }
    results.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(results)
}

fn collect_result_dirs(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        fs::read_dir(dir).map_err(|error| format!("cannot list {}: {error}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|error| format!("cannot list {}: {error}", dir.display()))?
            .path();
        if !path.is_dir() {
            continue;
        }
        if path.file_name().is_some_and(|name| name == "new")
            && path.join("estimates.json").is_file()
        {
            found.push(path);
        } else {
            collect_result_dirs(&path, found)?;
        }
    }
    Ok(())
}

/// Returns the string value of the first `"key":"value"` pair in `json`.
/// Criterion's ids contain no escaped characters, so none are decoded.
fn json_string(json: &str, key: &str) -> Option<String> {
    let start = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let end = start + json[start..].find('"')?;
    Some(json[start..end].to_string())
}

/// Returns the number after the first `"key":` in `json`.
fn json_number(json: &str, key: &str) -> Option<f64> {
    let start = json.find(&format!("\"{key}\":"))? + key.len() + 3;
    let rest = &json[start..];
    let end = rest.find([',', '}']).unwrap_or(rest.len());
    rest[..end].trim().parse().ok()
}

/// Returns the point estimate of the median from criterion's
/// `estimates.json`. The median's object lists its confidence interval and
/// then its point estimate, so the first `point_estimate` after `"median":`
/// is the one.
fn median_nanos(estimates: &str) -> Option<f64> {
    let start = estimates.find("\"median\":")?;
    json_number(&estimates[start..], "point_estimate")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criterion_json_fields_read() {
        let benchmark = r#"{"group_id":"sgd_step","function_id":"shinkei","value_str":"64-32-10","throughput":{"Elements":1},"full_id":"sgd_step/shinkei/64-32-10"}"#;
        assert_eq!(
            json_string(benchmark, "full_id").as_deref(),
            Some("sgd_step/shinkei/64-32-10")
        );
        assert_eq!(json_number(benchmark, "Elements"), Some(1.0));

        let estimates = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":2.0,"upper_bound":5.0},"point_estimate":4.0,"standard_error":0.6},"median":{"confidence_interval":{"confidence_level":0.95,"lower_bound":996.5,"upper_bound":1007.8},"point_estimate":999.9,"standard_error":5.3}}"#;
        assert_eq!(median_nanos(estimates), Some(999.9));
    }

    #[test]
    fn missing_throughput_read_as_none() {
        let benchmark = r#"{"group_id":"peak","throughput":null,"full_id":"peak/x"}"#;
        assert_eq!(json_number(benchmark, "Elements"), None);
    }
}
