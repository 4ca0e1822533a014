//! Weight storage types for the matrix memories: `i8`, `i16` and `f32`.

use core::fmt::Debug;
use core::ops::{Add, Neg, Sub};

use super::kernels;

mod sealed {
    pub trait Sealed {}
    impl Sealed for i8 {}
    impl Sealed for i16 {}
    impl Sealed for f32 {}
}

/// The largest number of units any memory accepts, so that a unit index
/// fits in a `u16` (the asynchronous visiting order is a `[u16; N]`).
pub const MAX_UNITS: usize = u16::MAX as usize;

/// A type that stores the weights of a matrix memory.
///
/// Weights are kept in units of `1/N`, so the Hebbian rule adds exactly `±1`
/// to a weight per stored pattern. The Storkey and pseudo-inverse rules store
/// `N` times their real-valued weight, which `i8` and `i16` round to the
/// nearest integer (halves away from zero).
///
/// # Saturation
///
/// Every weight stays in `[-MAX, MAX]`: `±127` for `i8`, `±32 767` for
/// `i16` and `±2²⁴` for `f32`. An update that would leave this range stores
/// `±MAX` instead, never a wrapped value, and the store that made it counts
/// it as clamped. For `f32` the Hebbian and Storkey updates decide on the
/// exact result, so a Hebbian `+1` on `2²⁴` counts as clamped although
/// `f32` arithmetic rounds it back to `2²⁴`. The integer types never store
/// `i8::MIN` or `i16::MIN`, so the range is symmetric and negating a weight
/// cannot overflow.
///
/// # Accumulators
///
/// Local fields are summed in [`Field`](Self::Field): `i32` for the integer
/// types, `f32` for `f32`. A memory of `N` units compiles only if
/// `N <= Self::MAX_UNITS`. That bound keeps every sum the memories form
/// inside the accumulator, including the Storkey numerator
/// `ξ_i h_j + h_i ξ_j - w_ij - w_ji`, whose magnitude reaches `2 N MAX`.
///
/// The trait is sealed: it is implemented for `i8`, `i16` and `f32` only.
pub trait Weight:
    Copy + PartialEq + Debug + Into<<Self as Weight>::Field> + sealed::Sealed
{
    /// The type of a local field `Σ_j w_ij σ_j`.
    type Field: Copy
        + Default
        + PartialOrd
        + Debug
        + Add<Output = Self::Field>
        + Sub<Output = Self::Field>
        + Neg<Output = Self::Field>
        + Into<f64>;

    /// The zero weight.
    const ZERO: Self;

    /// The largest weight magnitude stored.
    const MAX: Self;

    /// The largest number of units a memory with this weight type accepts.
    const MAX_UNITS: usize;

    /// Returns the local field `Σ_j w_j σ_j` of `row` for the packed state
    /// `state`, on `wide` lanes.
    ///
    /// # Panics
    ///
    /// Panics unless `state` has `row.len().div_ceil(32)` words.
    fn field(row: &[Self], state: &[u32]) -> Self::Field;

    /// Returns the same value as [`field`](Self::field), bit for bit, with
    /// plain loops.
    ///
    /// # Panics
    ///
    /// Panics unless `state` has `row.len().div_ceil(32)` words.
    fn field_scalar(row: &[Self], state: &[u32]) -> Self::Field;

    /// Converts a real weight, already in units of `1/N`, to this type:
    /// rounded to the nearest integer (halves away from zero) for `i8` and
    /// `i16`, and clamped to `[-MAX, MAX]`. NaN becomes zero. Returns the
    /// weight and whether it was clamped.
    fn from_f32_saturating(value: f32) -> (Self, bool);

    /// Returns the weight as an `f32`, exactly.
    fn to_f32(self) -> f32;

    /// Returns `self + product - numerator / units` clamped to
    /// `[-MAX, MAX]`, and whether it was clamped. `product` is `ξ_i ξ_j`,
    /// `±1`. For the integer types the quotient is rounded to the nearest
    /// integer, halves away from zero. The Hebbian rule passes a zero
    /// numerator.
    ///
    /// Hidden because only the storage rules of this module call it.
    #[doc(hidden)]
    fn incremented(self, product: i8, numerator: Self::Field, units: usize) -> (Self, bool);
}

