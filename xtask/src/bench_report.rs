//! Renders the results of `cargo xtask bench` as `BENCHMARKS.md`.

use std::fmt::Write;

use crate::bench::find;
use crate::bench_host::{Build, Measurement, Timing};
use crate::bench_target::{Count, Profile, Sections, SizeTable, Unit};

/// The machine and the tool versions.
pub struct Environment {
    pub cpu: String,
    pub cpus: String,
    pub date: String,
    pub rustc: String,
    pub qemu: String,
    pub fann: String,
    pub nalgebra: String,
    pub criterion: String,
    pub timing: Timing,
    /// Whether the run used `--quick`.
    pub quick: bool,
}

/// Everything the report shows.
pub struct Report {
    pub environment: Environment,
    pub host: Vec<(Build, Vec<Measurement>)>,
    pub counts: Vec<(Profile, Vec<Count>)>,
    pub sizes: Vec<(Profile, SizeTable)>,
}

/// Aims the benchmarks are read against. They are targets for the kernels,
/// not tests: the report marks whether each is met.
const AIM_SGD_SAMPLES_PER_SECOND: f64 = 2.0e6;
const AIM_FANN_RATIO: f64 = 10.0;
const AIM_PEAK_FRACTION: f64 = 0.25;
const AIM_INSTRUCTIONS_PER_MAC: f64 = 2.5;

/// Layers whose weights fit in a 32 KiB L1 data cache: 64 × 32 and 32 × 10
/// floats take 8 KiB and 1.25 KiB.
const L1_LAYERS: [&str; 2] = ["64x32", "32x10"];

/// Returns the Markdown text of `BENCHMARKS.md`.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    header(&mut out, &report.environment);
    aims(&mut out, report);
    for (build, results) in &report.host {
        host_section(&mut out, *build, results, &report.environment.timing);
    }
    counts_section(&mut out, &report.counts);
    sizes_section(&mut out, &report.sizes);
    out
}

fn header(out: &mut String, env: &Environment) {
    let _ = writeln!(
        out,
        "# Benchmarks\n\n\
         Written by `cargo xtask bench`, which runs everything below in one go\n\
         and takes about 15 minutes; run it on an otherwise idle machine.\n\n\
         | | |\n| --- | --- |\n\
         | date | {} |\n\
         | CPU | {} ({} logical CPUs) |\n\
         | compiler | {} |\n\
         | host builds | default `x86_64-unknown-linux-gnu` (SSE2, no FMA), and `RUSTFLAGS=\"-C target-cpu=native\"` |\n\
         | bench profile | the workspace's: `opt-level = 3`, `debug = 1` |\n\
         | criterion | {}, median of {} s after {} s of warm-up per benchmark |\n\
         | peers | nalgebra {}, FANN {} (Debian `libfann-dev`, prebuilt, single precision) |\n\
         | emulator | {}, machine `mps2-an386` (Cortex-M4F) |\n",
        env.date,
        env.cpu,
        env.cpus,
        env.rustc,
        env.criterion,
        env.timing.measurement_seconds,
        env.timing.warm_up_seconds,
        env.nalgebra,
        env.fann,
        env.qemu,
    );
    if env.quick {
        let _ = writeln!(
            out,
            "**This is a `--quick` run: each benchmark was measured briefly, so the\n\
             host figures are rough.**\n"
        );
    }
    let _ = writeln!(
        out,
        "Host times are criterion's median per call. Throughput is in FLOP/s, two\n\
         per multiply-accumulate, except for training steps, which are in samples\n\
         per second; a synapse update is one weight changed by one step. Peak is\n\
         the best FLOP/s of the `peak` benchmark in the same build.\n"
    );
}

