// Numbers as the package prints them (no Foundation, no locale).

/// `x` rounded to `places` decimals: decimal(1.25, places: 1) → "1.3", decimal(-0.04, places: 2) → "-0.04".
package func decimal(_ x: Double, places: Int) -> String {
    var scale = 1
    for _ in 0..<places { scale *= 10 }
    let v = Int((x * Double(scale)).rounded())
    let magnitude = abs(v)
    var fraction = String(magnitude % scale)
    while fraction.count < places { fraction = "0" + fraction }
    return (v < 0 ? "-" : "") + "\(magnitude / scale)" + (places > 0 ? "." + fraction : "")
}

/// `x` with one decimal.
package func oneDecimal(_ x: Double) -> String { decimal(x, places: 1) }
