//! The app on embassy for thumbv7em-none-eabihf: an embassy-net stack, one
//! picoserve task on port 80. This is the no_std / no-alloc build proof of
//! the extractors (there is no allocator in this binary, so anything that
//! needed one would not link), not a networked firmware: the Ethernet
//! driver and the time driver below are stand-ins that move no packets and
//! keep no time. A real board puts its own drivers in their place.

use core::task::{Context, Waker};

use embassy_executor::Spawner;
use embassy_net::{Config, Ipv4Address, Ipv4Cidr, Stack, StackResources, StaticConfigV4};
use embassy_net_driver::{Capabilities, HardwareAddress, LinkState};
use static_cell::StaticCell;

use super::{router, Profile};

/// Stand-in Ethernet driver: link down, no frames.
struct NoNetwork;

/// A token that cannot exist: no frame is ever received or sent.
enum NoFrame {}

impl embassy_net_driver::RxToken for NoFrame {
    fn consume<R, F: FnOnce(&mut [u8]) -> R>(self, _: F) -> R {
        match self {}
    }
}

impl embassy_net_driver::TxToken for NoFrame {
    fn consume<R, F: FnOnce(&mut [u8]) -> R>(self, _: usize, _: F) -> R {
        match self {}
    }
}

impl embassy_net_driver::Driver for NoNetwork {
    type RxToken<'a> = NoFrame;
    type TxToken<'a> = NoFrame;

    fn receive(&mut self, _: &mut Context<'_>) -> Option<(NoFrame, NoFrame)> {
        None
    }

    fn transmit(&mut self, _: &mut Context<'_>) -> Option<NoFrame> {
        None
    }

    fn link_state(&mut self, _: &mut Context<'_>) -> LinkState {
        LinkState::Down
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::default()
    }

    fn hardware_address(&self) -> HardwareAddress {
        HardwareAddress::Ethernet([0x02, 0, 0, 0, 0, 0x01])
    }
}

/// Stand-in time driver: time stands still, no alarm fires.
struct NoClock;

impl embassy_time_driver::Driver for NoClock {
    fn now(&self) -> u64 {
        0
    }

    fn schedule_wake(&self, _: u64, _: &Waker) {}
}

embassy_time_driver::time_driver_impl!(static CLOCK: NoClock = NoClock);

#[embassy_executor::task]
async fn network(mut runner: embassy_net::Runner<'static, NoNetwork>) -> ! {
    runner.run().await
}

#[embassy_executor::task]
async fn http(stack: Stack<'static>) {
    static CONFIG: picoserve::Config = picoserve::Config::const_default();
    let app = router(Profile::FastApi);
    let (mut rx, mut tx, mut buffer) = ([0u8; 1024], [0u8; 1024], [0u8; 2048]);
    picoserve::Server::new(&app, &CONFIG, &mut buffer)
        .listen_and_serve(0usize, stack, 80, &mut rx, &mut tx)
        .await;
}

#[embassy_executor::main]
async fn main(spawner: Spawner) {
    static RESOURCES: StaticCell<StackResources<2>> = StaticCell::new();
    let config = Config::ipv4_static(StaticConfigV4 {
        address: Ipv4Cidr::new(Ipv4Address::new(10, 0, 0, 2), 24),
        gateway: None,
        dns_servers: Default::default(),
    });
    let (stack, runner) = embassy_net::new(
        NoNetwork,
        config,
        RESOURCES.init(StackResources::new()),
        0x5eed,
    );
    spawner.must_spawn(network(runner));
    spawner.must_spawn(http(stack));
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {
        cortex_m::asm::wfi();
    }
}