fn aims(out: &mut String, report: &Report) {
    let _ = writeln!(
        out,
        "## Aims\n\n| aim | measured | met |\n| --- | --- | --- |"
    );
    let native = report
        .host
        .iter()
        .find(|(build, _)| *build == Build::Native)
        .map(|(_, results)| results.as_slice());

    if let Some(results) = native {
        if let Some(step) =
            find(results, "sgd_step/shinkei/64-32-10").and_then(Measurement::per_second)
        {
            aim_row(
                out,
                "64-32-10 SGD step ≥ 2 M samples/s (native)",
                &format!("{} samples/s", si(step)),
                step >= AIM_SGD_SAMPLES_PER_SECOND,
            );
        }
        let shinkei = find(results, "sgd_step/shinkei/64-32-10");
        let fann = find(results, "sgd_step/fann/64-32-10");
        match (shinkei, fann) {
            (Some(shinkei), Some(fann)) => {
                let ratio = fann.nanos / shinkei.nanos;
                aim_row(
                    out,
                    "64-32-10 SGD step ≥ 10× FANN's incremental step (native)",
                    &format!("{ratio:.1}×"),
                    ratio >= AIM_FANN_RATIO,
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "| 64-32-10 SGD step ≥ 10× FANN's incremental step | FANN not measured: install `libfann-dev` | – |"
                );
            }
        }
        let peak = peak_flops(results);
        for layer in L1_LAYERS {
            for activation in ["identity", "tanh"] {
                let id = format!("dense_forward/{activation}/{layer}");
                if let (Some(flops), Some(peak)) =
                    (find(results, &id).and_then(Measurement::per_second), peak)
                {
                    let fraction = flops / peak;
                    aim_row(
                        out,
                        &format!("dense forward {layer}, {activation}, ≥ 25 % of peak (native)"),
                        &format!(
                            "{:.0} % ({} of {} FLOP/s)",
                            100.0 * fraction,
                            si(flops),
                            si(peak)
                        ),
                        fraction >= AIM_PEAK_FRACTION,
                    );
                }
            }
        }
    }

    let speed_counts = report
        .counts
        .iter()
        .find(|(profile, _)| *profile == Profile::Speed);
    if let Some((_, counts)) = speed_counts
        && let Some(count) = counts
            .iter()
            .find(|count| count.name == "dense_forward/identity/64x32")
    {
        let per_mac = count.instructions as f64 / count.work as f64;
        aim_row(
            out,
            "Cortex-M4F f32 dense forward 64x32 ≤ 2.5 instructions per MAC (opt-level 3)",
            &format!("{per_mac:.2}"),
            per_mac <= AIM_INSTRUCTIONS_PER_MAC,
        );
    }
    out.push('\n');
}

fn aim_row(out: &mut String, aim: &str, measured: &str, met: bool) {
    let _ = writeln!(
        out,
        "| {aim} | {measured} | {} |",
        if met { "yes" } else { "no" }
    );
}

/// Returns the best FLOP/s of the `peak` group.
fn peak_flops(results: &[Measurement]) -> Option<f64> {
    results
        .iter()
        .filter(|m| m.id.starts_with("peak/"))
        .filter_map(Measurement::per_second)
        .reduce(f64::max)
}

/// Returns the best FLOP/s of the `peak` group's benchmarks of one kind.
fn peak_of(results: &[Measurement], kind: &str) -> Option<(f64, String)> {
    let prefix = format!("peak/{kind}/");
    results
        .iter()
        .filter(|m| m.id.starts_with(&prefix))
        .filter_map(|m| Some((m.per_second()?, m.id[prefix.len()..].to_string())))
        .reduce(|best, next| if next.0 > best.0 { next } else { best })
}

