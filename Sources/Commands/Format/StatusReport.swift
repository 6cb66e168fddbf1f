import Systemd

/// The head of `swctl status`: one `Label: value` line per fact.
public enum StatusReport {
    /// - Parameter remembered: for a unit systemd has not loaded, how its
    ///   last run ended according to the journal.
    public static func render(
        name: String, unit: UnitProperties?, remembered: ContainerState? = nil, definition: DefinitionSummary?,
        clock: WallClock, confinement: ConfinementSummary? = nil, health: HealthSummary? = nil
    ) -> String {
        let summary =
            unit.map { ContainerSummary(name: name, unit: $0, definition: definition) }
            ?? ContainerSummary(
                name: name, image: definition?.image, state: remembered ?? .defined,
                definitionPath: definition?.sourcePath)
        var rows: [(String, String)] = [
            ("Name", name),
            ("Unit", summary.unit + (unit == nil ? " (not loaded)" : "")),
        ]
        if let unit {
            var state = "\(unit.activeState) (\(unit.subState))"
            if unit.freezerState != "running" { state += " (\(unit.freezerState))" }
            if let since = summary.state.since ?? Timestamp(systemd: unit.stateChangeTimestamp) {
                let ago = HumanDuration.describe(microseconds: max(0, clock.now.microseconds - since.microseconds))
                state += " since \(clock.format(since)); \(ago.lowercasedFirst) ago"
            }
            rows.append(("State", state))
        } else {
            rows.append(("State", "inactive (not loaded)"))
        }
        rows.append(("Status", summary.state.statusText(now: clock.now) + HealthSummary.psSuffix(health?.status)))
        if let unit {
            rows.append(("Main PID", unit.mainPID == 0 ? "-" : String(unit.mainPID)))
            if unit.result != "success" { rows.append(("Result", unit.result)) }
            if unit.restarts > 0 { rows.append(("Restarts", String(unit.restarts))) }
        }
        rows.append(("Image", summary.image ?? "-"))
        rows.append(("Definition", summary.definitionPath ?? "-"))
        if let unit {
            rows.append(("Memory", unit.memoryBytes.map(Quantities.bytes) ?? "-"))
            rows.append(("CPU", unit.cpuNanoseconds.map { Quantities.cpu(nanoseconds: $0) } ?? "-"))
            rows.append(("Tasks", unit.tasks.map { String($0) } ?? "-"))
        }
        rows += confinement?.rows ?? []
        rows += health?.rows ?? []
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { label, value in
            label + ":" + String(repeating: " ", count: width - label.count + 1) + value + "\n"
        }.joined()
    }
}

extension String {
    /// "About a minute" → "about a minute", for use inside a sentence.
    fileprivate var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
