//! Runs each kernel once between the region markers, for instruction
//! counts under QEMU; see the library documentation for the method.
//!
//! The network sizes are those of the demo firmware: 64 inputs, 32 tanh
//! hidden units and 10 softmax outputs. The perceptron, threshold-network
//! and Hopfield regions come last, from `models.rs`.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use rand_core::SeedableRng;
use shinkei::activation::{Activation, Precision};
use shinkei::dense::Dense;
use shinkei::mlp::Mlp;
use shinkei::rng::Xoshiro128PlusPlus;
use shinkei::vector::{self, scalar};
use shinkei_firmware_bench::{exit, measure, proposals, random_array};

mod models;

const IN: usize = 64;
const HIDDEN: usize = 32;
const OUT: usize = 10;
const RATE: f32 = 0.01;

#[inline(never)]
fn dot_wide(a: &[f32], b: &[f32]) -> f32 {
    vector::dot(a, b)
}

#[inline(never)]
fn dot_scalar(a: &[f32], b: &[f32]) -> f32 {
    scalar::dot(a, b)
}

#[inline(never)]
fn axpy_wide(alpha: f32, x: &[f32], y: &mut [f32]) {
    vector::axpy(alpha, x, y)
}

#[inline(never)]
fn axpy_scalar(alpha: f32, x: &[f32], y: &mut [f32]) {
    scalar::axpy(alpha, x, y)
}

#[inline(never)]
fn matvec_wide<const I: usize, const O: usize>(w: &[[f32; I]; O], x: &[f32; I], y: &mut [f32; O]) {
    vector::matvec(w, x, y)
}

#[inline(never)]
fn matvec_scalar<const I: usize, const O: usize>(
    w: &[[f32; I]; O],
    x: &[f32; I],
    y: &mut [f32; O],
) {
    scalar::matvec(w, x, y)
}

#[inline(never)]
fn matvec_transposed_wide<const I: usize, const O: usize>(
    w: &[[f32; I]; O],
    d: &[f32; O],
    y: &mut [f32; I],
) {
    vector::matvec_transposed(w, d, y)
}

#[inline(never)]
fn matvec_transposed_scalar<const I: usize, const O: usize>(
    w: &[[f32; I]; O],
    d: &[f32; O],
    y: &mut [f32; I],
) {
    scalar::matvec_transposed(w, d, y)
}

#[inline(never)]
fn dense_forward<const I: usize, const O: usize>(
    layer: &Dense<I, O>,
    x: &[f32; I],
    z: &mut [f32; O],
    y: &mut [f32; O],
) {
    layer.forward(x, z, y)
}

#[inline(never)]
fn mlp_predict(net: &Mlp<IN, HIDDEN, OUT>, x: &[f32; IN]) -> [f32; OUT] {
    net.predict(x).unwrap_or([0.0; OUT])
}

#[inline(never)]
fn sgd_step(net: &mut Mlp<IN, HIDDEN, OUT>, x: &[f32; IN], class: usize) -> f32 {
    net.train_class(x, class, RATE).unwrap_or(f32::NAN)
}

/// Exits with failure unless every proposal returns the kernel's products
/// bit for bit.
fn check_proposals<const I: usize, const O: usize>(w: &[[f32; I]; O], x: &[f32; I], d: &[f32; O]) {
    let mut expected = [0.0f32; O];
    let mut rows = [0.0f32; O];
    let mut two_rows = [0.0f32; O];
    vector::matvec(w, x, &mut expected);
    proposals::matvec_rows(w, x, &mut rows);
    proposals::matvec_two_rows(w, x, &mut two_rows);
    let same = |a: &[f32; O]| {
        a.iter()
            .zip(&expected)
            .all(|(a, b)| a.to_bits() == b.to_bits())
    };
    let mut back_expected = [0.0f32; I];
    let mut back_columns = [0.0f32; I];
    vector::matvec_transposed(w, d, &mut back_expected);
    proposals::matvec_transposed_columns(w, d, &mut back_columns);
    let back_same = back_columns
        .iter()
        .zip(&back_expected)
        .all(|(a, b)| a.to_bits() == b.to_bits());
    if !same(&rows) || !same(&two_rows) || !back_same {
        cortex_m_semihosting::heprintln!(
            "error: a matvec proposal differs from the kernel at {}x{}",
            I,
            O
        );
        exit(false)
    }
}

/// Counts the matrix-vector products with an `O × I` matrix: the `wide`
/// kernels, the plain loops and the proposals.
fn matvec_pair<const I: usize, const O: usize>(seed: u64) {
    let values = random_array::<I>(seed);
    let w: [[f32; I]; O] = core::array::from_fn(|i| core::array::from_fn(|j| values[(i + j) % I]));
    let x = random_array::<I>(seed + 1);
    let d = random_array::<O>(seed + 2);
    let mut y = [0.0f32; O];
    let mut back = [0.0f32; I];
    let macs = (I * O) as u32;

    let name = |path: &str| heapless_name::Name::format(path, I, O);
    measure(name("matvec/wide").as_str(), macs, || {
        matvec_wide(black_box(&w), black_box(&x), black_box(&mut y))
    });
    measure(name("proposal/matvec_rows").as_str(), macs, || {
        proposals::matvec_rows(black_box(&w), black_box(&x), black_box(&mut y))
    });
    measure(name("proposal/matvec_two_rows").as_str(), macs, || {
        proposals::matvec_two_rows(black_box(&w), black_box(&x), black_box(&mut y))
    });
    check_proposals(&w, &x, &d);
    measure(name("matvec/scalar").as_str(), macs, || {
        matvec_scalar(black_box(&w), black_box(&x), black_box(&mut y))
    });
    measure(name("matvec_transposed/wide").as_str(), macs, || {
        matvec_transposed_wide(black_box(&w), black_box(&d), black_box(&mut back))
    });
    measure(
        name("proposal/matvec_transposed_columns").as_str(),
        macs,
        || proposals::matvec_transposed_columns(black_box(&w), black_box(&d), black_box(&mut back)),
    );
    measure(name("matvec_transposed/scalar").as_str(), macs, || {
        matvec_transposed_scalar(black_box(&w), black_box(&d), black_box(&mut back))
    });
}

