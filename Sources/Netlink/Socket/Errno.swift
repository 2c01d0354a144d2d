#if canImport(Glibc)
import Glibc
#endif

/// Names and texts for errnos, so an error reads "ENODEV (No such device)" rather than "19".
enum Errno {
    static func name(_ code: Int32) -> String {
        switch code {
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case ESRCH: "ESRCH"
        case EINTR: "EINTR"
        case EIO: "EIO"
        case EBADF: "EBADF"
        case EAGAIN: "EAGAIN"
        case ENOMEM: "ENOMEM"
        case EACCES: "EACCES"
        case EBUSY: "EBUSY"
        case EEXIST: "EEXIST"
        case ENODEV: "ENODEV"
        case EINVAL: "EINVAL"
        case ENOSPC: "ENOSPC"
        case ERANGE: "ERANGE"
        case EMSGSIZE: "EMSGSIZE"
        case EPROTONOSUPPORT: "EPROTONOSUPPORT"
        case EOPNOTSUPP: "EOPNOTSUPP"
        case EPFNOSUPPORT: "EPFNOSUPPORT"
        case EAFNOSUPPORT: "EAFNOSUPPORT"
        case EADDRINUSE: "EADDRINUSE"
        case EADDRNOTAVAIL: "EADDRNOTAVAIL"
        case ENETDOWN: "ENETDOWN"
        case ENETUNREACH: "ENETUNREACH"
        case ENOBUFS: "ENOBUFS"
        case EHOSTUNREACH: "EHOSTUNREACH"
        case EBADR: "EBADR"
        case ENOTSUP: "ENOTSUP"
        default: "errno \(code)"
        }
    }

    static func text(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "unknown error" }
        return String(cString: text)
    }

    static func describe(_ code: Int32) -> String { "\(name(code)) (\(text(code)))" }

    /// What a user can do about the errnos that have one obvious cause.
    static func hint(_ code: Int32) -> String? {
        switch code {
        case EPERM, EACCES: "changing the network configuration needs CAP_NET_ADMIN: run as root"
        case EEXIST: "it already exists; delete it first or leave it as it is"
        case ENODEV: "the network interface does not exist (in this network namespace)"
        case ENOENT, ESRCH: "there is no such object (rule, route, table or family) to act on"
        case EADDRNOTAVAIL: "that address is not assigned there"
        case ENETUNREACH: "the gateway is not on a connected network; add an address on its subnet first"
        case ENETDOWN: "the interface is down; set it up first"
        default: nil
        }
    }
}
