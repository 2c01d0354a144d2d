import Addressing
import Foundation
import VPNCore

/// This machine's registration with the provider (`POST devices`,
/// `DELETE devices/ID`): the WireGuard public key the servers will accept,
/// and the tunnel address they give it.
public struct DeviceService: Sendable {
    public let apiURL: String
    public let tokenFile: String?
    public let http: HTTPClient

    public init(apiURL: String, tokenFile: String?, http: HTTPClient) {
        self.apiURL = apiURL.hasSuffix("/") ? apiURL : apiURL + "/"
        self.tokenFile = tokenFile
        self.http = http
    }

    public func register(publicKey: String, name: String) async throws(DeviceError) -> DeviceRegistration {
        let token = try token()
        let body = JSONObjectWriter.object(["public_key": publicKey, "name": name])
        var request = HTTPRequest(.post(body: Array(body.utf8), contentType: "application/json"), url: apiURL + "devices")
        request.bearerToken = token.secret
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw .unreachable(error.description)
        }
        switch response.status {
        case 200, 201:
            return try Self.parse(response.body)
        case 401:
            throw .tokenRejected
        case 403:
            throw .limitReached(Self.message(in: response.body))
        default:
            throw .refused(status: response.status, message: Self.message(in: response.body))
        }
    }

    public func remove(_ id: String) async throws(DeviceError) {
        let token = try token()
        guard id.utf8.allSatisfy({ (0x21...0x7E).contains($0) && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "?") }) else {
            throw .malformedAnswer("device id")
        }
        var request = HTTPRequest(.delete, url: apiURL + "devices/" + id)
        request.bearerToken = token.secret
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            throw .unreachable(error.description)
        }
        guard response.status == 204 || response.status == 200 || response.status == 404 else {
            throw .refused(status: response.status, message: Self.message(in: response.body))
        }
    }

    private func token() throws(DeviceError) -> AccountToken {
        guard let tokenFile else { throw .noAccount }
        do {
            return try AccountToken(contentsOf: tokenFile)
        } catch {
            throw .account(error)
        }
    }

    static func parse(_ body: [UInt8]) throws(DeviceError) -> DeviceRegistration {
        guard case let .object(object)? = try? JSONParser.parse(body),
              case let .string(id)? = object["id"], !id.isEmpty, id.utf8.count <= 128,
              case let .string(address)? = object["ipv4_address"]
        else { throw .malformedAnswer("expected {\"id\", \"ipv4_address\"}") }
        let parts = address.split(separator: "/")
        guard parts.count == 2, IPv4Address(String(parts[0])) != nil, let prefix = Int(parts[1]), (8...32).contains(prefix) else {
            throw .malformedAnswer("ipv4_address \(address.prefix(40)) is not an IPv4 address with a prefix")
        }
        return DeviceRegistration(
            id: id, ipv4Address: address, ipv6Address: try ipv6Address(in: object["ipv6_address"]),
            openVPNLogin: try login(in: object["openvpn"], field: "openvpn"), l2tpLogin: try login(in: object["l2tp"], field: "l2tp")
        )
    }

    /// A device's own login for a protocol, where the provider offers it:
    /// `{"username": "...", "password": "..."}`, both of printable ASCII
    /// without spaces or quotes (they end up in generated configurations).
    private static func login(in value: JSONValue?, field: String) throws(DeviceError) -> TunnelLogin? {
        switch value {
        case nil, .null?:
            return nil
        case let .object(object)?:
            guard case let .string(username)? = object["username"], case let .string(password)? = object["password"],
                  let login = TunnelLogin(username: username, password: password)
            else { throw .malformedAnswer("\(field) is not {\"username\", \"password\"} of 1 to 128 printable characters without spaces or quotes") }
            return login
        default:
            throw .malformedAnswer("\(field) is not an object")
        }
    }

    /// Optional: only a provider that carries IPv6 in its tunnels gives one.
    private static func ipv6Address(in value: JSONValue?) throws(DeviceError) -> String? {
        switch value {
        case nil, .null?:
            return nil
        case let .string(address)?:
            let parts = address.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, address.utf8.count <= 50, IPv6Address(String(parts[0])) != nil,
                  parts[1].utf8.allSatisfy({ (0x30...0x39).contains($0) }), let prefix = Int(parts[1]), (16...128).contains(prefix)
            else { throw .malformedAnswer("ipv6_address \(address.prefix(50).debugDescription) is not an IPv6 address with a prefix") }
            return address
        default:
            throw .malformedAnswer("ipv6_address is not a string")
        }
    }

    private static func message(in body: [UInt8]) -> String {
        if case let .object(object)? = try? JSONParser.parse(body), case let .string(text)? = object["error"] {
            return String(text.prefix(200))
        }
        return ""
    }
}

