import JSON
import Syscalls
import SystemdProtocols
import TestSupport
import Testing

@testable import Runtime

@Suite struct DiagnosticsTests {
    @Test(arguments: [
        (Int64(0), Int64(0), "1970-01-01T00:00:00.000000000Z"),
        (951_782_400, 5, "2000-02-29T00:00:00.000000005Z"),
        (1_798_761_599, 999_999_999, "2026-12-31T23:59:59.999999999Z"),
    ])
    func rfc3339(seconds: Int64, nanoseconds: Int64, text: String) {
        #expect(Diagnostics.rfc3339(seconds: seconds, nanoseconds: nanoseconds) == text)
    }

    @Test func stderrLinesNameTheContainer() {
        let diagnostics = Diagnostics(sink: .standardError)
        #expect(diagnostics.line("oops") == "swctl-runtime: oops\n")
        diagnostics.containerID = "web"
        #expect(diagnostics.line("mount proc on /proc: EPERM") == "swctl-runtime: web: mount proc on /proc: EPERM\n")
    }

    @Test func journalEntryFollowsTheNativeProtocol() {
        let bytes = JournalSender.encode(
            message: "two\nlines", priority: .error, identifier: "swctl-runtime", fields: [("CONTAINER_NAME", "web")])
        let expected: [UInt8] =
            Array("MESSAGE\n".utf8) + [9, 0, 0, 0, 0, 0, 0, 0] + Array("two\nlines\n".utf8)
            + Array("PRIORITY=3\nSYSLOG_IDENTIFIER=swctl-runtime\nCONTAINER_NAME=web\n".utf8)
        #expect(bytes == expected)
    }

    @Test func lifecyclePredicates() {
        #expect(LifecycleState.created(pid: 1).canStart)
        #expect(!LifecycleState.running(pid: 1).canStart)
        #expect(LifecycleState.running(pid: 1).canKill)
        #expect(!LifecycleState.stopped.canKill)
        #expect(LifecycleState.stopped.canDelete)
        #expect(!LifecycleState.running(pid: 1).canDelete)
        #expect(LifecycleState.running(pid: 7).ociStatus == .running)
    }

    @Test func startTimeIsFieldTwentyTwo() {
        let stat =
            "1234 (a b) c) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615"
        #expect(ProcFS.parseStartTime(stat: stat) == 987_654)
        #expect(ProcFS.startTime(of: Processes.currentID) != nil)
    }
}

@Suite struct DiagnosticsSinkTests {
    @Test func logFileGetsRuncStyleJSONLines() throws {
        try TemporaryDirectory.with("log") { directory in
            let path = directory.path + "/runtime.log"
            let diagnostics = Diagnostics(logPath: path, format: .json)
            diagnostics.containerID = "web"
            diagnostics.error("mount proc on /proc: EPERM")
            diagnostics.warning("second \"quoted\"")
            let lines = try FileSystem.readTextFile(path).split(separator: "\n")
            #expect(lines.count == 2)
            let first = try JSONValue(parsing: String(lines[0]))
            #expect(first["level"] == .string("error"))
            #expect(first["msg"] == .string("mount proc on /proc: EPERM"))
            #expect(first["time"]?.stringValue?.hasSuffix("Z") == true)
            #expect(try JSONValue(parsing: String(lines[1]))["msg"] == .string("second \"quoted\""))
        }
    }

    @Test func logFileInTextFormat() throws {
        try TemporaryDirectory.with("log") { directory in
            let path = directory.path + "/runtime.log"
            let diagnostics = Diagnostics(logPath: path, format: .text)
            diagnostics.containerID = "web"
            diagnostics.error("boom")
            let text = try FileSystem.readTextFile(path)
            #expect(text.hasSuffix(" swctl-runtime: web: boom\n"))
        }
    }

    @Test func journalSenderWritesOneDatagram() throws {
        try TemporaryDirectory.with("journal") { directory in
            let socket = try UnixDatagramSocket(boundTo: directory.path + "/socket")
            defer { socket.close() }
            try socket.setReceiveTimeout(milliseconds: 5000)
            try JournalSender(socketPath: directory.path + "/socket").send(
                message: "hello", priority: .warning, identifier: "swctl-runtime", fields: [("CONTAINER_NAME", "web")])
            let received = try socket.receive()
            #expect(
                String(decoding: received.bytes, as: UTF8.self)
                    == "MESSAGE=hello\nPRIORITY=4\nSYSLOG_IDENTIFIER=swctl-runtime\nCONTAINER_NAME=web\n")
            #expect(received.pid == Processes.currentID)
        }
    }

    @Test func notifierSendsReadyWithMainPID() throws {
        try TemporaryDirectory.with("notify") { directory in
            let socket = try UnixDatagramSocket(boundTo: directory.path + "/notify")
            defer { socket.close() }
            try socket.setReceiveTimeout(milliseconds: 5000)
            try Notifier(socketPath: directory.path + "/notify").ready(mainPID: 4242)
            #expect(String(decoding: try socket.receive().bytes, as: UTF8.self) == "MAINPID=4242\nREADY=1")
        }
    }
}
