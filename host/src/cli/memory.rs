//! `shinkei memory`: store patterns in an associative memory, damage each,
//! and show the cue and its recall side by side as text images.

use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, ValueEnum};
use shinkei::memory::Stop;
use shinkei_host::data::digits;
use shinkei_host::memory_demo::{
    DIGIT_SIDE, Recall, RecallSettings, Rule, digit_prototypes, read_patterns, recall_cues,
    render_side_by_side, write_recall_png,
};

/// Options of `shinkei memory`.
#[derive(Debug, Args)]
pub struct MemoryArgs {
    /// Patterns to store: `digits` for the ten digit prototypes (class means
    /// of the training digits, thresholded at each image's median), or the
    /// path of a CSV file with one pattern per line of -1/1 or 0/1 values.
    /// Patterns must have 16, 25, 36, 49, 64, 100 or 256 units, shown as
    /// square images.
    #[arg(long, value_name = "digits|PATH", default_value = "digits")]
    pub data: String,

    /// Storage rule. Hebbian, clipped and dense memories send strongly
    /// correlated patterns such as the digit prototypes to a single
    /// attractor, but the pseudo-inverse rule stores each as a fixed point.
    #[arg(long, value_enum, default_value_t = RuleArg::PseudoInverse)]
    pub rule: RuleArg,

    /// Fraction of units flipped in each cue, from 0 to 1 (rounded to a
    /// whole number of units).
    #[arg(long, default_value_t = 0.1, value_parser = parse_fraction)]
    pub flip: f64,

    /// Seed of the damage and of the asynchronous update order.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Also write a PNG picture to this file: one row per pattern, with the
    /// cue, the recalled state and the stored pattern from left to right,
    /// +1 units black and -1 units white. The name must end in `.png`, and a
    /// missing folder is created.
    #[arg(long, value_name = "FILE.png")]
    pub plot: Option<PathBuf>,
}

/// Storage rules offered on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleArg {
    /// Hebb's outer-product rule.
    Hebbian,
    /// Storkey's local rule.
    Storkey,
    /// The pseudo-inverse (projection) rule.
    PseudoInverse,
    /// Clipped Hebbian synapses, -1, 0 or +1.
    Clipped,
    /// Dense associative memory with F(x) = x³.
    Dense,
}

impl From<RuleArg> for Rule {
    fn from(rule: RuleArg) -> Self {
        match rule {
            RuleArg::Hebbian => Rule::Hebbian,
            RuleArg::Storkey => Rule::Storkey,
            RuleArg::PseudoInverse => Rule::PseudoInverse,
            RuleArg::Clipped => Rule::Clipped,
            RuleArg::Dense => Rule::Dense,
        }
    }
}

/// Runs `shinkei memory`.
pub fn run(args: &MemoryArgs) -> anyhow::Result<ExitCode> {
    if let Some(path) = &args.plot {
        prepare_plot_path(path)?;
    }
    let (patterns, source) = if args.data == "digits" {
        let dataset = digits().context("failed to load the built-in digits")?;
        (digit_prototypes(&dataset), "digit prototypes".to_owned())
    } else {
        let path = Path::new(&args.data);
        (read_patterns(path)?, path.display().to_string())
    };
    let settings = RecallSettings {
        rule: args.rule.into(),
        flip_fraction: args.flip,
        cues_per_pattern: 1,
        seed: args.seed,
    };
    let recalls = recall_cues(&patterns, &settings)?;

    let units = patterns[0].len();
    let side = if args.data == "digits" {
        DIGIT_SIDE
    } else {
        units.isqrt()
    };
    let report = Report {
        source: &source,
        settings: &settings,
        patterns: &patterns,
        recalls: &recalls,
        side,
    };
    let mut stdout = std::io::stdout().lock();
    let printed = report.print(&mut stdout);
    // A reader that stops early, such as `head`, closes the pipe. That is not
    // a failure of the command, so the PNG is still written.
    let pipe_closed = matches!(&printed, Err(e) if e.kind() == ErrorKind::BrokenPipe);
    if !pipe_closed {
        printed.context("failed to write to standard output")?;
    }

    if let Some(path) = &args.plot {
        let rows: Vec<Vec<&[bool]>> = recalls
            .iter()
            .map(|r| vec![&r.cue[..], &r.recalled[..], &patterns[r.pattern][..]])
            .collect();
        write_recall_png(path, &rows, side)
            .map_err(|e| anyhow::anyhow!("failed to write {}: {e}", path.display()))?;
        if !pipe_closed {
            // Ignoring a late broken pipe here keeps the exit status of the
            // completed work.
            let _ = writeln!(stdout, "wrote {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Checks that `path` names a PNG file and creates its folder if missing, so
/// that a bad `--plot` fails before the recall runs.
fn prepare_plot_path(path: &Path) -> anyhow::Result<()> {
    let is_png = path
        .extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("png"));
    if !is_png {
        anyhow::bail!(
            "--plot {}: the file name must end in .png, the only picture format written",
            path.display()
        );
    }
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).with_context(|| {
            format!(
                "failed to create the folder {} for --plot {}",
                folder.display(),
                path.display()
            )
        })?;
    }
    Ok(())
}

/// The text report of a recall run.
struct Report<'a> {
    source: &'a str,
    settings: &'a RecallSettings,
    patterns: &'a [Vec<bool>],
    recalls: &'a [Recall],
    side: usize,
}

