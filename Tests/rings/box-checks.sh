# Sourced by the ring-2 check scripts (cli-box-check.sh, admin-box-check.sh):
# run a command inside the box and record a check's outcome.
#
# The caller sets LEADER (the box's PID 1 as seen from the host) and ends
# with `checks_summary`, which prints `N passed, N failed` and returns 1 when
# any check failed.

passed=0
failed=0

bx() { nsenter -t "$LEADER" -a "$@"; }

# run CMD…: runs inside the box; sets $out, $err, $rc.
run() {
    local errfile
    errfile=$(mktemp)
    out=$(bx "$@" 2>"$errfile")
    rc=$?
    err=$(cat "$errfile")
    rm -f "$errfile"
}

ok() {
    echo "ok - $1"
    passed=$((passed + 1))
}

fail() {
    echo "FAIL - $1"
    shift
    local line
    for line in "$@"; do echo "    | $line"; done
    failed=$((failed + 1))
}

# check NAME CONDITION…: passes when the condition (a command) succeeds;
# on failure shows the last command's output.
check() {
    local name=$1
    shift
    if "$@"; then ok "$name"; else fail "$name" "rc=$rc" "stdout: ${out:0:800}" "stderr: ${err:0:600}"; fi
}

has() { grep -qE -- "$1" <<<"$2"; }

# wait_for SECONDS CMD…: retries CMD (on the host) until it succeeds.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ $SECONDS -ge $deadline ] && return 1
        sleep 0.2
    done
}

checks_summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
