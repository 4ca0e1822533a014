//! Build script of the shinkei firmware.
//!
//! 1. Copies the memory layout of the selected board from `memory/` to
//!    `OUT_DIR/memory.x`, where `cortex-m-rt`'s `link.x` finds it.
//! 2. Packs `data/digits.csv.gz` (in the repository root) into the tables that `src/digits.rs`
//!    includes: pixels in 5 bits each (40 bytes per sample) and labels in
//!    4 bits each (two per byte, the even sample in the low nibble).
//!
//! The CSV has no header and one row per sample: 64 pixel values in 0..=16,
//! row by row from the top left, then the label in 0..=9. Row `i` (0-based)
//! goes to the test set when `i % 5 == 0` and to the training set otherwise,
//! and both sets keep the file's order.

use std::env;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process;

use flate2::read::GzDecoder;

/// The data set, relative to the repository root (the firmware package's parent).
const DIGITS_PATH: &str = "data/digits.csv.gz";
const ROWS: usize = 1797;
const PIXELS: usize = 64;
const MAX_PIXEL: u8 = 16;
const CLASSES: u8 = 10;
const TEST_EVERY: usize = 5;
const PIXEL_BITS: usize = 5;
const PACKED_SAMPLE_BYTES: usize = PIXELS * PIXEL_BITS / 8;

/// Boards, as Cargo feature name and memory layout file.
const BOARDS: [(&str, &str); 3] = [
    ("qemu", "memory/qemu.x"),
    ("nrf52840", "memory/nrf52840.x"),
    ("stm32f411", "memory/stm32f411.x"),
];

struct Sample {
    pixels: [u8; PIXELS],
    label: u8,
}