/// Returns `numerator / divisor` rounded to the nearest integer, halves away
/// from zero. `divisor` must be positive.
fn divide_rounded(numerator: i32, divisor: i32) -> i32 {
    let (numerator, divisor) = (i64::from(numerator), i64::from(divisor));
    let magnitude = (2 * numerator.abs() + divisor) / (2 * divisor);
    // |numerator / divisor| + ½ fits in i32 because |numerator| does.
    (if numerator < 0 { -magnitude } else { magnitude }) as i32
}

macro_rules! integer_weight {
    ($t:ty, $max_units:expr, $field:path, $field_scalar:path) => {
        impl Weight for $t {
            type Field = i32;
            const ZERO: Self = 0;
            const MAX: Self = <$t>::MAX;
            const MAX_UNITS: usize = $max_units;

            #[inline]
            fn field(row: &[Self], state: &[u32]) -> i32 {
                $field(row, state)
            }

            fn field_scalar(row: &[Self], state: &[u32]) -> i32 {
                $field_scalar(row, state)
            }

            fn from_f32_saturating(value: f32) -> (Self, bool) {
                let max = <$t>::MAX as f32;
                let rounded = libm::roundf(value);
                if rounded > max {
                    (<$t>::MAX, true)
                } else if rounded < -max {
                    (-<$t>::MAX, true)
                } else if rounded.is_nan() {
                    (0, false)
                } else {
                    (rounded as $t, false)
                }
            }

            fn to_f32(self) -> f32 {
                f32::from(self)
            }

            fn incremented(self, product: i8, numerator: i32, units: usize) -> (Self, bool) {
                // |self| + 1 + |numerator| / units ≤ 3 MAX + 2, well inside i32.
                let step = i32::from(product) - divide_rounded(numerator, units as i32);
                let value = i32::from(self) + step;
                let max = i32::from(<$t>::MAX);
                if value > max {
                    (<$t>::MAX, true)
                } else if value < -max {
                    (-<$t>::MAX, true)
                } else {
                    (value as $t, false)
                }
            }
        }
    };
}

// i8: the Storkey numerator reaches 2 · 65 535 · 127 < 2³¹, so only the u16
// index limits N.
integer_weight!(i8, MAX_UNITS, kernels::field_i8, kernels::scalar::field_i8);
// i16: the Storkey numerator reaches 2 N · 32 767, below 2³¹ for N ≤ 32 768.
integer_weight!(i16, 32_768, kernels::field_i16, kernels::scalar::field_i16);

/// The `f32` weight bound: `±1` steps stay exact below 2²⁴.
const F32_MAX: f32 = 16_777_216.0;

impl Weight for f32 {
    type Field = f32;
    const ZERO: Self = 0.0;
    /// 2²⁴, the largest magnitude below which Hebbian `±1` steps are exact.
    const MAX: Self = F32_MAX;
    const MAX_UNITS: usize = MAX_UNITS;

    #[inline]
    fn field(row: &[Self], state: &[u32]) -> f32 {
        kernels::field_f32(row, state)
    }

    fn field_scalar(row: &[Self], state: &[u32]) -> f32 {
        kernels::scalar::field_f32(row, state)
    }

    fn from_f32_saturating(value: f32) -> (Self, bool) {
        if value.is_nan() {
            (0.0, false)
        } else if value.abs() > F32_MAX {
            (F32_MAX.copysign(value), true)
        } else {
            (value, false)
        }
    }

    fn to_f32(self) -> f32 {
        self
    }

