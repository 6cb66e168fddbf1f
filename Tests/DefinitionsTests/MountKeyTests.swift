import Testing

@testable import Definitions

/// podman-systemd.unit(5) `Mount=`: podman's `--mount type=TYPE,…`; here
/// bind and tmpfs mounts, the same as Volume= and Tmpfs= make.
@Suite struct MountKeyTests {
    @Test func aBindMountJoinsTheVolumes() {
        let definition = parseContainer(
            "Mount=type=bind,source=/srv/www,destination=/var/www,ro\nMount=type=bind,src=/a,target=/b,bind-propagation=rshared,bind-nonrecursive"
        ).definition
        #expect(
            definition?.volumes == [
                VolumeMount(source: "/srv/www", destination: "/var/www", readOnly: true),
                VolumeMount(source: "/a", destination: "/b", options: ["bind", "rshared"]),
            ])
        #expect(definition?.mounts.count == 2)
    }

    @Test func aTmpfsMountJoinsTheTmpfsList() {
        let definition = parseContainer(
            "Mount=type=tmpfs,destination=/cache,tmpfs-size=64M,tmpfs-mode=1777,notmpcopyup"
        )
        .definition
        #expect(definition?.tmpfs == [TmpfsMount(destination: "/cache", options: ["size=64M", "mode=1777"])])
    }

    @Test func aRelativeSourceIsRelativeToTheDefinition() {
        #expect(
            parseContainer("Mount=type=bind,source=./data,destination=/data").definition?.volumes.first?.source
                == "/etc/swctl/containers/./data")
    }

    @Test func anEmptyMountForgetsOnlyTheMountsItAdded() {
        let definition = parseContainer("Volume=/v:/v\nMount=type=bind,source=/m,destination=/m\nMount=").definition
        #expect(definition?.volumes == [VolumeMount(source: "/v", destination: "/v")])
        #expect(definition?.mounts == [])
    }

    @Test(arguments: [
        (
            "Mount=source=/a,destination=/b",
            "Mount: 'source=/a,destination=/b' has no type= (use e.g. type=bind,source=/srv/www,destination=/var/www,ro or type=tmpfs,destination=/cache,tmpfs-size=64M)"
        ),
        (
            "Mount=type=volume,source=data,destination=/data",
            "Mount: type=volume is not supported by Mount= (use Volume=SOURCE:DESTINATION)"
        ),
        (
            "Mount=type=image,source=x,destination=/x",
            "Mount: type=image is not supported (Mount= takes type=bind and type=tmpfs; use e.g. type=bind,source=/srv/www,destination=/var/www,ro or type=tmpfs,destination=/cache,tmpfs-size=64M)"
        ),
        (
            "Mount=type=bind,destination=/b",
            "Mount: 'type=bind,destination=/b' has no source= (use e.g. type=bind,source=/srv/www,destination=/var/www,ro or type=tmpfs,destination=/cache,tmpfs-size=64M)"
        ),
        (
            "Mount=type=bind,source=/a,destination=b",
            "Mount: destination 'b' is not an absolute path (use e.g. type=bind,source=/srv/www,destination=/var/www,ro or type=tmpfs,destination=/cache,tmpfs-size=64M)"
        ),
        (
            "Mount=type=tmpfs,destination=/c,tmpfs-size=64MB",
            "Mount: '64MB' is not a valid size in '/c:size=64MB' (use e.g. size=64M)"
        ),
        (
            "Mount=type=tmpfs,destination=/c,tmpcopyup",
            "Mount: tmpcopyup in 'type=tmpfs,destination=/c,tmpcopyup': the tmpfs starts empty, the image's files there are not copied (remove it)"
        ),
        (
            "Mount=type=bind,source=/a,destination=/b,ro=maybe",
            "Mount: 'ro=maybe' in 'type=bind,source=/a,destination=/b,ro=maybe' is not a boolean (use true or false)"
        ),
    ])
    func badMountsAreRefused(line: String, message: String) {
        let result = parseContainer(line)
        #expect(result.definition == nil)
        #expect(result.diagnostics.map(\.message) == [message])
    }

    @Test func relabelIsIgnoredWithAWarning() {
        let result = parseContainer("Mount=type=bind,source=/a,destination=/b,relabel=private")
        #expect(result.definition?.volumes == [VolumeMount(source: "/a", destination: "/b")])
        #expect(result.diagnostics.map(\.severity) == [.warning])
    }
}