fn main() {
    if let Err(message) = run() {
        eprintln!("error: {message}");
        process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let out_dir = PathBuf::from(env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);

    copy_memory_layout(&out_dir)?;
    println!("cargo:rustc-link-search={}", out_dir.display());
    println!("cargo:rustc-link-arg-bins=--nmagic");
    println!("cargo:rustc-link-arg-bins=-Tlink.x");
    println!("cargo:rustc-link-arg-bins=-Tdefmt.x");

    let manifest_dir =
        PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").ok_or("CARGO_MANIFEST_DIR is not set")?);
    let repo_root = manifest_dir
        .parent()
        .ok_or("the firmware package has no parent directory")?;
    let digits_path = repo_root.join(DIGITS_PATH);
    println!("cargo:rerun-if-changed={}", digits_path.display());
    let samples = read_digits(&digits_path)?;
    write_tables(&out_dir, &samples)
}

fn copy_memory_layout(out_dir: &Path) -> Result<(), String> {
    let enabled: Vec<_> = BOARDS
        .iter()
        .filter(|(feature, _)| {
            let variable = format!("CARGO_FEATURE_{}", feature.to_uppercase());
            env::var_os(variable).is_some()
        })
        .collect();
    let [(_, layout)] = enabled.as_slice() else {
        let names: Vec<_> = enabled.iter().map(|(feature, _)| *feature).collect();
        return Err(format!(
            "exactly one board feature must be enabled (qemu, nrf52840 or stm32f411), \
             found [{}]; for a real board pass --no-default-features --features BOARD",
            names.join(", ")
        ));
    };

    println!("cargo:rerun-if-changed={layout}");
    let target = out_dir.join("memory.x");
    fs::copy(layout, &target)
        .map_err(|error| format!("failed to copy {layout} to {}: {error}", target.display()))?;
    Ok(())
}

fn read_digits(path: &Path) -> Result<Vec<Sample>, String> {
    let file = fs::File::open(path).map_err(|error| {
        format!(
            "cannot open the digits data set {}: {error}; the firmware embeds it at build time",
            path.display()
        )
    })?;
    let mut text = String::new();
    GzDecoder::new(file)
        .read_to_string(&mut text)
        .map_err(|error| {
            format!(
                "{} is not a gzip-compressed text file: {error}",
                path.display()
            )
        })?;

    let mut samples = Vec::with_capacity(ROWS);
    for (index, line) in text.lines().enumerate() {
        let row = parse_row(line)
            .map_err(|message| format!("{}: line {}: {message}", path.display(), index + 1))?;
        samples.push(row);
    }
    if samples.len() != ROWS {
        return Err(format!(
            "{}: expected {ROWS} rows, found {}",
            path.display(),
            samples.len()
        ));
    }
    Ok(samples)
}

fn parse_row(line: &str) -> Result<Sample, String> {
    let fields: Vec<&str> = line.trim_end().split(',').collect();
    if fields.len() != PIXELS + 1 {
        return Err(format!(
            "expected {} comma-separated values (64 pixels, then the label), found {}",
            PIXELS + 1,
            fields.len()
        ));
    }

    let mut pixels = [0; PIXELS];
    for (column, (pixel, field)) in pixels.iter_mut().zip(&fields).enumerate() {
        *pixel = parse_value(field, MAX_PIXEL)
            .map_err(|message| format!("pixel {column}: {message}"))?;
    }
    let label =
        parse_value(fields[PIXELS], CLASSES - 1).map_err(|message| format!("label: {message}"))?;
    Ok(Sample { pixels, label })
}

fn parse_value(field: &str, max: u8) -> Result<u8, String> {
    match field.trim().parse::<u8>() {
        Ok(value) if value <= max => Ok(value),
        _ => Err(format!(
            "invalid value {field:?}, expected an integer in 0..={max}"
        )),
    }
}

fn write_tables(out_dir: &Path, samples: &[Sample]) -> Result<(), String> {
    let mut train = Vec::new();
    let mut test = Vec::new();
    for (row, sample) in samples.iter().enumerate() {
        if row % TEST_EVERY == 0 {
            test.push(sample);
        } else {
            train.push(sample);
        }
    }

    let mut source = format!("// Generated by build.rs from {DIGITS_PATH}.\n");
    for (name, set) in [("TRAIN", &train), ("TEST", &test)] {
        let lower = name.to_lowercase();
        let pixels = pack_pixels(set);
        let labels = pack_labels(set);
        write_file(&out_dir.join(format!("digits_{lower}_pixels.bin")), &pixels)?;
        write_file(&out_dir.join(format!("digits_{lower}_labels.bin")), &labels)?;

        source.push_str(&format!(
            "pub const {name}_SAMPLES: usize = {samples};\n\
             pub static {name}_PIXELS: [u8; {pixel_bytes}] = \
             *include_bytes!(concat!(env!(\"OUT_DIR\"), \"/digits_{lower}_pixels.bin\"));\n\
             pub static {name}_LABELS: [u8; {label_bytes}] = \
             *include_bytes!(concat!(env!(\"OUT_DIR\"), \"/digits_{lower}_labels.bin\"));\n\
             pub const {name}_FNV1A: u32 = {checksum:#010x};\n",
            samples = set.len(),
            pixel_bytes = pixels.len(),
            label_bytes = labels.len(),
            checksum = fnv1a(set),
        ));
    }
    write_file(&out_dir.join("digits.rs"), source.as_bytes())
}

/// Packs each sample's 64 pixels into one little-endian bit string: pixel `j`
/// takes bits `5 * j .. 5 * j + 5`, least significant bit first.
fn pack_pixels(samples: &[&Sample]) -> Vec<u8> {
    let mut packed = vec![0u8; samples.len() * PACKED_SAMPLE_BYTES];
    for (sample, bytes) in samples
        .iter()
        .zip(packed.chunks_exact_mut(PACKED_SAMPLE_BYTES))
    {
        for (column, &pixel) in sample.pixels.iter().enumerate() {
            for bit in 0..PIXEL_BITS {
                if pixel >> bit & 1 == 1 {
                    let position = column * PIXEL_BITS + bit;
                    bytes[position / 8] |= 1 << (position % 8);
                }
            }
        }
    }
    packed
}

/// Packs labels two per byte, the even-indexed sample in the low nibble.
fn pack_labels(samples: &[&Sample]) -> Vec<u8> {
    samples
        .chunks(2)
        .map(|pair| pair[0].label | pair.get(1).map_or(0, |sample| sample.label << 4))
        .collect()
}

/// FNV-1a (32 bit) over every sample's 64 pixels and then its label, one byte
/// per value. The firmware recomputes it from the packed tables at start-up.
fn fnv1a(samples: &[&Sample]) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for sample in samples {
        for &value in sample.pixels.iter().chain([&sample.label]) {
            hash ^= u32::from(value);
            hash = hash.wrapping_mul(0x0100_0193);
        }
    }
    hash
}

fn write_file(path: &Path, contents: &[u8]) -> Result<(), String> {
    fs::write(path, contents)
        .map_err(|error| format!("failed to write {}: {error}", path.display()))
}
