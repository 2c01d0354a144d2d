import Control
import VPNCore

/// The `settings` and `set` requests answered from the file alone. The
/// daemon's controller, which also applies the new settings to the
/// firewall, builds on `load` and `set` instead where it must.
extension SettingsFile {
    public func answerSettings(defaults: ProtectionSettings) -> ControlReply {
        let loaded = load(defaults: defaults)
        return .settings(SettingsReport(loaded.settings, problem: loaded.problem?.description))
    }

    /// Stores the change; the reply carries the new settings and what the
    /// change means. A change that cannot be kept is refused (exit 74,
    /// a local file error), and nothing changed.
    public func answer(_ request: SetRequest, defaults: ProtectionSettings) -> ControlReply {
        do {
            let settings = try set(request.setting, to: request.enabled, defaults: defaults)
            return .settings(SettingsReport(settings, notice: settings.notice(after: request.setting)))
        } catch {
            return .failure(ControlFailure(.fileError, error.description))
        }
    }
}
