//! The 8x8 handwritten digits, packed into flash by `build.rs`.
//!
//! Each sample's 64 pixels (0..=16) form one 40-byte little-endian bit
//! string, 5 bits per pixel, least significant bit first. Labels (0..=9)
//! take 4 bits, two per byte, the even-indexed sample in the low nibble.
//! Rows of `data/digits.csv.gz` whose 0-based index is a multiple of 5 are
//! the test set and the others the training set, both in file order.

use crate::training::{Dataset, PIXELS, Sample};

mod tables {
    include!(concat!(env!("OUT_DIR"), "/digits.rs"));
}

pub use tables::TRAIN_SAMPLES;

const PIXEL_BITS: usize = 5;
const PIXEL_MASK: u16 = (1 << PIXEL_BITS) - 1;
const PACKED_SAMPLE_BYTES: usize = PIXELS * PIXEL_BITS / 8;

/// One split of the data set: packed pixels, packed labels and the FNV-1a
/// hash that `build.rs` computed over the unpacked values.
pub struct PackedDigits {
    pixels: &'static [u8],
    labels: &'static [u8],
    len: usize,
    fnv1a: u32,
}

/// The 1437 training samples.
pub static TRAIN: PackedDigits = PackedDigits {
    pixels: &tables::TRAIN_PIXELS,
    labels: &tables::TRAIN_LABELS,
    len: tables::TRAIN_SAMPLES,
    fnv1a: tables::TRAIN_FNV1A,
};

/// The 360 test samples.
pub static TEST: PackedDigits = PackedDigits {
    pixels: &tables::TEST_PIXELS,
    labels: &tables::TEST_LABELS,
    len: tables::TEST_SAMPLES,
    fnv1a: tables::TEST_FNV1A,
};

/// Bytes of flash that the packed pixel and label tables of both splits take.
pub const TABLE_BYTES: usize = tables::TRAIN_PIXELS.len()
    + tables::TRAIN_LABELS.len()
    + tables::TEST_PIXELS.len()
    + tables::TEST_LABELS.len();

impl PackedDigits {
    /// Checks that unpacking reproduces the values `build.rs` read, by
    /// recomputing its FNV-1a hash. Returns the hash that was computed.
    pub fn verify(&self) -> Result<u32, u32> {
        let mut hash: u32 = 0x811c_9dc5;
        for index in 0..self.len {
            let sample = self.sample(index);
            for &value in sample.pixels.iter().chain([&sample.label]) {
                hash ^= u32::from(value);
                hash = hash.wrapping_mul(0x0100_0193);
            }
        }
        if hash == self.fnv1a {
            Ok(hash)
        } else {
            Err(hash)
        }
    }

    /// Returns the hash that `build.rs` computed from the CSV file.
    pub fn expected_fnv1a(&self) -> u32 {
        self.fnv1a
    }
}

impl Dataset for PackedDigits {
    fn len(&self) -> usize {
        self.len
    }

    /// # Panics
    ///
    /// Panics if `index >= self.len()`.
    fn sample(&self, index: usize) -> Sample {
        assert!(
            index < self.len,
            "sample {index} out of range 0..{}",
            self.len
        );

        let bytes = &self.pixels[index * PACKED_SAMPLE_BYTES..][..PACKED_SAMPLE_BYTES];
        let mut pixels = [0u8; PIXELS];
        for (column, pixel) in pixels.iter_mut().enumerate() {
            let position = column * PIXEL_BITS;
            let low = position % 8;
            let byte = position / 8;
            // A pixel that starts in the top 4 bits of a byte continues in
            // the next one. The last pixel (bits 315..320) never does.
            let mut window = u16::from(bytes[byte]);
            if low + PIXEL_BITS > 8 {
                window |= u16::from(bytes[byte + 1]) << 8;
            }
            *pixel = ((window >> low) & PIXEL_MASK) as u8;
        }

        let label = self.labels[index / 2] >> (4 * (index % 2)) & 0x0f;
        Sample { pixels, label }
    }
}
