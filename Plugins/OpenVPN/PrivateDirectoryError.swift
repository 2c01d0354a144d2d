import Foundation

/// The private directory could not be made or written.
enum PrivateDirectoryError: Error, Sendable, CustomStringConvertible {
    case alreadyExists(path: String)
    case cannotCreate(path: String, errno: Int32)

    var description: String {
        switch self {
        case let .alreadyExists(path):
            "\(path) already exists: a tunnel on that interface is running or was left by a crash; disconnect it first"
        case let .cannotCreate(path, code):
            "cannot create \(path): \(String(cString: strerror(code)))"
        }
    }
}