    fn incremented(self, product: i8, numerator: f32, units: usize) -> (Self, bool) {
        let value = (self + f32::from(product)) - numerator / units as f32;
        // Near the bound f32 rounding can hide a crossing: 2²⁴ + 1 rounds
        // to 2²⁴. So there the exact value decides, which f64 represents
        // exactly for the Hebbian rule and to within 2⁻²⁶ for Storkey's.
        // Below 2²³ the few units of f32 rounding cannot reach the bound.
        if value.abs() >= F32_MAX / 2.0 {
            let exact = f64::from(self) + f64::from(product) - f64::from(numerator) / units as f64;
            if exact.abs() > f64::from(F32_MAX) {
                return (F32_MAX.copysign(value), true);
            }
        }
        Self::from_f32_saturating(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_division_table() {
        let cases = [
            (0, 5, 0),
            (2, 5, 0),
            (3, 5, 1),
            (-3, 5, -1),
            (5, 10, 1),
            (-5, 10, -1),
            (15, 10, 2),
            (-15, 10, -2),
            (i32::MAX, 1, i32::MAX),
            (i32::MIN + 1, 1, i32::MIN + 1),
            (i32::MAX, 65_535, 32_768),
            (65_535 * 3 + 32_768, 65_535, 4),
        ];
        for (numerator, divisor, expected) in cases {
            let actual = divide_rounded(numerator, divisor);
            assert_eq!(
                actual, expected,
                "{numerator} / {divisor}: got {actual}, expected {expected}"
            );
        }
    }

    #[test]
    fn integer_increment_saturates() {
        let cases: [(i8, i8, i32, usize, i8, bool); 6] = [
            (126, 1, 0, 10, 127, false),
            (127, 1, 0, 10, 127, true),
            (-127, -1, 0, 10, -127, true),
            (0, 1, 25, 10, -2, false),
            (0, -1, -35, 10, 3, false),
            (100, 1, -1000, 10, 127, true),
        ];
        for (weight, product, numerator, units, expected, clamped) in cases {
            let actual = weight.incremented(product, numerator, units);
            assert_eq!(
                actual,
                (expected, clamped),
                "{weight} + {product} - {numerator}/{units}"
            );
        }
    }

    #[test]
    fn i16_storkey_numerator_fits_at_max_units() {
        // The largest numerator the Storkey rule can form at N = MAX_UNITS.
        let units = <i16 as Weight>::MAX_UNITS;
        let field = (units as i32 - 1) * i32::from(i16::MAX);
        let numerator = 2 * field + 2 * i32::from(i16::MAX);
        assert_eq!(i64::from(numerator), 2 * units as i64 * 32_767);
        let (weight, clamped) = i16::MAX.incremented(-1, numerator, units);
        assert_eq!(
            (weight, clamped),
            (-i16::MAX, true),
            "32767 - 1 - {numerator}/{units}"
        );
        let (weight, clamped) = (-i16::MAX).incremented(1, -numerator, units);
        assert_eq!(
            (weight, clamped),
            (i16::MAX, true),
            "-32767 + 1 + {numerator}/{units}"
        );
    }

    #[test]
    fn f32_increment_counts_rounded_crossings() {
        // 2²⁴ + 1 and 2²⁴ + 0.6 round to 2²⁴ in f32 but exceed the bound,
        // while 2²⁴ - 0.4 rounds to 2²⁴ and does not.
        let cases: [(f32, i8, f32, usize, f32, bool); 7] = [
            (F32_MAX - 1.0, 1, 0.0, 2, F32_MAX, false),
            (F32_MAX, 1, 0.0, 2, F32_MAX, true),
            (-F32_MAX, -1, 0.0, 2, -F32_MAX, true),
            (F32_MAX, -1, 0.0, 2, F32_MAX - 1.0, false),
            (F32_MAX - 1.0, 1, -6.0, 10, F32_MAX, true),
            (F32_MAX - 1.0, 1, 6.0, 10, F32_MAX - 1.0, false),
            (F32_MAX - 3.0, 1, -16.0, 10, F32_MAX, false),
        ];
        for (weight, product, numerator, units, expected, clamped) in cases {
            let actual = weight.incremented(product, numerator, units);
            assert_eq!(
                actual,
                (expected, clamped),
                "{weight} + {product} - {numerator}/{units}: got {actual:?}, \
                 expected ({expected}, {clamped})"
            );
        }
    }

    #[test]
    fn conversion_from_f32_table() {
        let cases: [(f32, i8, bool); 7] = [
            (0.49, 0, false),
            (0.5, 1, false),
            (-0.5, -1, false),
            (126.6, 127, false),
            (127.5, 127, true),
            (-1.0e9, -127, true),
            (f32::NAN, 0, false),
        ];
        for (value, expected, clamped) in cases {
            let actual = i8::from_f32_saturating(value);
            assert_eq!(actual, (expected, clamped), "i8 from {value}");
        }
        let (big, clamped) = f32::from_f32_saturating(-1.0e30);
        assert_eq!((big, clamped), (-F32_MAX, true), "f32 from -1e30");
    }
}
