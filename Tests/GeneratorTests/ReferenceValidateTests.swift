import Definitions
import Syscalls
import TestSupport
import Testing

@testable import Engine

/// References between files, resolved by the definition store and checked
/// by `swctl validate` across a directory, with FILE:LINE.
@Suite struct ReferenceValidateTests {
    @Test func volumeAndImageFilesAreResolvedWhenADefinitionIsRead() throws {
        try TemporaryDirectory.with("refs") { dir in
            try dir.write("web.container", "[Container]\nImage=app.image\nVolume=data.volume:/data\nVolume=/srv:/srv\n")
            try dir.write("app.image", "[Image]\nImage=localhost:5000/app:1\n")
            try dir.write("data.volume", "[Volume]\nVolumeName=appdata\n")
            let definition = try #require(try DefinitionStore(searchPath: [dir.path]).load(name: "web").definition)
            #expect(definition.image == "localhost:5000/app:1")
            #expect(definition.imageFile == "app")
            #expect(definition.volumes.map(\.volume) == ["appdata", nil])
            #expect(definition.volumes.map(\.volumeFile) == ["data", nil])
        }
    }

    @Test func missingFilesAreErrorsAtTheirLine() throws {
        try TemporaryDirectory.with("refs") { dir in
            try dir.write(
                "web.container", "[Container]\nImage=app.image\nVolume=data.volume:/data\nNetwork=db.container\n")
            let path = dir.path + "/web.container"
            let messages = DefinitionStore(searchPath: [dir.path]).validate(paths: []).map(\.description)
            #expect(
                messages == [
                    "\(path):2: Image: no image file 'app.image' (looked in \(dir.path))",
                    "\(path):3: Volume: no volume file 'data.volume' (looked in \(dir.path))",
                ])
        }
    }

    @Test func aContainerNetworkNamingNoDefinitionIsAnError() throws {
        try TemporaryDirectory.with("refs") { dir in
            try dir.write("web.container", "[Container]\nImage=/i\nNetwork=db.container\n")
            let messages = DefinitionStore(searchPath: [dir.path]).validate(paths: []).map(\.description)
            #expect(
                messages == [
                    "\(dir.path)/web.container:3: Network: no definition named 'db' for container:db (db.container is not on the search path)"
                ])
            try dir.write("db.container", "[Container]\nImage=/i\n")
            #expect(DefinitionStore(searchPath: [dir.path]).validate(paths: []).isEmpty)
        }
    }

    @Test func unitDependenciesOnMissingFilesAreWarnings() throws {
        try TemporaryDirectory.with("refs") { dir in
            try dir.write("web.container", "[Unit]\nAfter=db.container front.network\n[Container]\nImage=/i\n")
            let messages = DefinitionStore(searchPath: [dir.path]).validate(paths: []).map(\.description)
            let path = dir.path + "/web.container"
            #expect(
                messages == [
                    "\(path):2: warning: After: no definition 'db.container' on the search path (the dependency on ctr@db.service has no definition)",
                    "\(path):2: warning: After: 'front.network' is ignored: a network has no unit (the first container that joins it makes it)",
                ])
        }
    }

    @Test func aBrokenVolumeFileIsReportedOnceAndItsUserIsSkipped() throws {
        try TemporaryDirectory.with("refs") { dir in
            try dir.write("defs/web.container", "[Container]\nImage=/i\nVolume=data.volume:/data\n")
            try dir.write("defs/data.volume", "[Volume]\nUser=nobody\n")
            let report = try runGenerator(searchPath: [dir.path + "/defs"], outputDir: dir.path + "/out")
            #expect(report.containers.isEmpty)
            #expect(
                report.diagnostics.map(\.description) == [
                    "\(dir.path)/defs/web.container:3: Volume: \(dir.path)/defs/data.volume has errors (swctl validate \(dir.path)/defs/data.volume shows them)",
                    "\(dir.path)/defs/data.volume:2: User: 'nobody' is not a numeric user ID (use e.g. 1000; names are not resolved)",
                ])
        }
    }

    @Test func aDirectoryArgumentIsCheckedAsASearchPathOfItsOwn() throws {
        try TemporaryDirectory.with("refs") { dir in
            try dir.write("elsewhere/web.container", "[Container]\nImage=/i\nVolume=data.volume:/data\n")
            try dir.write("elsewhere/data.volume", "[Volume]\n")
            #expect(DefinitionStore(searchPath: [dir.path + "/etc"]).validate(paths: [dir.path + "/elsewhere"]).isEmpty)
            // The file alone resolves its references beside itself too.
            let file = dir.path + "/elsewhere/web.container"
            #expect(DefinitionStore(searchPath: [dir.path + "/etc"]).validate(paths: [file]).isEmpty)
        }
    }

    @Test func volumeUsersCountEveryDefinitionNamingTheVolume() throws {
        try TemporaryDirectory.with("refs") { dir in
            try dir.write("a.container", "[Container]\nImage=/i\nVolume=data.volume:/data\n")
            try dir.write("b.container", "[Container]\nImage=/i\nVolume=appdata:/x\nVolume=cache:/c\nMemory=bad\n")
            try dir.write("data.volume", "[Volume]\nVolumeName=appdata\n")
            try dir.write("t@.container", "[Container]\nImage=/i\nVolume=c-%i:/c\n[Install]\nDefaultInstance=x\n")
            #expect(
                DefinitionStore(searchPath: [dir.path]).volumeUsers() == [
                    "appdata": ["a", "b"], "cache": ["b"], "c-x": ["t@x"],
                ])
        }
    }
}
