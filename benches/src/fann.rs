//! A minimal binding to FANN 2.2 (Fast Artificial Neural Network Library),
//! single precision (`libfloatfann`), for the peer benchmark of one online
//! training step.
//!
//! Only the calls the benchmark needs are declared, from FANN's headers
//! `fann.h`, `fann_train.h` and `fann_data.h` (Debian `libfann-dev`
//! 2.2.0). The enum values are copied from `fann_data.h`.

use std::ffi::{c_float, c_uint};
use std::ptr::NonNull;

/// `struct fann`, used only through pointers.
#[repr(C)]
struct RawFann {
    _private: [u8; 0],
}

/// `FANN_LINEAR` in `enum fann_activationfunc_enum`.
const FANN_LINEAR: c_uint = 0;
/// `FANN_SIGMOID_SYMMETRIC`, `tanh(s x)` with steepness `s` (0.5 by default).
const FANN_SIGMOID_SYMMETRIC: c_uint = 5;
/// `FANN_TRAIN_INCREMENTAL` in `enum fann_train_enum`: plain backpropagation
/// with a weight update after every sample.
const FANN_TRAIN_INCREMENTAL: c_uint = 0;
/// `FANN_ERRORFUNC_LINEAR` in `enum fann_errorfunc_enum`: the output error is
/// `target - output`, the gradient of the squared error.
const FANN_ERRORFUNC_LINEAR: c_uint = 0;

unsafe extern "C" {
    fn fann_create_standard_array(num_layers: c_uint, layers: *const c_uint) -> *mut RawFann;
    fn fann_destroy(ann: *mut RawFann);
    fn fann_set_activation_function_hidden(ann: *mut RawFann, function: c_uint);
    fn fann_set_activation_function_output(ann: *mut RawFann, function: c_uint);
    fn fann_set_training_algorithm(ann: *mut RawFann, algorithm: c_uint);
    fn fann_set_train_error_function(ann: *mut RawFann, function: c_uint);
    fn fann_set_learning_rate(ann: *mut RawFann, rate: c_float);
    fn fann_train(ann: *mut RawFann, input: *const c_float, desired_output: *const c_float);
    fn fann_run(ann: *mut RawFann, input: *const c_float) -> *mut c_float;
}

/// A fully connected FANN network with one hidden layer of symmetric
/// sigmoids (tanh) and linear outputs, trained by incremental
/// backpropagation on the squared error.
///
/// FANN has no softmax output, so this network's output layer and loss
/// differ from a shinkei classifier's: linear units and squared error
/// instead of softmax and cross-entropy.
pub struct Fann {
    raw: NonNull<RawFann>,
    inputs: usize,
    outputs: usize,
}

impl Fann {
    /// Creates an `inputs`-`hidden`-`outputs` network with FANN's random
    /// initial weights and the given learning rate.
    ///
    /// # Panics
    ///
    /// Panics if FANN fails to allocate the network.
    pub fn new(inputs: usize, hidden: usize, outputs: usize, rate: f32) -> Self {
        let layers = [inputs, hidden, outputs]
            .map(|n| c_uint::try_from(n).expect("layer size fits in c_uint"));
        // SAFETY: `layers` contains `layers.len()` initialised values and
        // outlives the call, and FANN reads the sizes only during the call.
        let raw = unsafe { fann_create_standard_array(layers.len() as c_uint, layers.as_ptr()) };
        let raw = NonNull::new(raw).expect("fann_create_standard_array returned null");
        // SAFETY: `raw` is a valid network that FANN just created, and the
        // enum values are those of `fann_data.h`.
        unsafe {
            fann_set_activation_function_hidden(raw.as_ptr(), FANN_SIGMOID_SYMMETRIC);
            fann_set_activation_function_output(raw.as_ptr(), FANN_LINEAR);
            fann_set_training_algorithm(raw.as_ptr(), FANN_TRAIN_INCREMENTAL);
            fann_set_train_error_function(raw.as_ptr(), FANN_ERRORFUNC_LINEAR);
            fann_set_learning_rate(raw.as_ptr(), rate);
        }
        Fann {
            raw,
            inputs,
            outputs,
        }
    }

    /// Takes one incremental training step on one sample: a forward pass,
    /// backpropagation and a weight update.
    ///
    /// # Panics
    ///
    /// Panics if `input` or `target` does not match the layer sizes.
    pub fn train(&mut self, input: &[f32], target: &[f32]) {
        assert_eq!(input.len(), self.inputs, "FANN input of the wrong length");
        assert_eq!(
            target.len(),
            self.outputs,
            "FANN target of the wrong length"
        );
        // SAFETY: the network is valid until `drop`, and FANN reads exactly
        // `inputs` and `outputs` values from the two slices, as asserted.
        unsafe { fann_train(self.raw.as_ptr(), input.as_ptr(), target.as_ptr()) }
    }

    /// Returns the network's outputs for `input`.
    ///
    /// # Panics
    ///
    /// Panics if `input` does not match the input layer size.
    pub fn run(&mut self, input: &[f32]) -> Vec<f32> {
        assert_eq!(input.len(), self.inputs, "FANN input of the wrong length");
        // SAFETY: as in `train`; FANN returns a pointer to its own buffer of
        // `outputs` values, valid until the next call on this network, and
        // the values are copied out before that.
        unsafe {
            let output = fann_run(self.raw.as_ptr(), input.as_ptr());
            std::slice::from_raw_parts(output, self.outputs).to_vec()
        }
    }
}

impl Drop for Fann {
    fn drop(&mut self) {
        // SAFETY: the network was created by FANN and is destroyed once.
        unsafe { fann_destroy(self.raw.as_ptr()) }
    }
}
