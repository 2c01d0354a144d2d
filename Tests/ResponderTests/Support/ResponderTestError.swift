/// A test step that failed, said in a sentence.
struct ResponderTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
