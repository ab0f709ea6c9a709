// Numbers as the package prints them (no Foundation, no locale).

/// `x` rounded to `places` decimals: decimal(1.25, places: 1) → "1.3", decimal(-0.04, places: 2) → "-0.04".
package func decimal(_ x: Double, places: Int) -> String {
    var bytes: [UInt8] = []
    appendDecimal(x, places: places, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Appends `decimal(x, places:)`'s bytes to `out` (the corrector writes thousands of these a second).
package func appendDecimal(_ x: Double, places: Int, to out: inout [UInt8]) {
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    let v = Int((x * Double(scale)).rounded())
    if v < 0 { out.append(0x2D) }
    var magnitude = abs(v)
    // Digits from the last; the point after `places` of them.
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var count = withUnsafeMutableBytes(of: &digits) { buffer -> Int in
        var n = 0
        repeat {
            if n == places && places > 0 {
                buffer[n] = 0x2E
                n += 1
            }
            buffer[n] = 0x30 + UInt8(magnitude % 10)
            magnitude /= 10
            n += 1
        } while (magnitude > 0 || n <= places) && n < buffer.count
        return n
    }
    withUnsafeBytes(of: &digits) { buffer in
        while count > 0 {
            count -= 1
            out.append(buffer[count])
        }
    }
}

/// `x` with one decimal.
package func oneDecimal(_ x: Double) -> String { decimal(x, places: 1) }
