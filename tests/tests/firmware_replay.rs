//! Replays the firmware's training run on the host and checks that it ends
//! with the weights the emulated Cortex-M4F reached, bit for bit.
//!
//! `firmware/expected.log` is the decoded log of the QEMU run, committed as
//! a snapshot. `cargo xtask test` checks the QEMU run against it and this
//! test checks the host against it, so together they show the two targets
//! agree.

#[path = "../../firmware/src/training.rs"]
#[allow(dead_code)]
mod training;

use shinkei_host::data;
use training::{Dataset, PIXELS, Sample};

/// A split of the host's digits, with pixels turned back into the raw
/// values 0..=16 that the firmware stores.
struct HostDigits(Vec<Sample>);

impl HostDigits {
    fn new(samples: &[data::Sample]) -> Self {
        let converted = samples
            .iter()
            .map(|sample| {
                let mut pixels = [0u8; PIXELS];
                for (pixel, feature) in pixels.iter_mut().zip(&sample.features) {
                    let raw = feature * f32::from(training::MAX_PIXEL);
                    assert_eq!(
                        raw,
                        raw.round(),
                        "digits feature {feature} is not a pixel / 16"
                    );
                    *pixel = raw as u8;
                }
                Sample {
                    pixels,
                    label: sample.class as u8,
                }
            })
            .collect();
        HostDigits(converted)
    }
}

impl Dataset for HostDigits {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn sample(&self, index: usize) -> Sample {
        self.0[index]
    }
}

/// Returns the text after `marker` on each line of the snapshot that has
/// both `line_filter` and `marker`.
fn snapshot_values(line_filter: &str, marker: &str) -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../firmware/expected.log");
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("reading {path}: {error}"));
    text.lines()
        .filter(|line| line.contains(line_filter))
        .filter_map(|line| {
            line.split_once(marker)
                .map(|(_, rest)| rest.trim().to_string())
        })
        .collect()
}

#[test]
fn host_replay_matches_firmware_log() {
    let digits = data::digits().expect("bundled digits load");
    let train = HostDigits::new(&digits.train);
    let test = HostDigits::new(&digits.test);
    let mut order = vec![0u16; train.len()];

    let mut accuracies = Vec::new();
    let (network, _) = training::run(&train, &test, &mut order, |report| {
        accuracies.push(format!("{}/{}", report.test_correct, report.test_samples));
    })
    .expect("the firmware's run succeeds on the host");

    let logged: Vec<String> = snapshot_values(": train loss ", "test accuracy ")
        .iter()
        .map(|rest| {
            rest.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        accuracies, logged,
        "test accuracy per epoch: host (left) against the QEMU log (right)"
    );

    let host = format!("{:#010x}", network.checksum());
    let firmware = snapshot_values("", "weights checksum: ");
    assert_eq!(
        vec![host.clone()],
        firmware,
        "weights checksum: host {host}, QEMU log {firmware:?}"
    );
}
