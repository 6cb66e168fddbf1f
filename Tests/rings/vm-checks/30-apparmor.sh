#!/bin/bash
# process.apparmorProfile: a profile loaded with apparmor_parser confines the
# container's process (swctl-runtime against runc), and an unknown profile is
# a clear error.
# Scripts run inside the container are single-quoted on purpose (SC2016);
# lib.sh sets $out and $rc (SC2154).
# shellcheck disable=SC2016,SC2154 source=Tests/rings/vm-checks/lib.sh
. ./lib.sh

if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ] || ! command -v apparmor_parser >/dev/null; then
    skip "apparmorProfile: AppArmor is not enabled in this kernel or apparmor_parser is missing"
    exit 0
fi
# Everything allowed but reading /etc/hostname.
profile=swctl-vm-deny-hostname
cat >"$WORK/$profile" <<PROFILE
profile $profile flags=(attach_disconnected,mediate_deleted) {
  file,
  capability,
  network,
  signal,
  ptrace,
  unix,
  mount,
  umount,
  pivot_root,
  deny /etc/hostname r,
}
PROFILE
if ! loaded=$(apparmor_parser -r -W "$WORK/$profile" 2>&1); then
    fail "apparmor_parser loads the test profile" "$loaded"
    exit 0
fi

both apparmor '{}' ".process.apparmorProfile = \"$profile\"" -- sh -c '
    echo "attr=$(cat /proc/self/attr/current)"
    cat /etc/hostname >/dev/null 2>&1 && echo "read /etc/hostname: allowed" || echo "read /etc/hostname: denied"
    cat /etc/passwd >/dev/null 2>&1 && echo "read /etc/passwd: allowed" || echo "read /etc/passwd: denied"'
differential "apparmorProfile $profile: the process runs confined, /etc/hostname is denied" \
    "$(printf '%s\n' "attr=$profile (enforce)" 'read /etc/hostname: denied' 'read /etc/passwd: allowed')"

run_ctr runc apparmor-unknown '{}' '.process.apparmorProfile = "swctl-vm-no-such-profile"' -- true
runc_rc=$rc runc_out=$out
run_ctr swctl apparmor-unknown '{}' '.process.apparmorProfile = "swctl-vm-no-such-profile"' -- true
lines=$(printf '%s\n' "$out" | grep -c .)
if [ "$rc" != 0 ] && [ "$runc_rc" != 0 ] && grep -q "swctl-vm-no-such-profile" <<<"$out" && [ "$lines" -le 2 ] &&
    ! /usr/bin/swctl-runtime state swctl-apparmor-unknown >/dev/null 2>&1; then
    ok "unknown apparmorProfile: exit $rc (runc: $runc_rc), '$out'"
else
    fail "unknown apparmorProfile: exit non-zero, one line naming the profile, no state left" "rc=$rc" "$out" \
        "runc rc=$runc_rc: $runc_out"
fi
apparmor_parser -R "$WORK/$profile" >/dev/null 2>&1
exit 0
