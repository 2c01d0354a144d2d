/// One line from openvpn's management interface: a real-time notification
/// (`>KIND:…`) or a reply to a command (`SUCCESS: …`, `ERROR: …`).
enum ManagementMessage: Sendable, Hashable {
    /// `>STATE:time,NAME,description,local IPv4,remote,port,…`.
    struct State: Sendable, Hashable {
        let name: String
        let detail: String
        let localAddress: String?
    }

    case info(String)
    case hold(String)
    case state(State)
    /// Bytes received from and sent to the server (`>BYTECOUNT:in,out`).
    case byteCount(received: UInt64, sent: UInt64)
    /// `>PASSWORD:Need 'Auth' username/password`.
    case needPassword(type: String)
    /// `>PASSWORD:Verification Failed: 'Auth'`.
    case verificationFailed(type: String)
    case fatal(String)
    /// `>LOG:time,flags,text`.
    case log(flags: String, text: String)
    case success(String)
    case error(String)
    /// Anything else: another notification, a line of a multi-line reply.
    case other(String)

    init(line: String) {
        if line.hasPrefix("SUCCESS:") {
            self = .success(Self.trimmed(line.dropFirst("SUCCESS:".count)))
            return
        }
        if line.hasPrefix("ERROR:") {
            self = .error(Self.trimmed(line.dropFirst("ERROR:".count)))
            return
        }
        guard line.hasPrefix(">"), let colon = line.firstIndex(of: ":") else {
            self = .other(line)
            return
        }
        let kind = line[line.index(after: line.startIndex)..<colon]
        let body = line[line.index(after: colon)...]
        switch kind {
        case "INFO":
            self = .info(String(body))
        case "HOLD":
            self = .hold(String(body))
        case "FATAL":
            self = .fatal(String(body))
        case "STATE":
            let fields = body.split(separator: ",", maxSplits: 8, omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2 else {
                self = .other(line)
                return
            }
            let local = fields.count > 3 && !fields[3].isEmpty ? fields[3] : nil
            self = .state(State(name: fields[1], detail: fields.count > 2 ? fields[2] : "", localAddress: local))
        case "BYTECOUNT":
            let fields = body.split(separator: ",")
            guard fields.count == 2, let received = UInt64(fields[0]), let sent = UInt64(fields[1]) else {
                self = .other(line)
                return
            }
            self = .byteCount(received: received, sent: sent)
        case "PASSWORD":
            if body.hasPrefix("Need '"), let type = Self.quoted(body) {
                self = .needPassword(type: type)
            } else if body.hasPrefix("Verification Failed"), let type = Self.quoted(body) {
                self = .verificationFailed(type: type)
            } else {
                self = .other(line)
            }
        case "LOG":
            let fields = body.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                self = .other(line)
                return
            }
            self = .log(flags: String(fields[1]), text: String(fields[2]))
        default:
            self = .other(line)
        }
    }

    /// The text between the first pair of single quotes.
    private static func quoted(_ text: Substring) -> String? {
        guard let open = text.firstIndex(of: "'") else { return nil }
        let rest = text[text.index(after: open)...]
        guard let close = rest.firstIndex(of: "'") else { return nil }
        return String(rest[..<close])
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " })
    }
}
