import CNftables
import Foundation

/// One libnftables context, JSON in and out. Not shared between threads
/// (libnftables contexts are not thread-safe): made per use, which costs
/// well under a millisecond.
final class NFTContext {
    private let api: vpnctl_nft_api
    private let context: OpaquePointer

    init() throws(FirewallError) {
        guard let api = vpnctl_nft_api()?.pointee, api.loaded != 0, let context = api.ctx_new(UInt32(VPNCTL_NFT_CTX_DEFAULT)) else {
            throw .libraryMissing
        }
        self.api = api
        self.context = context
        api.ctx_output_set_flags(context, UInt32(VPNCTL_NFT_CTX_OUTPUT_JSON))
        _ = api.ctx_buffer_output(context)
        _ = api.ctx_buffer_error(context)
    }

    deinit {
        api.ctx_free(context)
    }

    /// Runs one JSON document (a whole transaction); returns the output.
    func run(_ json: [String: Any], describing command: String) throws(FirewallError) -> String {
        let text = NFTJSON.text(json)
        let status = text.withCString { api.run_cmd_from_buffer(context, $0) }
        let output = api.ctx_get_output_buffer(context).map { String(cString: $0) } ?? ""
        guard status == 0 else {
            let error = api.ctx_get_error_buffer(context).map { String(cString: $0) } ?? ""
            throw .rejected(command: command, message: error.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return output
    }
}
