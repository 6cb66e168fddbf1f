/// The resource keys beyond `Memory=`, `PidsLimit=` and `CPUs=`:
/// `MemorySwap=`, `CPUWeight=`, `IOWeight=` (systemd directives),
/// `Ulimit=` and `ShmSize=` (the OCI spec), appended to `ContainerKeys.all`.
extension ContainerKeys {
    static let resources: [ContainerKey] = [
        ContainerKey("MemorySwap", reset: { $0.resources.memorySwap = nil }) {
            definition, value, _ throws(KeyValueError) in
            if value == "-1" {
                definition.resources.memorySwap = .unlimited
                return
            }
            let bytes = try ValueParsers.size(value)
            guard bytes > 0 else {
                throw KeyValueError(
                    "'\(value)' is not a limit of memory and swap (use a size such as 1G, or -1 for no limit)")
            }
            definition.resources.memorySwap = .total(bytes)
        },
        ContainerKey("CPUWeight", reset: { $0.resources.cpuWeight = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.resources.cpuWeight = try weight(value)
        },
        ContainerKey("IOWeight", reset: { $0.resources.ioWeight = nil }) {
            definition, value, _ throws(KeyValueError) in
            definition.resources.ioWeight = try weight(value)
        },
        ContainerKey("Ulimit", list: true, reset: { $0.resources.ulimits = [] }) {
            definition, value, _ throws(KeyValueError) in
            let limit = try processLimit(value)
            // A later entry for the same resource replaces the earlier one.
            definition.resources.ulimits.removeAll { $0.resource == limit.resource }
            definition.resources.ulimits.append(limit)
        },
        ContainerKey("ShmSize", reset: { $0.resources.shmSizeBytes = nil }) {
            definition, value, _ throws(KeyValueError) in
            let bytes = try ValueParsers.size(value)
            guard bytes > 0 else {
                throw KeyValueError("'\(value)' leaves no /dev/shm (use a size above 0, e.g. 256M)")
            }
            definition.resources.shmSizeBytes = bytes
        },
    ]

    /// systemd's weight range, 1 to 10000 (100 is the default).
    static func weight(_ value: String) throws(KeyValueError) -> Int {
        guard let weight = ValueParsers.integer(value), (1...10_000).contains(weight) else {
            throw KeyValueError("'\(value)' is not a weight (use a number from 1 to 10000; 100 is the default)")
        }
        return weight
    }

    /// `NAME=SOFT[:HARD]` with `-1` or `unlimited` for no limit, as
    /// `podman run --ulimit`; without HARD the hard limit is SOFT.
    static func processLimit(_ value: String) throws(KeyValueError) -> ProcessLimit {
        let usage = "use NAME=SOFT[:HARD], e.g. nofile=1024:2048"
        guard let equals = value.firstIndex(of: "=") else {
            throw KeyValueError("'\(value)' is not a limit (\(usage))")
        }
        let name = String(value[..<equals])
        guard let resource = ProcessLimit.names[name] else {
            let names = ProcessLimit.names.keys.sorted()
            let hint = Suggestion.closest(to: name, among: names).map { "did you mean \($0)? " } ?? ""
            throw KeyValueError("'\(name)' is not a limit name (\(hint)use one of \(names.joined(separator: ", ")))")
        }
        let numbers = value[value.index(after: equals)...].split(separator: ":", omittingEmptySubsequences: false)
        guard numbers.count <= 2, let soft = limitValue(numbers[0]),
            let hard = numbers.count == 2 ? limitValue(numbers[1]) : soft
        else {
            throw KeyValueError("'\(value)' is not a limit (\(usage), with -1 or unlimited for no limit)")
        }
        guard soft <= hard else {
            throw KeyValueError("'\(value)': the soft limit is above the hard limit (\(usage))")
        }
        return ProcessLimit(resource: resource, soft: soft, hard: hard)
    }

    /// A non-negative count, or `-1`/`unlimited` for `RLIM_INFINITY`.
    static func limitValue(_ text: Substring) -> UInt64? {
        if text == "-1" || text == "unlimited" { return ProcessLimit.unlimited }
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = UInt64(text),
            number != ProcessLimit.unlimited
        else { return nil }
        return number
    }
}

extension Resources {
    /// Why the resource keys do not fit together, naming the key to fix;
    /// nil when they do. `MemorySwap=` counts memory and swap together, so
    /// it needs `Memory=` and cannot be below it (docker's rule).
    public var swapProblem: String? {
        guard case .total(let total) = memorySwap else { return nil }
        guard let memory = memoryBytes else {
            return "MemorySwap: is memory and swap together and needs Memory= (set Memory=, or use MemorySwap=-1)"
        }
        guard total >= memory else {
            return "MemorySwap: \(total) bytes is below Memory= (\(memory) bytes); it counts memory and swap together"
        }
        return nil
    }
}
