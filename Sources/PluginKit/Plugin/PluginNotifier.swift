import JSONRPC
import Foundation

/// Writes messages to the host, one line each, never two at once.
public actor PluginNotifier {
    private let output: FileHandle

    init(output: FileHandle) {
        self.output = output
    }

    public func state(_ state: TunnelState) {
        send(.notification(method: Contract.StateNotification.name, params: (try? RPCValue(encoding: state)) ?? .null))
    }

    public func stats(_ stats: TunnelStats) {
        send(.notification(method: Contract.StatsNotification.name, params: (try? RPCValue(encoding: stats)) ?? .null))
    }

    public func log(_ level: LogEntry.Level, _ message: String) {
        send(.notification(method: Contract.LogNotification.name, params: (try? RPCValue(encoding: LogEntry(level: level, message: message))) ?? .null))
    }

    func send(_ message: RPCMessage) {
        guard let line = try? message.encodedLine() else { return }
        try? output.write(contentsOf: line)
    }
}