fn host_section(out: &mut String, build: Build, results: &[Measurement], timing: &Timing) {
    let flags = match build.rustflags() {
        "" => String::new(),
        flags => format!("RUSTFLAGS='{flags}' "),
    };
    let command = |bench: &str, filter: &str| {
        let filter = if filter.is_empty() {
            String::new()
        } else {
            format!("'{filter}' ")
        };
        format!(
            "`{flags}cargo bench -p shinkei-benches --bench {bench} -- {filter}--warm-up-time {} --measurement-time {}`",
            timing.warm_up_seconds, timing.measurement_seconds
        )
    };
    let title = match build {
        Build::Baseline => "Host, default build (SSE2, no FMA)",
        Build::Native => "Host, `-C target-cpu=native`",
    };
    let _ = writeln!(out, "## {title}\n");

    // Peak.
    let _ = writeln!(out, "### Peak\n\nReproduce: {}\n", command("peak", "peak/"));
    let _ = writeln!(
        out,
        "| instruction mix | best GFLOP/s | at independent chains |\n| --- | --- | --- |"
    );
    for (kind, label) in [
        ("mul_add", "`f32x8::mul_add`"),
        ("mul_then_add", "`f32x8` multiply, then add"),
    ] {
        if let Some((flops, chains)) = peak_of(results, kind) {
            let _ = writeln!(out, "| {label} | {:.1} | {chains} |", flops * 1e-9);
        }
    }
    let peak = peak_flops(results);
    out.push('\n');

    // Vector kernels.
    let _ = writeln!(
        out,
        "### Vector kernels\n\n\
         GFLOP/s; `n` is the vector length, or the side of the square matrix.\n\
         `mul_add` is a twin of the `wide` kernel (in `benches/src/fma.rs`) that\n\
         accumulates with `f32x8::mul_add`, which is one fused instruction only\n\
         when the build enables FMA. nalgebra uses `gemv` and `gemv_tr` on a\n\
         `DMatrix`.\n\n\
         Reproduce: {}\n",
        command("vector", "")
    );
    let _ = writeln!(
        out,
        "| kernel | n | wide | scalar | mul_add | nalgebra | wide, % of peak |\n| --- | --- | --- | --- | --- | --- | --- |"
    );
    for group in ["dot", "axpy", "matvec", "matvec_transposed"] {
        for size in parameters(results, &format!("{group}/wide/")) {
            let gflops = |function: &str| {
                find(results, &format!("{group}/{function}/{size}"))
                    .and_then(Measurement::per_second)
                    .map_or("–".to_string(), |flops| format!("{:.1}", flops * 1e-9))
            };
            let fraction = find(results, &format!("{group}/wide/{size}"))
                .and_then(Measurement::per_second)
                .zip(peak)
                .map_or("–".to_string(), |(flops, peak)| {
                    format!("{:.0} %", 100.0 * flops / peak)
                });
            let _ = writeln!(
                out,
                "| {group} | {size} | {} | {} | {} | {} | {fraction} |",
                gflops("wide"),
                gflops("scalar"),
                gflops("wide_mul_add"),
                gflops("nalgebra"),
            );
        }
    }
    out.push('\n');

    // Dense layers.
    let _ = writeln!(
        out,
        "### Dense forward pass\n\n\
         `Dense::forward` of one input: `W x + b` and the activation (exact\n\
         `libm` tanh, or identity).\n\n\
         Reproduce: {}\n",
        command("network", "dense_forward/")
    );
    let _ = writeln!(
        out,
        "| layer (in x out) | activation | time | GFLOP/s | % of peak |\n| --- | --- | --- | --- | --- |"
    );
    for layer in parameters(results, "dense_forward/identity/") {
        for activation in ["identity", "tanh"] {
            if let Some(m) = find(results, &format!("dense_forward/{activation}/{layer}")) {
                let flops = m.per_second().unwrap_or(0.0);
                let fraction = peak.map_or("–".to_string(), |peak| {
                    format!("{:.0} %", 100.0 * flops / peak)
                });
                let _ = writeln!(
                    out,
                    "| {layer} | {activation} | {} | {:.1} | {fraction} |",
                    nanos(m.nanos),
                    flops * 1e-9
                );
            }
        }
    }
    out.push('\n');

    // Training.
    let _ = writeln!(
        out,
        "### Training step\n\n\
         Classifiers with tanh hidden units and softmax outputs, cycling through\n\
         256 random samples with random labels at learning rate 0.01. The gradient\n\
         is `Mlp::gradient` (forward and backward pass); the SGD step is\n\
         `Mlp::train_class`, with exact (`libm`) or fast activations, or with\n\
         ReLU hidden units, whose cost bounds what a faster tanh could save. FANN is\n\
         `fann_train` with `FANN_TRAIN_INCREMENTAL` on the same layer sizes, but\n\
         FANN has no softmax: its outputs are linear and it trains on the squared\n\
         error, which is cheaper than softmax cross-entropy.\n\n\
         Reproduce: {}\n",
        command("network", "mlp_gradient/|sgd_step/")
    );
    let _ = writeln!(
        out,
        "| network | gradient, samples/s | SGD step | SGD step, synapse updates/s | SGD step, fast activations | SGD step, ReLU hidden | FANN step | shinkei ÷ FANN |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    for network in parameters(results, "sgd_step/shinkei/") {
        let rate = |id: String| find(results, &id).and_then(Measurement::per_second);
        let format_rate = |value: Option<f64>| value.map_or("–".to_string(), si);
        let step = rate(format!("sgd_step/shinkei/{network}"));
        let fann = rate(format!("sgd_step/fann/{network}"));
        let synapses = synapse_count(&network).map(|count| count as f64);
        let _ = writeln!(
            out,
            "| {network} | {} | {} | {} | {} | {} | {} | {} |",
            format_rate(rate(format!("mlp_gradient/{network}"))),
            format_rate(step),
            format_rate(step.zip(synapses).map(|(step, synapses)| step * synapses)),
            format_rate(rate(format!("sgd_step/shinkei_fast/{network}"))),
            format_rate(rate(format!("sgd_step/shinkei_relu/{network}"))),
            format_rate(fann),
            step.zip(fann)
                .map_or("–".to_string(), |(step, fann)| format!(
                    "{:.1}×",
                    step / fann
                )),
        );
    }
    out.push('\n');

    models_section(out, results, &command("models", ""));
}

