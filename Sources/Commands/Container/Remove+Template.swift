import Definitions
import Syscalls

extension Remove {
    /// The file to delete for `name`: its definition, but for a template's
    /// instance the instance's own file beside the template, never the
    /// template (which defines every other instance too).
    static func instanceFile(_ name: String, _ sourcePath: String?, action: String) throws(CommandFailure) -> String? {
        guard let sourcePath, let template = ContainerDefinition.templateName(ofInstance: name),
            FileSystem.baseName(of: sourcePath) == template + ContainerDefinition.fileSuffix
        else { return sourcePath }
        let own = FileSystem.parentDirectory(of: sourcePath) + "/" + name + ContainerDefinition.fileSuffix
        guard FileSystem.exists(own) else {
            throw CommandFailure(
                .failure,
                "\(action): \(name) is the DefaultInstance= of \(sourcePath) (remove that line; the template stays)")
        }
        return own
    }
}
