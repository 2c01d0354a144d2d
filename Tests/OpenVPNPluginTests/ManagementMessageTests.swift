@testable import OpenVPNPlugin
import Testing

/// The management channel's lines as openvpn 2.6 writes them.
@Suite struct ManagementMessageTests {
    @Test func state() {
        let connected = ManagementMessage(line: ">STATE:1795579614,CONNECTED,SUCCESS,198.18.100.2,198.51.100.2,1194,,")
        #expect(connected == .state(.init(name: "CONNECTED", detail: "SUCCESS", localAddress: "198.18.100.2")))
        let assign = ManagementMessage(line: ">STATE:1795579614,ASSIGN_IP,,198.18.100.2,,,,")
        #expect(assign == .state(.init(name: "ASSIGN_IP", detail: "", localAddress: "198.18.100.2")))
        let exiting = ManagementMessage(line: ">STATE:1795579725,EXITING,auth-failure,,,,,")
        #expect(exiting == .state(.init(name: "EXITING", detail: "auth-failure", localAddress: nil)))
        let reconnecting = ManagementMessage(line: ">STATE:1795579725,RECONNECTING,ping-restart,,,,,")
        #expect(reconnecting == .state(.init(name: "RECONNECTING", detail: "ping-restart", localAddress: nil)))
        #expect(ManagementMessage(line: ">STATE:1795579725,WAIT,,,,,,") == .state(.init(name: "WAIT", detail: "", localAddress: nil)))
    }

    @Test func byteCount() {
        #expect(ManagementMessage(line: ">BYTECOUNT:2297,1378") == .byteCount(received: 2297, sent: 1378))
        #expect(ManagementMessage(line: ">BYTECOUNT:18446744073709551615,0") == .byteCount(received: .max, sent: 0))
        #expect(ManagementMessage(line: ">BYTECOUNT:12") == .other(">BYTECOUNT:12"))
        #expect(ManagementMessage(line: ">BYTECOUNT:-1,2") == .other(">BYTECOUNT:-1,2"))
    }

    @Test func passwords() {
        #expect(ManagementMessage(line: ">PASSWORD:Need 'Auth' username/password") == .needPassword(type: "Auth"))
        #expect(ManagementMessage(line: ">PASSWORD:Need 'Private Key' password") == .needPassword(type: "Private Key"))
        #expect(ManagementMessage(line: ">PASSWORD:Verification Failed: 'Auth'") == .verificationFailed(type: "Auth"))
        #expect(ManagementMessage(line: ">PASSWORD:Auth-Token:abc") == .other(">PASSWORD:Auth-Token:abc"))
    }

    @Test func notificationsAndReplies() {
        #expect(ManagementMessage(line: ">INFO:OpenVPN Management Interface Version 5 -- type 'help' for more info")
            == .info("OpenVPN Management Interface Version 5 -- type 'help' for more info"))
        #expect(ManagementMessage(line: ">HOLD:Waiting for hold release:0") == .hold("Waiting for hold release:0"))
        #expect(ManagementMessage(line: ">FATAL:Cannot open TUN/TAP dev /dev/net/tun: No such file or directory (errno=2)")
            == .fatal("Cannot open TUN/TAP dev /dev/net/tun: No such file or directory (errno=2)"))
        #expect(ManagementMessage(line: ">LOG:1795579614,I,Initialization Sequence Completed, with commas")
            == .log(flags: "I", text: "Initialization Sequence Completed, with commas"))
        #expect(ManagementMessage(line: "SUCCESS: real-time state notification set to ON") == .success("real-time state notification set to ON"))
        #expect(ManagementMessage(line: "ERROR: unknown command, enter 'help' for more options") == .error("unknown command, enter 'help' for more options"))
        #expect(ManagementMessage(line: "END") == .other("END"))
        #expect(ManagementMessage(line: ">NEED-OK:Need 'token-insertion-request' confirmation MSG:x") == .other(">NEED-OK:Need 'token-insertion-request' confirmation MSG:x"))
        #expect(ManagementMessage(line: "") == .other(""))
    }

    @Test func commandsQuoteTheirArguments() {
        #expect(ManagementCommand.username(type: "Auth", value: "vpnctl").line == "username \"Auth\" \"vpnctl\"\n")
        #expect(ManagementCommand.password(type: "Auth", value: #"a "b" \ c"#).line == #"password "Auth" "a \"b\" \\ c""# + "\n")
        #expect(ManagementCommand.holdRelease.line == "hold release\n")
        #expect(ManagementCommand.byteCount(seconds: 1).line == "bytecount 1\n")
        #expect(ManagementCommand.stateOn.line == "state on\n")
    }
}
