import CCurl
import Foundation

/// One libcurl easy transfer, from setup to cleanup on the calling thread,
/// which `curl_easy_perform` blocks for the whole transfer.
final class CurlTransfer {
    /// `curl_global_init` is not thread-safe; a static is initialised once.
    private static let globalInit: CURLcode = vpnctl_curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    private let request: HTTPRequest
    private let target: HTTPTarget
    private let options: HTTPClient.Options
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE))
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var setupFailure: (option: CURLoption, code: CURLcode)?
    private var body: [UInt8] = []
    private var headers: [String: String] = [:]
    private var passedBodyLimit = false
    /// The errno of the first connection that could not be marked.
    private var socketMarkFailure: Int32?

    static func perform(_ request: HTTPRequest, target: HTTPTarget, options: HTTPClient.Options) -> Result<HTTPResponse, HTTPError> {
        guard globalInit == CURLE_OK, let handle = vpnctl_curl_easy_init() else {
            return .failure(.transport(url: HTTPTarget.redacting(request.url), code: Int(CURLE_FAILED_INIT.rawValue),
                                       message: vpnctl_curl_available() == 0 ? "libcurl.so.4 could not be loaded: install libcurl4" : "libcurl could not be initialised"))
        }
        let transfer = CurlTransfer(request, target, options, handle)
        return Result { () throws(HTTPError) in try transfer.perform() }
    }

    private init(_ request: HTTPRequest, _ target: HTTPTarget, _ options: HTTPClient.Options, _ handle: UnsafeMutableRawPointer) {
        self.request = request
        self.target = target
        self.options = options
        self.handle = handle
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        vpnctl_curl_easy_cleanup(handle)
        vpnctl_curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func perform() throws(HTTPError) -> HTTPResponse {
        try configure()
        if let (option, code) = setupFailure {
            // Never go on with an option missing: it may be a safety one.
            throw .transport(url: display, code: Int(code.rawValue),
                             message: "libcurl refused option \(option.rawValue): \(String(cString: vpnctl_curl_easy_strerror(code)))")
        }
        let started = ContinuousClock.now
        let code = vpnctl_curl_easy_perform(handle)
        if let failure = socketMarkFailure, let mark = options.socketMark {
            // Whatever curl made of the refused socket (it may have tried
            // the next address), the cause is the mark.
            throw .socketMarkFailed(url: display, mark: mark, errno: failure)
        }
        guard code == CURLE_OK else { throw error(for: code, after: ContinuousClock.now - started) }
        if target.scheme == .file {
            // curl reports no status for files; and a file has no ETag.
            return HTTPResponse(status: 200, headers: [:], body: body)
        }
        return HTTPResponse(status: info(CURLINFO_RESPONSE_CODE), headers: headers, body: body)
    }

    private func configure() throws(HTTPError) {
        set(CURLOPT_ERRORBUFFER, errorBuffer)
        set(CURLOPT_URL, target.url)
        // Signals cannot serve a multi-threaded process (DNS timeouts use them otherwise).
        set(CURLOPT_NOSIGNAL, 1)

        // Only the scheme asked for, and redirects to HTTPS only: never from
        // https:// down to http://, nor to file:// or anything else.
        set(CURLOPT_PROTOCOLS_STR, target.scheme.rawValue)
        set(CURLOPT_REDIR_PROTOCOLS_STR, "https")
        set(CURLOPT_FOLLOWLOCATION, 1)
        set(CURLOPT_MAXREDIRS, 5)

        set(CURLOPT_SSL_VERIFYPEER, 1)
        set(CURLOPT_SSL_VERIFYHOST, 2)
        set(CURLOPT_SSLVERSION, Int(CURL_SSLVERSION_TLSv1_2))
        if let caFile = options.caFile {
            // The bundle replaces the system's trust, not adds to it.
            set(CURLOPT_CAINFO, caFile)
            set(CURLOPT_CAPATH, nil as String?)
        }

        // 0 means "no limit" to curl, so the smallest limit is 1 ms.
        set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(options.connectTimeout))
        set(CURLOPT_TIMEOUT_MS, Self.milliseconds(options.totalTimeout))
        set(CURLOPT_USERAGENT, options.userAgent)
        // "" offers every encoding this libcurl can decode; the body arrives decoded.
        set(CURLOPT_ACCEPT_ENCODING, "")
        // Stops early when Content-Length announces too much; the write
        // callback catches the rest (chunked, or compressed data that grows).
        set(CURLOPT_MAXFILESIZE_LARGE, offset: curl_off_t(options.maxBodyBytes))
        // CURLOPT_PROXY is deliberately left unset: libcurl then takes the
        // proxy from https_proxy / all_proxy / no_proxy, as users expect.

        switch request.method {
        case .get:
            set(CURLOPT_HTTPGET, 1)
        case let .post(body, contentType):
            try addHeader("Content-Type", contentType)
            set(CURLOPT_POST, 1)
            set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(body.count))
            // A null pointer would make curl read the body from stdin.
            (body.isEmpty ? [0] : body).withUnsafeBytes { bytes in
                set(CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
            // No "Expect: 100-continue" round trip for these small bodies
            // ("Name:" with no value removes a header curl would add).
            try addHeaderLine("Expect:")
        case .delete:
            set(CURLOPT_CUSTOMREQUEST, "DELETE")
        }
        if let etag = request.ifNoneMatch, !etag.isEmpty { try addHeader("If-None-Match", etag) }
        // curl sends a custom Authorization header only to the original host
        // and port, never to another one a redirect leads to.
        if let token = request.bearerToken { try addHeader("Authorization", "Bearer " + token) }
        set(CURLOPT_HTTPHEADER, slist: headerList)

        let context = Unmanaged.passUnretained(self).toOpaque()
        set(CURLOPT_WRITEDATA, context)
        record(CURLOPT_WRITEFUNCTION, vpnctl_curl_setopt_write_function(handle) { data, size, count, context in
            Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue().receiveBody(data, size * count)
        })
        set(CURLOPT_HEADERDATA, context)
        record(CURLOPT_HEADERFUNCTION, vpnctl_curl_setopt_header_function(handle) { data, size, count, context in
            Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue().receiveHeader(data, size * count)
        })
        if options.socketMark != nil {
            set(CURLOPT_SOCKOPTDATA, context)
            record(CURLOPT_SOCKOPTFUNCTION, vpnctl_curl_setopt_sockopt_function(handle) { context, socket, _ in
                Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue().markSocket(socket)
            })
        }
    }

    // MARK: - Callbacks

    private func receiveBody(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard body.count + count <= options.maxBodyBytes else {
            passedBodyLimit = true
            return 0 // anything but `count` aborts the transfer
        }
        if let data { body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: count)) }
        return count
    }

    private func receiveHeader(_ data: UnsafeMutablePointer<CChar>?, _ count: Int) -> Int {
        guard let data else { return count }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: count), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new response begins (after a redirect or a 100 Continue): only
            // the last one's headers describe the body.
            headers = [:]
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        return count
    }

    /// Every socket curl opens for the transfer (the connection, through
    /// a proxy too), before its connect: SO_MARK, or the transfer fails.
    private func markSocket(_ descriptor: curl_socket_t) -> Int32 {
        guard var mark = options.socketMark else { return CURL_SOCKOPT_OK }
        guard setsockopt(descriptor, SOL_SOCKET, 36 /* SO_MARK */, &mark, socklen_t(MemoryLayout<UInt32>.size)) == 0 else {
            if socketMarkFailure == nil { socketMarkFailure = errno }
            return CURL_SOCKOPT_ERROR
        }
        return CURL_SOCKOPT_OK
    }

    // MARK: - Errors

    private var display: String { HTTPTarget.redacting(request.url) }

    private func error(for code: CURLcode, after elapsed: Duration) -> HTTPError {
        let message = errorBuffer.pointee == 0 ? String(cString: vpnctl_curl_easy_strerror(code)) : String(cString: errorBuffer)
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST:
            return .dnsFailure(host: target.host)
        case CURLE_COULDNT_CONNECT:
            let osError = info(CURLINFO_OS_ERRNO)
            return .cannotConnect(host: target.host, port: target.port,
                                  reason: osError != 0 ? String(cString: strerror(Int32(osError))) : message)
        case CURLE_OPERATION_TIMEDOUT:
            // curl uses one code for both limits. Whichever fired is the one
            // whose time has passed; the connect limit only counts when it is
            // the shorter one.
            let connectFired = options.connectTimeout < options.totalTimeout && elapsed < options.totalTimeout
            let limit = connectFired ? options.connectTimeout : options.totalTimeout
            return .timeout(url: display, phase: connectFired ? .connect : .total, seconds: Self.seconds(limit))
        case CURLE_PEER_FAILED_VERIFICATION:
            // A rejected chain leaves OpenSSL's X.509 error here (2 and up).
            // curl checks the name itself, after the chain passed, and then
            // this stays 0 (OK) or 1 (curl's "not known").
            let chainResult = info(CURLINFO_SSL_VERIFYRESULT)
            return .tlsFailure(host: target.host, problem: chainResult > 1 ? .untrustedCertificate : .hostnameMismatch, detail: message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE:
            return .tlsFailure(host: target.host, problem: .handshake, detail: message)
        case CURLE_SSL_CACERT_BADFILE:
            return .caFileUnusable(path: options.caFile, detail: message)
        case CURLE_FILESIZE_EXCEEDED:
            return .bodyTooLarge(url: display, limit: options.maxBodyBytes)
        case CURLE_WRITE_ERROR where passedBodyLimit:
            return .bodyTooLarge(url: display, limit: options.maxBodyBytes)
        case CURLE_FILE_COULDNT_READ_FILE:
            return .fileNotFound(path: target.path)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_TOO_MANY_REDIRECTS:
            // The first URL's scheme was checked already: a redirect led here.
            return .redirectRefused(url: display, detail: message)
        case CURLE_URL_MALFORMAT:
            return .unsupportedURL(display)
        default:
            return .transport(url: display, code: Int(code.rawValue), message: message)
        }
    }

    // MARK: - libcurl plumbing

    private func addHeader(_ name: String, _ value: String) throws(HTTPError) {
        // A line break would let a value inject headers of its own.
        guard value.utf8.allSatisfy({ $0 == 0x09 || (0x20...0x7E).contains($0) }) else {
            throw .invalidHeader(name: name)
        }
        try addHeaderLine("\(name): \(value)")
    }

    private func addHeaderLine(_ line: String) throws(HTTPError) {
        guard let list = vpnctl_curl_slist_append(headerList, line) else {
            throw .transport(url: display, code: Int(CURLE_OUT_OF_MEMORY.rawValue), message: "out of memory")
        }
        headerList = list
    }

    private func record(_ option: CURLoption, _ code: CURLcode) {
        if code != CURLE_OK, setupFailure == nil { setupFailure = (option, code) }
    }

    private func set(_ option: CURLoption, _ value: Int) {
        record(option, vpnctl_curl_setopt_long(handle, option, value))
    }

    private func set(_ option: CURLoption, offset value: curl_off_t) {
        record(option, vpnctl_curl_setopt_offset(handle, option, value))
    }

    /// curl copies string options, so the bridged pointer need not outlive the call.
    private func set(_ option: CURLoption, _ value: String?) {
        record(option, vpnctl_curl_setopt_string(handle, option, value))
    }

    private func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) {
        record(option, vpnctl_curl_setopt_pointer(handle, option, value))
    }

    private func set(_ option: CURLoption, _ value: UnsafeMutablePointer<CChar>) {
        record(option, vpnctl_curl_setopt_pointer(handle, option, UnsafeMutableRawPointer(value)))
    }

    private func set(_ option: CURLoption, slist: UnsafeMutablePointer<curl_slist>?) {
        record(option, vpnctl_curl_setopt_slist(handle, option, slist))
    }

    private func info(_ info: CURLINFO) -> Int {
        var value = 0
        return vpnctl_curl_getinfo_long(handle, info, &value) == CURLE_OK ? value : 0
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        guard seconds < 1_000_000_000 else { return 1_000_000_000_000 }
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
