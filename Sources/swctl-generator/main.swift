// swctl-generator: a systemd generator (systemd.generator(7)). Bad
// definitions are reported and skipped; the exit status is non-zero only
// for wrong arguments or an output directory it cannot write.
import Engine

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

var environment: [String: String] = [:]
for name in [DefinitionStore.searchPathVariable, GeneratorCommand.managerScopeVariable] {
    if let value = getenv(name) { environment[name] = String(cString: value) }
}
exit(GeneratorCommand.run(arguments: CommandLine.arguments, environment: environment))
