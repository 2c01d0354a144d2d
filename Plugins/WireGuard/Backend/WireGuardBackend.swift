/// Where the WireGuard device lives: the kernel's module, or wireguard-go.
protocol WireGuardBackend: Sendable {
    var interface: String { get }
    var name: String { get }
    func configure(_ configuration: DeviceConfiguration) async throws -> Void
    func report() async throws -> DeviceReport
    /// Removes the device and everything on it.
    func remove() async
}
