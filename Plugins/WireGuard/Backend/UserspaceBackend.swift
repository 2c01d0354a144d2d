/// wireguard-go, configured over its UAPI socket.
struct UserspaceBackend: WireGuardBackend {
    let device: WireGuardGo

    var interface: String { device.interface }
    var name: String { "wireguard-go" }

    static func create(interface: String, onExit: @escaping @Sendable () -> Void) async throws(UAPIError) -> UserspaceBackend {
        UserspaceBackend(device: try await WireGuardGo.start(interface: interface, onExit: onExit))
    }

    func configure(_ configuration: DeviceConfiguration) async throws {
        try await UAPIClient(interface: interface).set(configuration)
    }

    func report() async throws -> DeviceReport {
        try await UAPIClient(interface: interface).get()
    }

    func remove() async {
        await device.stop()
    }
}
