/// What `PluginConnection.killLeftoverGroup` found and did.
public enum LeftoverGroup: Sendable, Hashable {
    /// No live process is left in the group: nothing was done.
    case gone
    /// The group still held the plugin; every member (these pids) was
    /// SIGKILLed and is gone.
    case killed([Int32])
    /// The group's number now belongs to processes that do not run the
    /// plugin (the number was reused, or only helpers are left whose
    /// plugin is gone): left alone. The plugin's own leftover cleanup
    /// (`disconnect` with the interface) ends its helpers.
    case foreign([Int32])
    /// SIGKILLed, but these members were still there at the deadline (a
    /// process stuck in the kernel, in uninterruptible sleep).
    case survived([Int32])
}
