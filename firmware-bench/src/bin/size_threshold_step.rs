//! One tick of a network of 64 McCulloch-Pitts units with 1-bit weights,
//! for its code size. The network is a static in `.bss`.
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;
use shinkei::threshold::{BitVec, Network};
use shinkei_firmware_bench::exit;

#[entry]
fn main() -> ! {
    let Some(network) = cortex_m::singleton!(: Network<64, 2, 1> = Network::new()) else {
        exit(false)
    };
    if network.set_weight(black_box(1), black_box(0), 1).is_err() {
        exit(false)
    }
    network.set_state(BitVec::ones());
    let external = black_box(BitVec::<64, 2>::zeros());
    black_box(&mut *network).step(black_box(&external));
    exit(black_box(network.state()).get(1))
}
