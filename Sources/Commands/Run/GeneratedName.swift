/// Names for `swctl run` containers without `--name`, as docker makes
/// them: an adjective and a noun (`brave-otter`; docker joins them with `_`, which systemd-machined refuses in a machine name), readable in `swctl ps`
/// and valid as a unit instance name.
enum GeneratedName {
    static let adjectives = [
        "agile", "bold", "brave", "bright", "calm", "clever", "eager", "fair", "gentle", "happy",
        "keen", "kind", "lively", "lucid", "merry", "nimble", "proud", "quick", "quiet", "rapid",
        "serene", "sharp", "steady", "sunny", "swift", "tidy", "vivid", "warm", "wise", "witty",
    ]
    static let nouns = [
        "badger", "beaver", "crane", "dolphin", "eagle", "falcon", "fox", "heron", "ibis", "koala",
        "lark", "lynx", "marten", "newt", "otter", "owl", "panda", "puffin", "quail", "raven",
        "robin", "seal", "sparrow", "stork", "swan", "tern", "tiger", "vole", "wren", "yak",
    ]

    /// A name for which `isTaken` is false: random pairs first, then the
    /// pair with a number, so it always ends.
    static func make(
        isTaken: (String) -> Bool, random: () -> UInt64 = { UInt64.random(in: 0...UInt64.max) }
    ) -> String {
        func pick() -> String {
            let value = random()
            let adjective = adjectives[Int(value % UInt64(adjectives.count))]
            let noun = nouns[Int((value / UInt64(adjectives.count)) % UInt64(nouns.count))]
            return "\(adjective)-\(noun)"
        }
        for _ in 0..<20 {
            let name = pick()
            if !isTaken(name) { return name }
        }
        let base = pick()
        var number = 2
        while isTaken("\(base)\(number)") { number += 1 }
        return "\(base)\(number)"
    }
}
