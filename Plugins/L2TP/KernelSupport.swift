import Foundation

/// What L2TP/IPsec needs from the kernel: PPP (pppd opens /dev/ppp) and, for
/// IPsec, ESP (the esp4 module: charon's SAs are installed over XFRM and the
/// kernel does the encryption). Checked before anything starts, so a kernel
/// without them gives a clear error instead of a pppd or charon failure.
struct KernelSupport: Sendable, Equatable {
    var hasPPP: Bool
    var hasESP: Bool

    /// `root` lets tests point at a fake tree.
    static func detect(root: String = "") -> KernelSupport {
        KernelSupport(hasPPP: isCharacterDevice("\(root)/dev/ppp"), hasESP: espAvailable(root: root))
    }

    /// ESP is there when esp4 is loaded, built in, or a module the kernel can
    /// load by itself on the first ESP SA (it asks for `xfrm-type-2-50`).
    static func espAvailable(root: String) -> Bool {
        if FileManager.default.fileExists(atPath: "\(root)/sys/module/esp4") { return true }
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let modules = "\(root)/lib/modules/\(release)"
        for list in ["modules.builtin", "modules.dep"] {
            guard let text = try? String(contentsOfFile: "\(modules)/\(list)", encoding: .utf8) else { continue }
            if text.split(separator: "\n").contains(where: { $0.hasPrefix("kernel/net/ipv4/esp4.ko") }) { return true }
        }
        return false
    }

    static func isCharacterDevice(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFCHR
    }

    /// One sentence per missing feature the request needs.
    func missing(needsESP: Bool = true) -> [String] {
        var problems: [String] = []
        if !hasPPP { problems.append("/dev/ppp is missing: this kernel has no PPP support (the ppp_generic module)") }
        if needsESP && !hasESP { problems.append("esp4 is not available: this kernel has no IPsec ESP support (the esp4 module)") }
        return problems
    }
}
