/// Moves whole datagrams between a socket and the kernel. The exchange logic of
/// `NetlinkSocket` (sequence numbers, acks, dumps) sits on top, so it can be tested
/// against scripted replies as well as the kernel.
protocol NetlinkTransport {
    /// The port id the kernel addresses replies to.
    var portID: UInt32 { get }
    mutating func send(_ datagram: [UInt8]) throws(NetlinkError)
    /// Blocks until one datagram from the kernel arrives (or the receive timeout passes).
    mutating func receive() throws(NetlinkError) -> [UInt8]
    mutating func close()
}
