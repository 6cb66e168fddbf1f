import Runtime

#if canImport(Glibc)
    import Glibc
#endif

// The OCI runtime: argv in, one verb, exit code out (see Runtime/RuntimeMain.swift).
exit(RuntimeMain.main(Array(CommandLine.arguments.dropFirst())))
