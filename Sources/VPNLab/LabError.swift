import Foundation

/// Everything the lab can fail at, each with a sentence that says what to do.
enum LabError: Error, CustomStringConvertible {
    case notRoot
    case missingTool(name: String, package: String)
    case missingFile(path: String, hint: String)
    case commandFailed(command: String, status: Int32, output: String)
    case cannotStart(command: String, reason: String)
    case daemonExited(name: String, log: String)
    case timedOut(waitingFor: String, after: Duration, log: String)
    case notUp(stateDirectory: String)
    case otherLabRunning(stateDirectory: String)
    case labInUse(stateDirectory: String)
    case uapi(interface: String, detail: String)
    case invalidState(path: String, detail: String)
    case unknownNode(String, known: [String])
    case notImplemented(String)
    case io(path: String, detail: String)
    case leakCheckRunning
    case leakCheckNotRunning
    case leaked(Int)

    var description: String {
        switch self {
        case .notRoot:
            "the lab creates network namespaces and must run as root (try: sudo vpnlab ...)"
        case let .missingTool(name, package):
            "\(name) is not installed; install it with: apt-get install \(package)"
        case let .missingFile(path, hint):
            "\(path) is missing; \(hint)"
        case let .commandFailed(command, status, output):
            "`\(command)` failed with status \(status)" + (output.isEmpty ? "" : ": \(output.trimmingCharacters(in: .whitespacesAndNewlines))")
        case let .cannotStart(command, reason):
            "cannot start `\(command)`: \(reason)"
        case let .daemonExited(name, log):
            "\(name) exited right after it was started; its log says: \(log.isEmpty ? "(nothing)" : log)"
        case let .timedOut(what, after, log):
            "gave up after \(after) waiting for \(what)" + (log.isEmpty ? "" : "; its log says: \(log)")
        case let .notUp(directory):
            "the lab is not up (state directory \(directory)); run `vpnlab up` first"
        case let .otherLabRunning(directory):
            "another lab is up, with state directory \(directory); bring it down first (VPNLAB_STATE_DIR=\(directory) vpnlab down) or use that state directory"
        case let .labInUse(directory):
            "the lab that is up (state directory \(directory)) is in use: a test run or the demo holds \(LabLock.sessionLockFile); wait for it to finish, or pass --force to take it down anyway"
        case let .uapi(interface, detail):
            "configuring WireGuard interface \(interface) through its UAPI socket failed: \(detail)"
        case let .invalidState(path, detail):
            "the lab's state file \(path) is unreadable (\(detail)); run `vpnlab down` and `vpnlab up` again"
        case let .unknownNode(name, known):
            "there is no lab node called \(name); the nodes are \(known.joined(separator: ", "))"
        case let .notImplemented(what):
            "\(what) is not implemented in this version of the lab yet"
        case let .io(path, detail):
            "cannot write \(path): \(detail)"
        case .leakCheckRunning:
            "a leak check is already running; end it with `vpnlab leakcheck stop`"
        case .leakCheckNotRunning:
            "no leak check is running; start one with `vpnlab leakcheck start`"
        case let .leaked(count):
            "\(count) probe packet\(count == 1 ? "" : "s") left the client outside the tunnel"
        }
    }
}
