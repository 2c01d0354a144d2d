/// A byte count for people: "1.4 MiB", "512 B".
struct ByteCount: CustomStringConvertible {
    let bytes: UInt64

    init(_ bytes: UInt64) {
        self.bytes = bytes
    }

    var description: String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : "\((value * 10).rounded() / 10) \(units[unit])"
    }
}
