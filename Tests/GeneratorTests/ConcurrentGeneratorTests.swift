import Syscalls
import TestSupport
import Testing
import UnitFile

/// Two generator processes writing the same output directory at once (two
/// `daemon-reload`s racing, or a reload and `swctl generate`) never leave a
/// unit half written: every file is written beside its place and renamed.
@Suite struct ConcurrentGeneratorTests {
    /// `swctl-generator` beside the test bundle in the build directory.
    static let generator: String? = {
        guard let executable = try? FileSystem.readLink("/proc/self/exe") else { return nil }
        var directory = FileSystem.parentDirectory(of: executable)
        for _ in 0..<4 {
            let candidate = directory + "/swctl-generator"
            if FileSystem.exists(candidate) { return candidate }
            directory = FileSystem.parentDirectory(of: directory)
        }
        return nil
    }()

    @Test(
        .enabled(
            if: generator != nil,
            "needs the built swctl-generator beside the test bundle (swift build --build-tests builds it; CI does)"))
    func twoRunsAtOnceAlwaysLeaveWholeUnits() throws {
        let generator = try #require(Self.generator)
        try TemporaryDirectory.with("race") { dir in
            // Enough definitions that the two runs overlap.
            for index in 0..<40 {
                try dir.write(
                    "defs/c\(index).container",
                    "[Unit]\nAfter=data.volume\n[Container]\nImage=/i\nVolume=data.volume:/d\nMemory=\(index + 1)M\n[Install]\nWantedBy=multi-user.target\n"
                )
            }
            try dir.write("defs/data.volume", "[Volume]\n")
            let environment = ["SWCTL_DEFINITIONS_PATH=\(dir.path)/defs"]
            for round in 0..<25 {
                let first = try Subprocess.start(generator, [dir.path + "/out"], environment: environment)
                let second = try Subprocess.start(generator, [dir.path + "/out"], environment: environment)
                #expect(try first.wait().code == 0)
                #expect(try second.wait().code == 0)
                for index in 0..<40 {
                    let text = try FileSystem.readTextFile("\(dir.path)/out/ctr@c\(index).service.d/50-swctl.conf")
                    let parsed = UnitFile.parse(text, file: "50-swctl.conf")
                    #expect(parsed.diagnostics.isEmpty, "round \(round)")
                    #expect(parsed.unitFile.lastEntry("MemoryMax", in: "Service")?.value == String((index + 1) << 20))
                    #expect(parsed.unitFile.lastEntry("Requires", in: "Unit")?.value == "swctl-volume@data.service")
                }
                // No temporary file is left behind.
                let leftovers = try FileSystem.listDirectory(dir.path + "/out/ctr@c0.service.d").map(\.name)
                #expect(leftovers == ["50-swctl.conf"], "round \(round)")
            }
        }
    }
}
