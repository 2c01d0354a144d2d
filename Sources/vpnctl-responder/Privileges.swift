#if canImport(Glibc)
import Glibc
#endif

/// The responder needs root for one moment: to open raw GRE and ESP sockets
/// and bind port 1723. Then it becomes an ordinary user, for good: with a
/// uid that is not 0, the kernel clears every capability, and a bug in a
/// parser of the internet's packets gets nobody's rights, not root's.
enum Privileges {
    /// Switches to `name` (its uid and gid, no supplementary groups) before
    /// any other thread starts, so every thread is that user. Not root to
    /// begin with: nothing to drop.
    static func drop(to name: String) throws(ResponderError) {
        guard geteuid() == 0 else { return }
        guard let entry = getpwnam(name) else { throw .unknownUser(name) }
        let uid = entry.pointee.pw_uid, gid = entry.pointee.pw_gid
        guard uid != 0 else { throw .userIsRoot(name) }
        guard setgroups(0, nil) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
            throw .cannotDropPrivileges(user: name, errno: errno)
        }
        // There is no way back: a root that could be regained was never dropped.
        guard setuid(0) != 0, geteuid() == uid else { throw .cannotDropPrivileges(user: name, errno: EPERM) }
    }
}
