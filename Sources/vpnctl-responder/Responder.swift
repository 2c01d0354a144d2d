/// vpnctl-responder: answers the router probe beside a VPN server. (Being built: issue 6.)
@main
struct Responder {
    static func main() {}
}
