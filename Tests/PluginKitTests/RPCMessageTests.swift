import JSONRPC
import Testing
@testable import PluginKit

@Suite struct RPCMessageTests {
    @Test(arguments: [
        RPCMessage.request(id: 7, method: "connect", params: .object(["a": .array([.number(1), .bool(true), .null])])),
        .notification(method: "state", params: .object(["state": .string("connected")])),
        .response(id: 7, outcome: .success(.string("ok\nwith newline"))),
        .response(id: 8, outcome: .failure(RPCErrorObject(code: 1, message: "failed"))),
    ])
    func roundTripsOnOneLine(_ message: RPCMessage) throws {
        let line = try message.encodedLine()
        #expect(line.last == 0x0A)
        #expect(line.dropLast().allSatisfy { $0 != 0x0A })
        #expect(try RPCMessage(line: line.dropLast()) == message)
    }

    @Test(arguments: ["", "hello", "[1,2]", #"{"jsonrpc":"1.0","id":1,"method":"x"}"#, #"{"jsonrpc":"2.0"}"#,
                      #"{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"m"}}"#, #"{"jsonrpc":"2.0","id":"one","method":"x"}"#])
    func rejectsWhatIsNotAMessage(_ text: String) {
        #expect(throws: RPCFramingError.self) { try RPCMessage(line: Array(text.utf8)) }
    }

    @Test func rejectsAnOverlongLine() {
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: RPCMessage.maximumLineLength + 1)
        #expect(throws: RPCFramingError.lineTooLong(limit: RPCMessage.maximumLineLength)) { try RPCMessage(line: line) }
    }
}
