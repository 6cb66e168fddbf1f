extension UnitValue {
    /// A size in bytes with base-1024 suffixes, as systemd's `MemoryMax=`:
    /// a number (`512`, `1.5`) and an optional `K`, `M`, `G` or `T`, in
    /// either case, optionally followed by `B` or `iB` (`512M`, `2GiB`,
    /// `64kb`); a bare `B` means bytes. Fractions are rounded down to a
    /// whole byte. nil when the text is not such a size or overflows 64 bits.
    public static func size(_ value: String) -> UInt64? {
        let scalars = Array(value.strippingBlanks().unicodeScalars)
        var index = 0
        var whole: UInt64 = 0
        var wholeDigits = 0
        while index < scalars.count, let digit = decimalDigit(scalars[index]) {
            let (times, overflowTimes) = whole.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(digit)
            if overflowTimes || overflowSum { return nil }
            whole = sum
            wholeDigits += 1
            index += 1
        }
        guard wholeDigits > 0 else { return nil }
        var fractionDigits: [UInt64] = []
        if index < scalars.count, scalars[index] == "." {
            index += 1
            while index < scalars.count, let digit = decimalDigit(scalars[index]) {
                fractionDigits.append(digit)
                index += 1
            }
            if fractionDigits.isEmpty { return nil }
        }
        let suffix = String(String.UnicodeScalarView(scalars[index...])).lowercased()
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
        // The fraction, in exact integer arithmetic: 0.d1d2… × multiplier.
        // Digits past the 18th cannot change the result by a whole byte
        // for multipliers up to 2^40.
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

    private static func decimalDigit(_ scalar: Unicode.Scalar) -> UInt64? {
        guard scalar.value >= 48, scalar.value <= 57 else { return nil }
        return UInt64(scalar.value - 48)
    }

    /// ⌊a × b / c⌋ without overflowing in the middle.
    private static func multiplyDivide(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return c.dividingFullWidth((high: product.high, low: product.low)).quotient
    }
}
