import Testing
import UnitFile

@testable import Definitions

/// A value a key accepts and what it sets.
struct AcceptedValue: Sendable, CustomTestStringConvertible {
    let lines: String
    let change: @Sendable (inout ContainerDefinition) -> Void
    init(_ lines: String, _ change: @escaping @Sendable (inout ContainerDefinition) -> Void) {
        self.lines = lines
        self.change = change
    }
    var testDescription: String { lines.replacingNewlines() }
}

extension String {
    fileprivate func replacingNewlines() -> String { split(separator: "\n").joined(separator: " ⏎ ") }
}

@Suite struct ContainerKeysTests {
    @Test func theTableHasTheQuadletKeysOfThisSliceInManPageOrder() {
        #expect(
            ContainerKeys.all.map(\.name) == [
                "Image", "Pull", "Exec", "Entrypoint", "Environment", "EnvironmentFile", "WorkingDir", "User", "Group",
                "HostName", "ReadOnly", "StopSignal", "Terminal", "Volume", "Tmpfs", "Network", "NetworkAlias", "IP", "PublishPort", "ExposeHostPort", "Memory", "PidsLimit", "CPUs",
                "AddCapability", "DropCapability", "NoNewPrivileges", "ReadOnlyTmpfs", "SeccompProfile", "Mask",
                "Unmask", "AppArmor", "AddDevice", "MemorySwap", "CPUWeight", "IOWeight", "Ulimit", "ShmSize",
                "UserNS", "UIDMap", "GIDMap", "SubUIDMap", "SubGIDMap",
                "StopTimeout", "ReloadSignal", "ReloadCmd", "RunInit", "AutoUpdate",
                "HealthCmd", "HealthInterval", "HealthRetries", "HealthTimeout", "HealthStartPeriod", "HealthStartupCmd",
                "HealthStartupInterval", "HealthStartupRetries", "HealthStartupSuccess", "HealthStartupTimeout",
                "HealthOnFailure", "HealthLogDestination", "HealthMaxLogCount", "HealthMaxLogSize", "Notify",
                "AddHost", "DNS", "DNSOption", "DNSSearch", "Annotation", "Label", "Sysctl", "EnvironmentHost",
                "GroupAdd", "HttpProxy", "Timezone", "Mount", "Rootfs", "Secret", "LogDriver", "LogOpt",
                "PodmanArgs", "GlobalArgs", "ContainersConfModule", "Pod", "StartWithPod", "SecurityLabelDisable",
                "SecurityLabelFileType", "SecurityLabelLevel", "SecurityLabelNested", "SecurityLabelType",
                "ContainerName", "CgroupsMode", "IP6", "Retry", "RetryDelay",
                "RemapUsers", "RemapUid", "RemapGid", "RemapUidSize", "VolatileTmp",
            ])
        #expect(ContainerKeys.byName.count == ContainerKeys.all.count)
    }

    @Test func listKeysAreTheOnesThatAccumulate() {
        #expect(
            ContainerKeys.all.filter(\.isList).map(\.name) == [
                "Environment", "EnvironmentFile", "Volume", "Tmpfs", "NetworkAlias", "PublishPort", "ExposeHostPort", "AddCapability", "DropCapability",
                "Mask", "Unmask", "AddDevice", "Ulimit", "UIDMap", "GIDMap",
                "AddHost", "DNS", "DNSOption", "DNSSearch", "Annotation", "Label", "Sysctl", "GroupAdd", "Mount",
                "Secret", "LogOpt", "PodmanArgs", "GlobalArgs", "ContainersConfModule", "RemapUid", "RemapGid",
            ])
    }

    @Test func noImplementedKeyIsListedAsNotYetSupported() {
        #expect(ContainerKeys.notYetSupported.isDisjoint(with: ContainerKeys.all.map(\.name)))
    }

    @Test(arguments: [
        AcceptedValue("Image=/srv/rootfs") { $0.image = "/srv/rootfs" },
        AcceptedValue("Image=localhost/web:1") { $0.image = "localhost/web:1" },
        AcceptedValue("Exec=/bin/sh -c 'echo \"hi there\"'") { $0.exec = ["/bin/sh", "-c", "echo \"hi there\""] },
        AcceptedValue("Exec=a\nExec=b c") { $0.exec = ["b", "c"] },
        AcceptedValue("Exec=a\nExec=") { $0.exec = nil },
        AcceptedValue("Exec=\"\"") { $0.exec = [""] },
        AcceptedValue("Entrypoint=/usr/bin/tini --") { $0.entrypoint = ["/usr/bin/tini", "--"] },
        AcceptedValue("Environment=A=1 \"B=two words\" C=") {
            $0.environment = [
                .init(name: "A", value: "1"), .init(name: "B", value: "two words"), .init(name: "C", value: ""),
            ]
        },
        AcceptedValue("Environment=A=1\nEnvironment=B=x=y") {
            $0.environment = [.init(name: "A", value: "1"), .init(name: "B", value: "x=y")]
        },
        AcceptedValue("Environment=A=1\nEnvironment=\nEnvironment=_B2=%i") {
            $0.environment = [.init(name: "_B2", value: "%i")]
        },
        AcceptedValue("EnvironmentFile=/etc/web.env\nEnvironmentFile=web.env") {
            $0.environmentFiles = ["/etc/web.env", "/etc/swctl/containers/web.env"]
        },
        AcceptedValue("WorkingDir=/srv") { $0.workingDir = "/srv" },
        AcceptedValue("User=www-data") { $0.user = "www-data" },
        AcceptedValue("User=1000\nGroup=1000") {
            $0.user = "1000"
            $0.group = "1000"
        },
        AcceptedValue("HostName=web-1.example") { $0.hostName = "web-1.example" },
        AcceptedValue("ReadOnly=yes") { $0.readOnly = true },
        AcceptedValue("ReadOnly=true\nReadOnly=off") { $0.readOnly = false },
        AcceptedValue("Volume=/srv/www:/var/www") { $0.volumes = [.init(source: "/srv/www", destination: "/var/www")] },
        AcceptedValue("Volume=/srv/www:/var/www:ro,nosuid,rprivate") {
            $0.volumes = [
                .init(source: "/srv/www", destination: "/var/www", readOnly: true, options: ["nosuid", "rprivate"])
            ]
        },
        AcceptedValue("Volume=/a:/b:rw\nVolume=/c:/d") {
            $0.volumes = [.init(source: "/a", destination: "/b"), .init(source: "/c", destination: "/d")]
        },
        AcceptedValue("Volume=/a:/b\nVolume=") { $0.volumes = [] },
        AcceptedValue("Volume=data:/var/lib/data") {
            var mount = VolumeMount(source: "", destination: "/var/lib/data")
            mount.volume = "data"
            $0.volumes = [mount]
        },
        AcceptedValue("Tmpfs=/tmp") { $0.tmpfs = [.init(destination: "/tmp")] },
        AcceptedValue("Tmpfs=/run:size=64M,mode=1777,noexec\nTmpfs=/cache:size=10%") {
            $0.tmpfs = [
                .init(destination: "/run", options: ["size=64M", "mode=1777", "noexec"]),
                .init(destination: "/cache", options: ["size=10%"]),
            ]
        },
        AcceptedValue("Network=host") { $0.network = .host },
        AcceptedValue("Network=host\nNetwork=none") { $0.network = .none },
        AcceptedValue("Network=backend") { $0.network = .named(["backend"]) },
        AcceptedValue("Network=front.network\nNetwork=back\nNetwork=front") { $0.network = .named(["front", "back"]) },
        AcceptedValue("Network=back\nNetwork=none") { $0.network = .none },
        AcceptedValue("NetworkAlias=db\nNetworkAlias=db.local") { $0.networkAliases = ["db", "db.local"] },
        AcceptedValue("ExposeHostPort=80\nExposeHostPort=5000-5001/udp") {
            $0.exposePorts = [.init(ports: 80...80), .init(ports: 5000...5001, transport: .udp)]
        },
        AcceptedValue("ExposeHostPort=80\nExposeHostPort=") { $0.exposePorts = [] },
        AcceptedValue("Memory=512M") { $0.resources.memoryBytes = 536_870_912 },
        AcceptedValue("Memory=1.5G") { $0.resources.memoryBytes = 1_610_612_736 },
        AcceptedValue("Memory=512M\nMemory=") { $0.resources.memoryBytes = nil },
        AcceptedValue("PidsLimit=100") { $0.resources.pidsLimit = 100 },
        AcceptedValue("PidsLimit=-1") { $0.resources.pidsLimit = -1 },
        AcceptedValue("CPUs=1.5") { $0.resources.cpus = 1.5 },
        AcceptedValue("CPUs=2") { $0.resources.cpus = 2 },
        AcceptedValue("X-Comment=anything") { _ in },
    ])
    func acceptedValues(value: AcceptedValue) {
        let result = parseContainer(value.lines)
        #expect(result.diagnostics == [])
        #expect(result.definition == expectedDefinition(value.change))
    }

    @Test(arguments: [
        (
            "Image=busybox",
            "Image: 'busybox' is neither an absolute path to a root filesystem directory nor an image reference with a registry or tag (e.g. localhost/web:1, docker.io/library/busybox)"
        ),
        (
            "Exec=/bin/sh -c \"echo",
            "Exec: unterminated \" quote in '/bin/sh -c \"echo' (close the quote, or escape it as \\\")"
        ),
        ("Entrypoint='a", "Entrypoint: unterminated ' quote in ''a' (close the quote, or escape it as \\')"),
        ("Exec=a\\qb", "Exec: unknown escape '\\q' in 'a\\qb' (use \\\\ for a backslash)"),
        ("Environment=MODE", "Environment: 'MODE' is not NAME=VALUE (use e.g. MODE=prod)"),
        ("Environment=A=1 B", "Environment: 'B' is not NAME=VALUE (use e.g. MODE=prod)"),
        (
            "Environment=1A=x",
            "Environment: '1A' is not a variable name (use letters, digits and '_', not starting with a digit)"
        ),
        (
            "Environment=A-B=x",
            "Environment: 'A-B' is not a variable name (use letters, digits and '_', not starting with a digit)"
        ),
        ("Environment=\"A=1", "Environment: unterminated \" quote in '\"A=1' (close the quote, or escape it as \\\")"),
        ("WorkingDir=srv", "WorkingDir: 'srv' is not an absolute path (use e.g. /srv)"),
        ("User=a b", "User: 'a b' is not a user name or numeric id (use e.g. nobody or 65534)"),
        ("User=app:app", "User: 'app:app' is not a user name or numeric id (use e.g. nobody or 65534)"),
        ("Group=-x", "Group: '-x' is not a group name or numeric id (use e.g. nogroup or 65534)"),
        (
            "HostName=web_1",
            "HostName: 'web_1' is not a host name (use letters, digits, '-' and '.', at most 64 characters, e.g. web1)"
        ),
        (
            "HostName=-web",
            "HostName: '-web' is not a host name (use letters, digits, '-' and '.', at most 64 characters, e.g. web1)"
        ),
        (
            "HostName=a..b",
            "HostName: 'a..b' is not a host name (use letters, digits, '-' and '.', at most 64 characters, e.g. web1)"
        ),
        ("ReadOnly=maybe", "ReadOnly: 'maybe' is not a boolean (use yes or no)"),
        ("Volume=/srv", "Volume: '/srv' is not SRC:DST[:OPTIONS] (use e.g. /srv/www:/var/www:ro)"),
        ("Volume=/srv:", "Volume: '/srv:' is not SRC:DST[:OPTIONS] (use e.g. /srv/www:/var/www:ro)"),
        (
            "Volume=-data:/var/lib/data",
            "Volume: source '-data' is neither an absolute path nor a volume name (use letters, digits, '_', '.' and '-', starting with a letter or digit, at most 128 characters; e.g. /srv/www:/var/www or data:/var/lib/data)"
        ),
        ("Volume=/srv:www", "Volume: destination 'www' is not an absolute path (use e.g. /srv/www:/var/www)"),
        ("Volume=/a:/b:ro,rw", "Volume: both ro and rw in '/a:/b:ro,rw' (use one of them)"),
        (
            "Volume=/a:/b:fast",
            "Volume: unknown option 'fast' in '/a:/b:fast' (use a comma-separated list of ro, rw, nosuid, suid, nodev, dev, noexec, exec, bind, rbind, private, rprivate, shared, rshared, slave, rslave, unbindable, runbindable, idmap, U)"
        ),
        ("Tmpfs=tmp", "Tmpfs: 'tmp' is not an absolute path (use e.g. /tmp or /tmp:size=64M)"),
        ("Tmpfs=/tmp:size", "Tmpfs: option 'size' in '/tmp:size' needs a value (use e.g. size=64M)"),
        ("Tmpfs=/tmp:noexec=1", "Tmpfs: option 'noexec' in '/tmp:noexec=1' takes no value (use noexec alone)"),
        ("Tmpfs=/tmp:mode=999", "Tmpfs: '999' is not a valid mode in '/tmp:mode=999' (use e.g. mode=1777)"),
        ("Tmpfs=/tmp:size=64MB", "Tmpfs: '64MB' is not a valid size in '/tmp:size=64MB' (use e.g. size=64M)"),
        (
            "Tmpfs=/tmp:tmpcopyup",
            "Tmpfs: unknown option 'tmpcopyup' in '/tmp:tmpcopyup' (use a comma-separated list of ro, rw, nosuid, suid, nodev, dev, noexec, exec, noatime, atime, relatime, norelatime, strictatime, nostrictatime, size, mode, uid, gid, nr_inodes, nr_blocks)"
        ),
        ("Network=-net", "Network: '-net' is neither a mode (bridge, none, host, container:NAME) nor a network name (use letters, digits, '_', '.' and '-', starting with a letter or digit, at most 128 characters)"),
        ("Network=default.network", "Network: 'default.network' is neither a mode (bridge, none, host, container:NAME) nor a network name (use letters, digits, '_', '.' and '-', starting with a letter or digit, at most 128 characters)"),
        ("NetworkAlias=db_1", "NetworkAlias: 'db_1' is not a host name (use letters, digits, '-' and '.', e.g. db)"),
        ("ExposeHostPort=80:80", "ExposeHostPort: '80:80' is not PORT[-PORT][/tcp|/udp] (e.g. 80, 8000-8010/udp)"),
        ("ExposeHostPort=80/sctp", "ExposeHostPort: '80/sctp': 'sctp' is not a protocol (use tcp or udp)"),
        ("Memory=12X", "Memory: '12X' is not a size (use a number with an optional K, M, G or T suffix, e.g. 512M)"),
        ("Memory=-1", "Memory: '-1' is not a size (use a number with an optional K, M, G or T suffix, e.g. 512M)"),
        ("Memory=0", "Memory: '0' leaves no memory (use a size above 0, e.g. 512M)"),
        ("PidsLimit=lots", "PidsLimit: 'lots' is not a process limit (use a positive number, or -1 for no limit)"),
        ("PidsLimit=0", "PidsLimit: '0' is not a process limit (use a positive number, or -1 for no limit)"),
        ("PidsLimit=-2", "PidsLimit: '-2' is not a process limit (use a positive number, or -1 for no limit)"),
        ("CPUs=0", "CPUs: '0' is not a positive decimal number (use e.g. 0.5 or 2)"),
        ("CPUs=-1", "CPUs: '-1' is not a positive decimal number (use e.g. 0.5 or 2)"),
        ("CPUs=1e3", "CPUs: '1e3' is not a positive decimal number (use e.g. 0.5 or 2)"),
        ("CPUs=inf", "CPUs: 'inf' is not a positive decimal number (use e.g. 0.5 or 2)"),
        ("CPUs=.5", "CPUs: '.5' is not a positive decimal number (use e.g. 0.5 or 2)"),
        ("CPUs=0.00001", "CPUs: '0.00001' is below the smallest quota (use at least 0.0001)"),
    ])
    func rejectedValues(line: String, message: String) {
        let result = parseContainer(line)
        #expect(result.diagnostics.map(\.description) == ["\(webPath):3: \(message)"])
        #expect(result.definition == nil)
    }

    @Test func selinuxRelabelOptionsAreIgnoredWithAWarning() {
        let result = parseContainer("Volume=/srv:/srv:Z,ro")
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):3: warning: Volume: option 'Z' in '/srv:/srv:Z,ro' ignored (swctl does not relabel for SELinux)"
            ])
        #expect(result.definition?.volumes == [VolumeMount(source: "/srv", destination: "/srv", readOnly: true)])
    }
}
