import ArgumentParser

/// `on` or `off`, as `vpnctl set` takes it.
enum OnOff: String, ExpressibleByArgument, CaseIterable {
    case on, off
}