/// Writes a table of the results of `benches/benches/models.rs`, whatever
/// groups it has.
fn models_section(out: &mut String, results: &[Measurement], command: &str) {
    let prefixes = ["perceptron_step/", "threshold_step/", "memory_recall/"];
    let mut rows: Vec<&Measurement> = results
        .iter()
        .filter(|m| prefixes.iter().any(|prefix| m.id.starts_with(prefix)))
        .collect();
    // Sort by group and function, then by size as a number.
    rows.sort_by_key(|m| {
        let (name, size) = m.id.rsplit_once('/').unwrap_or((&m.id, ""));
        (name.to_string(), size.parse::<u64>().unwrap_or(u64::MAX))
    });
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "### Perceptron, threshold and associative-memory kernels\n\n\
         Throughput in synapses per second: weights read (or updated) per call,\n\
         divided by the time.\n\n\
         Reproduce: {command}\n"
    );
    let _ = writeln!(
        out,
        "| benchmark | time | synapses/s |\n| --- | --- | --- |"
    );
    for m in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            m.id,
            nanos(m.nanos),
            m.per_second().map_or("–".to_string(), si)
        );
    }
    out.push('\n');
}

fn counts_section(out: &mut String, counts: &[(Profile, Vec<Count>)]) {
    let _ = writeln!(
        out,
        "## Cortex-M4F instruction counts\n\n\
         Exact counts of executed instructions under QEMU `mps2-an386`, not\n\
         cycles: QEMU does not model timing. The `counts` binary of\n\
         `firmware-bench/` calls each kernel once between two marker functions;\n\
         QEMU runs it with `-singlestep -d exec,nochain`, which logs one line per\n\
         executed instruction, and the lines between the markers are counted, less\n\
         those of an empty region. `wide` has no 32-bit Arm SIMD path, so its\n\
         `f32x8` is eight scalars there; `scalar` is `shinkei::vector::scalar`.\n\
         Sizes are `in x out` (a dot product of length n is `n x 1`). An SGD step\n\
         counts IN·HIDDEN + HIDDEN·OUT multiply-accumulates (MACs) forward, HIDDEN·OUT\n\
         for the hidden error signal and IN·HIDDEN + HIDDEN·OUT for the update.\n\n\
         The second table divides by synapses instead, the weights a call reads\n\
         or updates, with the setups of the host benchmarks of the same name. A\n\
         perceptron step reads IN weights: the `mistake` step starts from zero\n\
         weights and updates them all, the `correct` step that follows updates\n\
         none. A threshold-network tick and a Hopfield recall step read all N²\n\
         synapses. The recall step is `recall_synchronous(state, 1)` from a\n\
         stored pattern (of 4) with 5 % of its units flipped: one update of every\n\
         unit plus the comparison with the previous state.\n\n\
         Reproduce: `cargo xtask bench`, or by hand:\n\n\
         ```console\n\
         $ cd firmware-bench && cargo build --release --bin counts\n\
         $ qemu-system-arm -machine mps2-an386 -cpu cortex-m4 -nographic \\\n    \
         -semihosting-config enable=on,target=native -singlestep -d exec,nochain \\\n    \
         -D trace.log -kernel target/thumbv7em-none-eabihf/release/counts\n\
         $ llvm-nm-14 target/thumbv7em-none-eabihf/release/counts | grep shinkei_bench_\n\
         ```\n"
    );
    for unit in Unit::ALL {
        counts_table(out, counts, unit);
    }
}

