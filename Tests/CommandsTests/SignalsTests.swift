import Testing

@testable import Commands

@Suite("signal names")
struct SignalsTests {
    @Test(
        "names, SIG names, any case, numbers",
        arguments: [
            ("KILL", Int32(9)), ("SIGKILL", 9), ("kill", 9), ("TERM", 15), ("SIGTERM", 15), ("sigterm", 15),
            ("9", 9), ("15", 15), ("HUP", 1), ("USR1", 10), ("USR2", 12), ("INT", 2), ("QUIT", 3),
            ("CHLD", 17), ("CLD", 17), ("IOT", 6), ("WINCH", 28), ("RTMIN", 34), ("RTMIN+2", 36),
            ("RTMAX-1", 63), ("64", 64),
        ])
    func known(text: String, number: Int32) {
        #expect(Signals.number(for: text) == number)
    }

    @Test("not signals", arguments: ["", "0", "65", "-9", "NOPE", "SIG", "RTMIN+40", "9x"])
    func unknown(text: String) {
        #expect(Signals.number(for: text) == nil)
    }

    @Test("every table entry round-trips, numbers are unique")
    func table() {
        for entry in Signals.table {
            #expect(Signals.number(for: entry.name) == entry.number)
            #expect(Signals.name(of: entry.number) == entry.name)
        }
        #expect(Set(Signals.table.map(\.number)).count == Signals.table.count)
        #expect(Signals.name(of: 35) == "RTMIN+1")
    }
}

@Suite("container names")
struct ContainerNameTests {
    @Test("valid names", arguments: ["web", "a", "Web-1", "db_2.old", "9lives", String(repeating: "x", count: 128)])
    func valid(name: String) {
        #expect(ContainerName.problem(with: name) == nil)
    }

    @Test(
        "invalid names say why",
        arguments: [
            ("", "cannot be empty"), ("-web", "must start with a letter or a digit"),
            (".hidden", "must start with a letter or a digit"), ("a/b", "'/' is not allowed"),
            ("a b", "' ' is not allowed"), ("a@b@c", "'@' is not allowed"), ("café", "non-ASCII"),
            (String(repeating: "x", count: 129), "longer than 128"),
        ])
    func invalid(name: String, reason: String) {
        let problem = ContainerName.problem(with: name)
        #expect(problem?.contains(reason) == true, "\(problem ?? "accepted")")
    }

    @Test("names and units")
    func units() {
        #expect(ContainerName.unit("web") == "ctr@web.service")
        #expect(ContainerName.name(ofUnit: "ctr@web.service") == "web")
        #expect(ContainerName.name(ofUnit: "ctr@.service") == nil)
        #expect(ContainerName.name(ofUnit: "nginx.service") == nil)
    }
}
