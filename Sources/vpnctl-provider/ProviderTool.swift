import ArgumentParser
import Directory
import Foundation

/// What a provider runs to publish a list vpnctl accepts: make a signing key,
/// sign `servers.json`, check a signature.
@main
struct ProviderTool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vpnctl-provider",
        abstract: "Make and check the signed server list that vpnctl consumes.",
        subcommands: [KeygenCommand.self, PublicKeyCommand.self, SignCommand.self, VerifyCommand.self]
    )
}

struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Create an Ed25519 signing key (mode 0600) and print its public key for directory_public_key."
    )

    @Option(name: .long, help: "Where to write the private key.")
    var out: String

    @Flag(name: .long, help: "Replace an existing key file.")
    var force = false

    func run() throws {
        if !force, FileManager.default.fileExists(atPath: out) {
            throw ValidationError("\(out) exists; pass --force to replace it")
        }
        let key = DirectorySigningKey()
        try SecretFile.write(key.base64 + "\n", to: out)
        print(key.publicKey.base64)
    }
}

struct PublicKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "public-key", abstract: "Print the public key of a signing key.")

    @Option(name: .long, help: "The private key file.")
    var key: String

    func run() throws {
        print(try SecretFile.signingKey(at: key).publicKey.base64)
    }
}

struct SignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign",
        abstract: "Check a servers.json against schema 1, then write its signature (default: FILE.sig)."
    )

    @Option(name: .long, help: "The private key file.")
    var key: String

    @Option(name: .long, help: "Where to write the signature.")
    var out: String?

    @Argument(help: "The server list to sign.")
    var file: String

    func run() throws {
        let signingKey = try SecretFile.signingKey(at: key)
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
        // A provider should never publish a list that clients will reject.
        do {
            _ = try ServerListParser.parse(bytes)
        } catch {
            throw ToolFailure("\(file): \(error)")
        }
        let signature = signingKey.sign(bytes)
        try Data((signature + "\n").utf8).write(to: URL(fileURLWithPath: out ?? file + ".sig"))
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Check a server list's signature.")

    @Option(name: .customLong("public-key"), help: "The base64 public key.")
    var publicKey: String

    @Argument(help: "The server list.")
    var file: String

    @Argument(help: "Its signature (default: FILE.sig).")
    var signature: String?

    func run() throws {
        let key = try DirectoryPublicKey(base64: publicKey)
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: file)))
        let signatureBytes = try Array(Data(contentsOf: URL(fileURLWithPath: signature ?? file + ".sig")))
        do {
            _ = try key.verify(bytes, signature: signatureBytes)
        } catch {
            throw ToolFailure("\(file): \(error)")
        }
        print("\(file): signature OK")
    }
}

struct ToolFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
