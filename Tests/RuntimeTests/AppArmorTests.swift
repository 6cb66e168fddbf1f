import Confinement
import Glibc
import Testing

/// libapparmor's view must agree with the kernel's own switch, on a host
/// with AppArmor (production, the VM ring) as on one without (this host).
@Suite struct AppArmorTests {
    private var kernelSaysEnabled: Bool {
        guard let file = fopen("/sys/module/apparmor/parameters/enabled", "r") else { return false }
        defer { fclose(file) }
        return fgetc(file) == Int32(UInt8(ascii: "Y"))
    }

    @Test func isEnabledAgreesWithTheKernel() {
        #expect(AppArmor.isEnabled == kernelSaysEnabled)
    }

    @Test func confinementOfThisProcessIsKnownExactlyWhenAppArmorIsOn() {
        let confinement = AppArmor.confinement(of: getpid())
        if AppArmor.isEnabled {
            #expect(confinement?.label.isEmpty == false)
        } else {
            #expect(confinement == nil)
        }
    }

    @Test func theExecCommandNamesTheProfile() {
        #expect(AppArmor.changeOnExecCommand(profile: "swctl-default") == "exec swctl-default")
    }
}
