/// The command prefix that gives a daemon a /run of its own (and, for
/// pppd, an /etc/ppp of the lab's): Lab/private-mounts.sh in a fresh mount
/// namespace. charon and pppd write fixed paths under /run, which would
/// collide between the server namespaces and must not land on the machine.
enum PrivateMounts {
    /// `quietConsole`: /dev/null over /dev/console, for a daemon whose
    /// syslog would otherwise wait on the machine's serial console.
    static func prefix(keeping state: StateDirectory, etcPPP: String? = nil, quietConsole: Bool = false) throws -> [String] {
        var arguments = ["unshare", "--mount", "--propagation", "private", "/bin/sh", try Resources.labScript("private-mounts.sh"),
                         "--keep", state.path]
        if let etcPPP { arguments += ["--etc-ppp", etcPPP] }
        if quietConsole { arguments.append("--no-console") }
        return arguments + ["--"]
    }
}
