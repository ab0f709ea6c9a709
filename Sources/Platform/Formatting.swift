// Numbers as the package prints them (no Foundation, no locale).

/// `x` with one decimal: 1.25 → "1.3", -0.04 → "-0.0".
package func oneDecimal(_ x: Double) -> String {
    let v = Int((x * 10).rounded())
    return (v < 0 ? "-" : "") + "\(abs(v) / 10).\(abs(v) % 10)"
}
