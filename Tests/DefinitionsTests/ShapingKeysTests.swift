import Testing

@testable import Definitions

/// Annotation=, Label=, Sysctl=, Timezone=, GroupAdd=, EnvironmentHost=,
/// HttpProxy=, Rootfs=, Secret=, LogDriver=, LogOpt=, as
/// podman-systemd.unit(5) describes them.
@Suite struct ShapingKeysTests {
    @Test func annotationAndLabelTakeKeyValueListsLikeEnvironment() {
        let definition = parseContainer(
            "Annotation=org.example.team=web \"org.example.note=two words\"\nLabel=tier=front\nLabel=tier=back"
        ).definition
        #expect(definition?.annotations == ["org.example.team": "web", "org.example.note": "two words"])
        #expect(definition?.labels == ["tier": "back"])
        let reserved = parseContainer("Annotation=org.swctl.container.name=evil")
        #expect(reserved.definition == nil)
        #expect(
            reserved.diagnostics.first?.message.hasPrefix(
                "Annotation: 'org.swctl.container.name': keys under org.swctl. are set by swctl itself") == true)
        #expect(parseContainer("Label=novalue").definition == nil)
    }

    @Test func sysctlTakesNamespacedParametersOnly() {
        let definition = parseContainer(
            "Sysctl=net.ipv4.ip_unprivileged_port_start=80 kernel.shmmax=1000\nSysctl=fs/mqueue/msg_max=20"
        ).definition
        #expect(
            definition?.sysctls == [
                "net.ipv4.ip_unprivileged_port_start": "80", "kernel.shmmax": "1000", "fs.mqueue.msg_max": "20",
            ])
        let host = parseContainer("Sysctl=vm.swappiness=10")
        #expect(host.definition == nil)
        #expect(
            host.diagnostics.first?.message.hasPrefix(
                "Sysctl: 'vm.swappiness' is not a namespaced sysctl: it would change the host") == true)
        #expect(
            parseContainer("Sysctl=kernel.hostname=x").diagnostics.first?.message
                == "Sysctl: 'kernel.hostname' is the host name (use HostName=)")
    }

    @Test func sysctlOfTheNetworkIsRefusedWithTheHostsNetwork() {
        let result = parseContainer("Network=host\nSysctl=\"net.ipv4.ping_group_range=0 0\"")
        #expect(result.definition == nil)
        #expect(
            result.diagnostics.map(\.description) == [
                "\(webPath):4: Sysctl: 'net.ipv4.ping_group_range' needs a network namespace of its own, and Network=host shares the host's (remove it, or use another Network=)"
            ])
        // Unquoted, the value is 4 words, and "2" is not NAME=VALUE.
        #expect(parseContainer("Network=host\nSysctl=kernel.sem=1 2 3 4").definition == nil)
        #expect(
            parseContainer("Network=host\nSysctl=\"kernel.sem=1 2 3 4\"").definition?.sysctls == [
                "kernel.sem": "1 2 3 4"
            ])
    }

    @Test func timezoneIsLocalOrAZoneName() {
        #expect(parseContainer("Timezone=local").definition?.timezone == .local)
        #expect(parseContainer("Timezone=Europe/Berlin").definition?.timezone == .zone("Europe/Berlin"))
        #expect(parseContainer("Timezone=../../etc/shadow").definition == nil)
        #expect(parseContainer("Timezone=/etc/localtime").definition == nil)
    }

    @Test func groupAddTakesGroupsAndRefusesKeepGroupsWithTheReason() {
        #expect(parseContainer("GroupAdd=video 44\nGroupAdd=audio").definition?.groupAdd == ["video", "44", "audio"])
        let keep = parseContainer("GroupAdd=keep-groups")
        #expect(keep.definition == nil)
        #expect(
            keep.diagnostics.first?.message.hasPrefix("GroupAdd: keep-groups only makes sense for rootless podman")
                == true)
    }

    @Test func environmentHostIsOffAndHttpProxyOnByDefault() {
        let defaults = parseContainer("").definition
        #expect(defaults?.environmentHost == false)
        #expect(defaults?.httpProxy == true)
        let set = parseContainer("EnvironmentHost=yes\nHttpProxy=no").definition
        #expect(set?.environmentHost == true)
        #expect(set?.httpProxy == false)
    }

    @Test func rootfsIsADirectoryInsteadOfImageOptionallyWithAnOverlay() {
        let plain = ContainerDefinition.parse(text: "[Container]\nRootfs=/var/lib/rootfs\n", path: webPath).definition
        #expect(plain?.image == "/var/lib/rootfs")
        #expect(plain?.rootfs == RootfsDirectory(path: "/var/lib/rootfs", overlay: false))
        let overlay = ContainerDefinition.parse(text: "[Container]\nRootfs=/var/lib/rootfs:O\n", path: webPath)
            .definition
        #expect(overlay?.rootfs == RootfsDirectory(path: "/var/lib/rootfs", overlay: true))
        #expect(overlay?.image == "/var/lib/rootfs")
    }

    @Test func rootfsConflictsWithImageInEitherOrder() {
        let after = parseContainer("Rootfs=/var/lib/rootfs")
        #expect(after.definition == nil)
        #expect(
            after.diagnostics.map(\.message) == [
                "Rootfs: conflicts with Image= (a container runs either an image or a directory: keep one)"
            ])
        let before = ContainerDefinition.parse(
            text: "[Container]\nRootfs=/var/lib/rootfs\nImage=localhost/web:1\n", path: webPath)
        #expect(before.definition == nil)
        #expect(
            before.diagnostics.map(\.message) == [
                "Image: conflicts with Rootfs= (a container runs either an image or a directory: keep one)"
            ])
    }

    @Test func secretDefaultsToAFileUnderRunSecrets() {
        let secrets = parseContainer(
            "Secret=db-password\nSecret=token,type=env,target=API_TOKEN\nSecret=tls.key,target=/etc/tls/key,uid=33,gid=33,mode=0400"
        )
        .definition?.secrets
        var file = SecretReference(name: "db-password")
        file.target = "/run/secrets/db-password"
        var env = SecretReference(name: "token")
        env.kind = .environment
        env.target = "API_TOKEN"
        var key = SecretReference(name: "tls.key")
        key.target = "/etc/tls/key"
        key.uid = 33
        key.gid = 33
        key.mode = 0o400
        #expect(secrets == [file, env, key])
        #expect(file.hostPath == "/etc/swctl/secrets/db-password")
        #expect(parseContainer("Secret=token,type=env").definition?.secrets.first?.target == "token")
    }

    @Test(arguments: [
        "Secret=../etc/shadow", "Secret=a,type=file", "Secret=a,type=env,mode=0400", "Secret=a,type=env,target=1X",
        "Secret=a,uid=root", "Secret=a,mode=999", "Secret=a,target=../../x", "Secret=a,opt=1",
    ])
    func badSecretsAreRefused(line: String) {
        let result = parseContainer(line)
        #expect(result.definition == nil)
        #expect(result.diagnostics.first?.message.hasPrefix("Secret: ") == true)
    }

    @Test func logDriverAcceptsTheJournalOnlyAndLogOptTheTag() {
        #expect(parseContainer("LogDriver=journald").definition != nil)
        #expect(parseContainer("LogDriver=passthrough").definition != nil)
        let file = parseContainer("LogDriver=k8s-file")
        #expect(file.definition == nil)
        #expect(
            file.diagnostics.first?.message.hasPrefix(
                "LogDriver: 'k8s-file': the container's output always goes to the journal") == true)
        #expect(parseContainer("LogOpt=tag=web-front").definition?.logTag == "web-front")
        let path = parseContainer("LogOpt=path=/var/log/web.json")
        #expect(
            path.diagnostics.first?.message.hasPrefix(
                "LogOpt: 'path': the journal keeps the log, so only tag= (the SyslogIdentifier=) applies") == true)
    }
}
