// swctl-generator: a systemd generator (systemd.generator(7)). Bad
// definitions are reported on stderr and skipped; the exit status is
// non-zero only for wrong arguments or an output directory it cannot write.
import Engine

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

let searchPath = getenv(DefinitionStore.searchPathVariable).map { String(cString: $0) }
exit(GeneratorCommand.run(arguments: CommandLine.arguments, searchPathVariable: searchPath))
