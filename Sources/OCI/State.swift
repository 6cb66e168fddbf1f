/// The lifecycle status of a container as the OCI `state` operation reports it.
public enum ContainerStatus: String, Codable, CaseIterable, Sendable {
    case creating
    case created
    case running
    case stopped
}

/// The OCI state of a container (runtime-spec `runtime.md#state`).
public struct State: Codable, Equatable, Sendable {
    public var ociVersion: String
    public var id: String
    public var status: ContainerStatus
    /// The container process's PID in the runtime's PID namespace (created/running only).
    public var pid: Int32?
    /// Absolute path of the bundle.
    public var bundle: String
    public var annotations: [String: String]?

    public init(
        ociVersion: String = ociSpecVersion, id: String, status: ContainerStatus, pid: Int32? = nil,
        bundle: String, annotations: [String: String]? = nil
    ) {
        self.ociVersion = ociVersion
        self.id = id
        self.status = status
        self.pid = pid
        self.bundle = bundle
        self.annotations = annotations
    }
}
