import Glibc

/// The caller's ends of a child's stdin, stdout and stderr (`ChildProcess`
/// spawned with `.pipes`). Plain descriptors, close-on-exec, owned by the
/// caller: closing `input` is the child's end of file.
public struct ChildPipes: Sendable {
    /// Written to: the child's stdin.
    public let input: Int32
    /// Read from: the child's stdout.
    public let output: Int32
    /// Read from: the child's stderr.
    public let errors: Int32

    func close() {
        for descriptor in [input, output, errors] { _ = Glibc.close(descriptor) }
    }
}
