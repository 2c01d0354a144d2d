/// The command prefix that gives a daemon a /run of its own (and, for
/// pppd, an /etc/ppp of the lab's): Lab/private-mounts.sh in a fresh mount
/// namespace. charon and pppd write fixed paths under /run, which would
/// collide between the server namespaces and must not land on the machine.
enum PrivateMounts {
    static func prefix(keeping state: StateDirectory, etcPPP: String? = nil) throws -> [String] {
        var arguments = ["unshare", "--mount", "--propagation", "private", "/bin/sh", try Resources.labScript("private-mounts.sh"),
                         "--keep", state.path]
        if let etcPPP { arguments += ["--etc-ppp", etcPPP] }
        return arguments + ["--"]
    }
}