/// Region names with sizes, built without an allocator.
mod heapless_name {
    use core::fmt::Write;

    /// A short string on the stack.
    pub struct Name {
        bytes: [u8; 48],
        len: usize,
    }

    impl Name {
        /// Returns `PATH/IxO`, the size as the dense benchmarks on the host write it.
        pub fn format(path: &str, inputs: usize, outputs: usize) -> Self {
            let mut name = Name {
                bytes: [0; 48],
                len: 0,
            };
            // A name longer than the buffer is cut short; all names here fit.
            let _ = write!(name, "{path}/{inputs}x{outputs}");
            name
        }

        /// Returns the name.
        pub fn as_str(&self) -> &str {
            core::str::from_utf8(&self.bytes[..self.len]).unwrap_or("?")
        }
    }

    impl Write for Name {
        fn write_str(&mut self, text: &str) -> core::fmt::Result {
            let end = self.len + text.len();
            if end > self.bytes.len() {
                return Err(core::fmt::Error);
            }
            self.bytes[self.len..end].copy_from_slice(text.as_bytes());
            self.len = end;
            Ok(())
        }
    }
}

#[entry]
fn main() -> ! {
    measure("empty", 0, || ());

    let a = random_array::<1024>(1);
    let b = random_array::<1024>(2);
    for len in [8usize, 64, 256, 1024] {
        let (a, b) = (&a[..len], &b[..len]);
        let macs = len as u32;
        let name = |path: &str| heapless_name::Name::format(path, len, 1);
        measure(name("dot/wide").as_str(), macs, || {
            dot_wide(black_box(a), black_box(b))
        });
        measure(name("dot/scalar").as_str(), macs, || {
            dot_scalar(black_box(a), black_box(b))
        });
    }
    let mut y = random_array::<256>(3);
    for len in [64usize, 256] {
        let macs = len as u32;
        let name = |path: &str| heapless_name::Name::format(path, len, 1);
        measure(name("axpy/wide").as_str(), macs, || {
            axpy_wide(
                black_box(0.5),
                black_box(&a[..len]),
                black_box(&mut y[..len]),
            )
        });
        measure(name("axpy/scalar").as_str(), macs, || {
            axpy_scalar(
                black_box(0.5),
                black_box(&a[..len]),
                black_box(&mut y[..len]),
            )
        });
    }

    matvec_pair::<8, 8>(10);
    matvec_pair::<32, 10>(20);
    matvec_pair::<64, 32>(30);

    let mut rng = Xoshiro128PlusPlus::seed_from_u64(40);
    let x = random_array::<IN>(41).map(f32::abs);
    let mut z = [0.0f32; HIDDEN];
    let mut h = [0.0f32; HIDDEN];
    let macs = (IN * HIDDEN) as u32;
    for (name, activation, precision) in [
        (
            "dense_forward/identity/64x32",
            Activation::Identity,
            Precision::Exact,
        ),
        (
            "dense_forward/tanh/64x32",
            Activation::Tanh,
            Precision::Exact,
        ),
        (
            "dense_forward/tanh_fast/64x32",
            Activation::Tanh,
            Precision::Fast,
        ),
    ] {
        let layer = Dense::<IN, HIDDEN>::glorot(activation, precision, &mut rng);
        measure(name, macs, || {
            dense_forward(
                black_box(&layer),
                black_box(&x),
                black_box(&mut z),
                black_box(&mut h),
            )
        });
    }

    // Forward: IN·HIDDEN + HIDDEN·OUT. An SGD step adds the error signal
    // through the output weights (HIDDEN·OUT) and the update of every
    // weight (IN·HIDDEN + HIDDEN·OUT).
    let forward_macs = (IN * HIDDEN + HIDDEN * OUT) as u32;
    let step_macs = 2 * forward_macs + (HIDDEN * OUT) as u32;
    for (predict_name, step_name, precision) in [
        (
            "mlp_predict/exact/64-32-10",
            "sgd_step/exact/64-32-10",
            Precision::Exact,
        ),
        (
            "mlp_predict/fast/64-32-10",
            "sgd_step/fast/64-32-10",
            Precision::Fast,
        ),
    ] {
        let mut net = Mlp::<IN, HIDDEN, OUT>::classifier(Activation::Tanh, precision, &mut rng);
        measure(predict_name, forward_macs, || {
            mlp_predict(black_box(&net), black_box(&x))
        });
        let loss = measure(step_name, step_macs, || {
            sgd_step(black_box(&mut net), black_box(&x), black_box(3))
        });
        if !loss.is_finite() {
            cortex_m_semihosting::heprintln!("error: the SGD step of {} failed", step_name);
            exit(false)
        }
    }

    models::count_all();

    exit(true)
}
