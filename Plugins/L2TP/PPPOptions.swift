/// The options file pppd reads (xl2tpd runs it with `file <path>`). It holds
/// the password, so it is written 0600 and never appears in argv, the
/// environment or a log. Words are double-quoted, which pppd's option reader
/// takes whole; `ConfigSyntax.isPPPQuotable` has refused anything that could
/// end the quote.
struct PPPOptions: Sendable {
    let interface: String
    let username: String
    let password: String
    let mtu: Int

    init(request: L2TPRequest) {
        interface = request.interface
        username = request.username
        password = request.password
        mtu = request.mtu
    }

    var text: String {
        """
        # Written by vpnctl; removed on disconnect.
        ifname \(interface)
        name "\(username)"
        user "\(username)"
        password "\(password)"
        hide-password
        # The server authenticates us, with MS-CHAPv2 only; we do not ask it to.
        noauth
        refuse-pap
        refuse-chap
        refuse-mschap
        refuse-eap
        # Routes and resolvers are the plugin's job, not pppd's.
        nodefaultroute
        noipdefault
        noipv6
        ip-up-script /bin/true
        ip-down-script /bin/true
        mtu \(mtu)
        mru \(mtu)
        noccp
        novj
        nobsdcomp
        nodeflate
        # A dead server is noticed within about 40 s.
        lcp-echo-interval 10
        lcp-echo-failure 4
        maxfail 1

        """
    }
}