public struct DeviceRegistration: Sendable, Hashable, Codable {
    public let id: String
    /// The tunnel address, with its prefix ("198.19.0.7/32").
    public let ipv4Address: String
    /// The IPv6 tunnel address ("2001:db8:100::7/128"), where the provider
    /// offers IPv6; registrations saved before it existed decode to nil.
    public let ipv6Address: String?
    /// This device's own logins for OpenVPN and L2TP: never the account
    /// token, which goes to the provider's API alone. Revoked with the
    /// device. Registrations saved before they existed decode to nil.
    public let openVPNLogin: TunnelLogin?
    public let l2tpLogin: TunnelLogin?

    /// The families the provider API gives logins for.
    public static let familiesWithLogins: Set<String> = ["openvpn", "l2tp"]

    /// The login for a plugin family, by the provider API's names for them
    /// (`openvpn`, `l2tp`); nil for one that logs in otherwise (WireGuard's key).
    public func login(for family: String) -> TunnelLogin? {
        switch family {
        case "openvpn": openVPNLogin
        case "l2tp": l2tpLogin
        default: nil
        }
    }

    public init(id: String, ipv4Address: String, ipv6Address: String? = nil, openVPNLogin: TunnelLogin? = nil, l2tpLogin: TunnelLogin? = nil) {
        self.id = id
        self.ipv4Address = ipv4Address
        self.ipv6Address = ipv6Address
        self.openVPNLogin = openVPNLogin
        self.l2tpLogin = l2tpLogin
    }
}

/// A username and password for one protocol's servers, this device's own.
public struct TunnelLogin: Sendable, Hashable, Codable, CustomStringConvertible {
    public let username: String
    public let password: String

    /// Nil unless both are 1 to 128 printable ASCII characters without
    /// spaces, quotes or backslashes.
    public init?(username: String, password: String) {
        let fits: (String) -> Bool = { text in
            (1...128).contains(text.utf8.count)
                && text.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != 0x22 && $0 != 0x27 && $0 != 0x5C }
        }
        guard fits(username), fits(password) else { return nil }
        self.username = username
        self.password = password
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let username = try container.decode(String.self, forKey: .username), password = try container.decode(String.self, forKey: .password)
        guard let login = TunnelLogin(username: username, password: password) else {
            throw DecodingError.dataCorruptedError(forKey: .password, in: container, debugDescription: "not a tunnel login")
        }
        self = login
    }

    /// The username only: the password never reaches a log.
    public var description: String { "\(username) (password withheld)" }
}

public enum DeviceError: Error, Sendable, Hashable, CustomStringConvertible {
    case noAccount
    case account(AccountError)
    case tokenRejected
    case limitReached(String)
    case refused(status: Int, message: String)
    case unreachable(String)
    case malformedAnswer(String)
    /// This device's key or registration cannot be kept or read safely.
    case storage(String)
    /// The provider registered the device but gave it no login for this family.
    case noLogin(family: String)

    public var description: String {
        switch self {
        case .noAccount:
            "This protocol needs a registered device, which needs an account: set account_token_file in the configuration."
        case let .account(error):
            error.description
        case .tokenRejected:
            "The provider does not accept the account token (HTTP 401). Check account_token_file."
        case let .limitReached(message):
            "The account has no device left (\(message.isEmpty ? "limit reached" : message)). Remove a device in your account, or upgrade to Premium for more."
        case let .refused(status, message):
            "The provider refused to register this device (HTTP \(status))" + (message.isEmpty ? "." : ": \(message).")
        case let .unreachable(detail):
            "Cannot reach the provider to register this device: \(detail)"
        case let .malformedAnswer(detail):
            "The provider's answer to the device registration is malformed: \(detail)."
        case let .storage(detail):
            "Cannot keep this device's identity: \(detail)."
        case let .noLogin(family):
            "The provider gave this device no \(family) login, so \(family) cannot be used with this account; choose another protocol."
        }
    }
}
