extension UnitValue {
    /// A size in bytes with base-1024 suffixes, as systemd's `MemoryMax=`:
    /// a number (`512`, `1.5`) and an optional `K`, `M`, `G` or `T`, in
    /// either case, optionally followed by `B` or `iB` (`512M`, `2GiB`,
    /// `64kb`); a bare `B` means bytes. Fractions are rounded down to a
    /// whole byte. nil when the text is not such a size or overflows 64 bits.
    public static func size(_ value: String) -> UInt64? {
        let text = Array(value.strippingBlanks().utf8)
        var index = 0
        var whole: UInt64 = 0
        var wholeDigits = 0
        while index < text.count, let digit = decimalDigit(text[index]) {
            let (times, overflowTimes) = whole.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(digit)
            if overflowTimes || overflowSum { return nil }
            whole = sum
            wholeDigits += 1
            index += 1
        }
        guard wholeDigits > 0 else { return nil }
        var fractionDigits: [UInt64] = []
        if index < text.count, text[index] == UInt8(ascii: ".") {
            index += 1
            while index < text.count, let digit = decimalDigit(text[index]) {
                fractionDigits.append(digit)
                index += 1
            }
            if fractionDigits.isEmpty { return nil }
        }
        // ASCII letters to lower case; anything else stays and fails below.
        let suffix = String(decoding: text[index...].map { $0 | (($0 >= 65 && $0 <= 90) ? 0x20 : 0) }, as: UTF8.self)
        let exponent: UInt64
        switch suffix {
        case "", "b": exponent = 0
        case "k", "kb", "kib": exponent = 1
        case "m", "mb", "mib": exponent = 2
        case "g", "gb", "gib": exponent = 3
        case "t", "tb", "tib": exponent = 4
        default: return nil
        }
        let multiplier = UInt64(1) << (10 * exponent)
        let (bytes, overflow) = whole.multipliedReportingOverflow(by: multiplier)
        if overflow { return nil }
        // The fraction in integer arithmetic, 0.d1d2… × multiplier rounded
        // down; digits past the 18th are ignored (they are below a byte for
        // any fraction an admin writes).
        var numerator: UInt64 = 0
        var denominator: UInt64 = 1
        for digit in fractionDigits.prefix(18) {
            numerator = numerator * 10 + digit
            denominator *= 10
        }
        let fraction = multiplyDivide(numerator, multiplier, denominator)
        let (total, overflowTotal) = bytes.addingReportingOverflow(fraction)
        return overflowTotal ? nil : total
    }

    private static func decimalDigit(_ byte: UInt8) -> UInt64? {
        guard byte >= 48, byte <= 57 else { return nil }
        return UInt64(byte - 48)
    }

    /// ⌊a × b / c⌋ without overflowing in the middle.
    private static func multiplyDivide(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return c.dividingFullWidth((high: product.high, low: product.low)).quotient
    }
}