/// Writes the table of the regions whose work is counted in `unit`, one
/// pair of columns per profile.
fn counts_table(out: &mut String, counts: &[(Profile, Vec<Count>)], unit: Unit) {
    let Some((_, first)) = counts.first() else {
        return;
    };
    let rows: Vec<&Count> = first.iter().filter(|count| count.unit == unit).collect();
    if rows.is_empty() {
        return;
    }
    let (work_column, per_column) = match unit {
        Unit::Mac => ("MACs", "per MAC"),
        Unit::Synapse => ("synapses", "per synapse"),
    };
    let _ = write!(out, "| kernel | {work_column} |");
    for (profile, _) in counts {
        let _ = write!(
            out,
            " instructions, {} | {per_column} |",
            profile.opt_level()
        );
    }
    let _ = writeln!(
        out,
        "\n| --- | --- |{}",
        " --- | --- |".repeat(counts.len())
    );
    for count in rows {
        let _ = write!(out, "| {} | {} |", count.name, count.work);
        for (_, profile_counts) in counts {
            match profile_counts.iter().find(|other| other.name == count.name) {
                Some(other) if other.work > 0 => {
                    let _ = write!(
                        out,
                        " {} | {:.2} |",
                        other.instructions,
                        other.instructions as f64 / other.work as f64
                    );
                }
                Some(other) => {
                    let _ = write!(out, " {} | – |", other.instructions);
                }
                None => out.push_str(" – | – |"),
            }
        }
        out.push('\n');
    }
    out.push('\n');
}

fn sizes_section(out: &mut String, sizes: &[(Profile, SizeTable)]) {
    let _ = writeln!(
        out,
        "## Cortex-M4F memory\n\n\
         Section sizes in bytes, from `llvm-size -A` (or GNU `size -A`), with fat\n\
         LTO, at `opt-level = \"s\"` like the demo firmware and at `opt-level = 3`\n\
         like the instruction counts. Flash is the vector table, `.text`,\n\
         `.rodata` and the initial values of `.data`. RAM is `.data` and `.bss`,\n\
         and the stack comes on top. Each `size_*` binary of `firmware-bench/`\n\
         calls one kernel, and `size_empty` has only start-up, the semihosting\n\
         exit and a panic handler, so the last column is what the kernel adds.\n\
         The models are statics in `.bss`.\n\n\
         Reproduce: `cargo xtask size` for the demo firmware; for the others\n\
         `cd firmware-bench && cargo build --profile release-size --bins` (or\n\
         `--release` for `opt-level = 3`), then\n\
         `llvm-size-14 -A target/thumbv7em-none-eabihf/release-size/size_dot`.\n"
    );
    for (profile, rows) in sizes {
        size_table(out, *profile, rows);
    }
}

