#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Host and domain names of the UTS namespace, for the child between clone and exec.
public enum Hostname {
    public static func setHostname(_ name: UnsafePointer<CChar>) -> Errno? {
        errnoIfFailed { sethostname(name, strlen(name)) }
    }

    public static func setDomainname(_ name: UnsafePointer<CChar>) -> Errno? {
        errnoIfFailed { setdomainname(name, strlen(name)) }
    }
}