impl Report<'_> {
    /// Writes the summary line, each recall with its images, and the mean
    /// overlaps.
    fn print(&self, out: &mut impl Write) -> io::Result<()> {
        let patterns = self.patterns;
        let units = patterns[0].len();
        let flipped = (self.settings.flip_fraction * units as f64).round() as usize;
        writeln!(
            out,
            "{} {} of {units} units stored with the {} rule (load {:.3}); each cue has {flipped} of {units} units flipped, seed {}",
            patterns.len(),
            self.source,
            self.settings.rule,
            patterns.len() as f64 / units as f64,
            self.settings.seed,
        )?;
        for recall in self.recalls {
            writeln!(out)?;
            print_recall(out, recall, &patterns[recall.pattern], self.side)?;
        }

        let count = self.recalls.len() as f64;
        let cue_overlap = self
            .recalls
            .iter()
            .map(|r| f64::from(r.cue_overlap))
            .sum::<f64>()
            / count;
        let overlap = self
            .recalls
            .iter()
            .map(|r| f64::from(r.overlap))
            .sum::<f64>()
            / count;
        let exact = self
            .recalls
            .iter()
            .filter(|r| r.recalled == patterns[r.pattern])
            .count();
        writeln!(out)?;
        writeln!(
            out,
            "mean overlap: cue {cue_overlap:.3}, recall {overlap:.3}; {exact} of {} patterns recalled exactly",
            self.recalls.len()
        )
    }
}

/// Writes the header line and the cue, recall and stored images of one
/// recall.
fn print_recall(
    out: &mut impl Write,
    recall: &Recall,
    stored: &[bool],
    side: usize,
) -> io::Result<()> {
    let stop = match recall.report.stop {
        Stop::FixedPoint => "fixed point",
        Stop::TwoCycle => "2-cycle",
        Stop::StepLimit => "step limit",
    };
    writeln!(
        out,
        "pattern {}: overlap {:.3} -> {:.3}, {stop} after {} sweep{}, {} flip{}",
        recall.pattern,
        recall.cue_overlap,
        recall.overlap,
        recall.report.steps,
        if recall.report.steps == 1 { "" } else { "s" },
        recall.report.flips,
        if recall.report.flips == 1 { "" } else { "s" },
    )?;
    write!(
        out,
        "{}",
        render_side_by_side(
            &["cue", "recall", "stored"],
            &[&recall.cue, &recall.recalled, stored],
            side
        )
    )
}

/// Parses a fraction from 0 to 1.
fn parse_fraction(text: &str) -> Result<f64, String> {
    let fraction: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if !(0.0..=1.0).contains(&fraction) {
        return Err(format!(
            "{fraction} is not a valid fraction: it must be from 0 to 1"
        ));
    }
    Ok(fraction)
}