fn size_table(out: &mut String, profile: Profile, sizes: &[(String, Sections)]) {
    let _ = writeln!(
        out,
        "### {}\n\n\
         | binary | .text | .rodata | .data | .bss | flash | flash over size_empty |\n| --- | --- | --- | --- | --- | --- | --- |",
        profile.opt_level()
    );
    let empty = sizes
        .iter()
        .find(|(name, _)| name == "size_empty")
        .map(|(_, sections)| sections.flash);
    for (name, s) in sizes {
        let extra = match (name.starts_with("size_") && name != "size_empty", empty) {
            (true, Some(empty)) => format!("{}", s.flash as i64 - empty as i64),
            _ => "–".to_string(),
        };
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {} | {} | {} | {extra} |",
            s.text, s.rodata, s.data, s.bss, s.flash
        );
    }
    out.push('\n');
}

/// Returns the parameters of the benchmarks whose id starts with `prefix`,
/// numbers in numeric order.
fn parameters(results: &[Measurement], prefix: &str) -> Vec<String> {
    let mut found: Vec<String> = results
        .iter()
        .filter_map(|m| m.id.strip_prefix(prefix))
        .map(str::to_string)
        .collect();
    found.sort_by_key(|parameter| {
        let leading: String = parameter.chars().take_while(char::is_ascii_digit).collect();
        (
            leading.parse::<u64>().unwrap_or(u64::MAX),
            parameter.clone(),
        )
    });
    found.dedup();
    found
}

/// Returns the weight count of an `IN-HIDDEN-OUT` network name.
fn synapse_count(network: &str) -> Option<u64> {
    let sizes: Vec<u64> = network
        .split('-')
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    Some(sizes.windows(2).map(|pair| pair[0] * pair[1]).sum())
}

/// Formats a rate with an SI prefix: `2.35 M`.
fn si(value: f64) -> String {
    let (scaled, prefix) = if value >= 1e9 {
        (value * 1e-9, " G")
    } else if value >= 1e6 {
        (value * 1e-6, " M")
    } else if value >= 1e3 {
        (value * 1e-3, " k")
    } else {
        (value, " ")
    };
    format!("{scaled:.2}{prefix}").trim_end().to_string()
}

/// Formats a time in nanoseconds with a suitable unit.
fn nanos(value: f64) -> String {
    if value >= 1e6 {
        format!("{:.2} ms", value * 1e-6)
    } else if value >= 1e3 {
        format!("{:.2} µs", value * 1e-3)
    } else {
        format!("{value:.1} ns")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synapses_of_network_name() {
        assert_eq!(synapse_count("64-32-10"), Some(64 * 32 + 32 * 10));
        assert_eq!(synapse_count("64x32"), None);
    }

    #[test]
    fn parameters_in_numeric_order() {
        let measurement = |id: &str| Measurement {
            id: id.to_string(),
            nanos: 1.0,
            elements: None,
        };
        let results = [
            measurement("dot/wide/1024"),
            measurement("dot/wide/64"),
            measurement("dot/scalar/8"),
        ];
        assert_eq!(parameters(&results, "dot/wide/"), ["64", "1024"]);
    }

    #[test]
    fn count_tables_name_their_unit() {
        let count = |name: &str, work: u64, unit: Unit| Count {
            name: name.to_string(),
            work,
            unit,
            instructions: 2 * work,
        };
        let counts = vec![(
            Profile::Speed,
            vec![
                count("dot/wide/8x1", 8, Unit::Mac),
                count("memory_recall/i8/64", 4096, Unit::Synapse),
            ],
        )];
        let mut out = String::new();
        counts_table(&mut out, &counts, Unit::Synapse);
        assert!(out.starts_with("| kernel | synapses | instructions, opt-level 3 | per synapse |"));
        assert!(out.contains("| memory_recall/i8/64 | 4096 | 8192 | 2.00 |"));
        assert!(!out.contains("dot/wide"));

        let mut out = String::new();
        counts_table(&mut out, &counts, Unit::Mac);
        assert!(out.starts_with("| kernel | MACs | instructions, opt-level 3 | per MAC |"));
        assert!(!out.contains("memory_recall"));
    }

    #[test]
    fn rates_formatted_with_prefix() {
        assert_eq!(si(2.346e6), "2.35 M");
        assert_eq!(si(12.0), "12.00");
        assert_eq!(nanos(1500.0), "1.50 µs");
    }
}
