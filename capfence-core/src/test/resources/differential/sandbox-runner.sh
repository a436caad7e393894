#!/bin/bash
# Runs a batch of (line, shell) pairs for SandboxOracle, each in a fresh overlay over /, made for the
# whole batch at its start (one `mount -a` for all, as each mount program started costs milliseconds).
# Started inside `unshare -m -n --propagation private` with the sandbox base environment: every mount
# below dies with this process, and nothing reaches the host's mounts or network.
#
#   sandbox-runner.sh SCRATCH LAYER OUT INPUT
#
# SCRATCH  an empty directory; mounts go there: SCRATCH/layer (the layer copy), SCRATCH/lower (/ without
#          submounts), and per run ID a tmpfs at
#          SCRATCH/run/ID with u (upper), w, m (the root with its /proc), stdout, stderr
# LAYER    the lower layer holding /srv/ws, /dev, the trace directory and the whiteout that hides the
#          oracle's own directory; copied to a tmpfs once per batch, as overlayfs refuses a layer nested
#          inside another (/)
# OUT      per run ID a directory OUT/ID made beforehand; receives strace files t.PID, error and status (the
#          shell's exit status as strace returned it). OUT is also mounted at TRACE_DIR inside each root,
#          where strace writes.
# INPUT    records "ID\0SHELL\0LINE\0"; the line reaches `/bin/SHELL -c` byte for byte
#
# Prints "start ID PID" when a run starts (killing PID stops the run and everything it started: the caller
# enforces the time limit) and "done ID" when it ended, then waits for a line on stdin before it goes on.
#
#   sandbox-runner.sh --probe DIR
#
# Checks, in DIR, that every step of a run works here; on failure prints one line saying which does not.
set -u
shopt -s nullglob dotglob
TRACE_DIR=/run/capfence-oracle
if [[ ${1-} == --probe ]]; then
    d=$2
    mount -t tmpfs oracle-probe "$d" 2>/dev/null || { echo "cannot mount a tmpfs in a new mount namespace"; exit 1; }
    mkdir "$d/l" "$d/u" "$d/w" "$d/m"
    mount -t overlay oracle-root -o "lowerdir=$d/l:/,upperdir=$d/u,workdir=$d/w" "$d/m" 2>/dev/null ||
        { echo "cannot mount an overlay over / (no overlayfs here)"; exit 1; }
    mount -t proc -o ro oracle-proc "$d/m/proc" 2>/dev/null ||
        { echo "cannot mount /proc inside the sandbox"; exit 1; }
    unshare --pid --fork --kill-child=SIGTERM --root="$d/m" --wd=/ \
        /usr/bin/setpriv --bounding-set=-sys_chroot /usr/bin/strace -f -qq --seccomp-bpf -o /dev/null /bin/true 2>/dev/null ||
        { echo "cannot trace a process in a new pid namespace and root (unshare --pid, strace --seccomp-bpf or setpriv refused)"; exit 1; }
    exit 0
fi

scratch=$1 out=$3 input=$4
layer=$scratch/layer lower=$scratch/lower run=$scratch/run
trace=execve,execveat,openat,open,creat,clone,clone3,fork,vfork
drop=-sys_admin,-sys_chroot,-mknod,-sys_module,-sys_rawio,-sys_boot,-sys_time,-sys_ptrace,-net_admin,-sys_resource

ids=() shells=() lines=()
while IFS= read -r -d '' id && IFS= read -r -d '' shell && IFS= read -r -d '' line; do
    ids+=("$id") shells+=("$shell") lines+=("$line")
done <"$input"

mkdir -p "$layer" "$lower" "$run" || exit 90
mount -t tmpfs -o mode=755 oracle-layer "$layer" && cp -a "$2/." "$layer/" && mkdir -p "$layer$TRACE_DIR" || exit 91
# The root file system alone, without submounts: exactly what the overlays' lowest layer shows.
mount --bind / "$lower" || exit 92
# Every run's root at once: a tmpfs (bounding what a run can write), then in it the overlay whose lowest
# layer is / without submounts, /proc, and OUT where strace writes.
tmpfs_table= root_table= points=() parts=()
for id in "${ids[@]}"; do
    r=$run/$id
    points+=("$r") parts+=("$r/u" "$r/w" "$r/m")
    tmpfs_table+="oracle-run $r tmpfs size=64m,mode=755 0 0"$'\n'
    root_table+="oracle-root $r/m overlay lowerdir=$layer:/,upperdir=$r/u,workdir=$r/w 0 0"$'\n'
    root_table+="oracle-proc $r/m/proc proc ro 0 0"$'\n'
    root_table+="$out $r/m$TRACE_DIR none bind 0 0"$'\n'
done
printf '%s' "$tmpfs_table" >"$scratch/tmpfs.fstab" && printf '%s' "$root_table" >"$scratch/roots.fstab" || exit 94
if (( ${#ids[@]} > 0 )); then
    mkdir -p "${points[@]}" && mount -a -T "$scratch/tmpfs.fstab" && mkdir "${parts[@]}" &&
        mount -a -T "$scratch/roots.fstab" || exit 93
fi

for i in "${!ids[@]}"; do
    id=${ids[i]} r=$run/${ids[i]}
    # One process chain per run, three programs before the line's: unshare makes a pid namespace and
    # enters the root; setpriv takes from the line what would let a root process leave the sandbox
    # (chroot, mount, mknod of a disk device, raw I/O, modules, ptrace, clock, reboot, network
    # administration); strace, init of the namespace, follows every process the line starts, background
    # ones too, and when it ends the kernel ends whatever is left. -E drops what this bash exports on its
    # own, so the line's shell gets the base environment only. Killing unshare (the caller's time limit)
    # sends strace SIGTERM through --kill-child: strace flushes its files and the namespace ends.
    unshare --pid --fork --kill-child=SIGTERM --root="$r/m" --wd=/srv/ws /usr/bin/setpriv --bounding-set="$drop" \
        /usr/bin/strace -ff -q --seccomp-bpf -ttt -v -y -s 65535 -e signal=none -e "trace=$trace" \
        -E PWD -E OLDPWD -E SHLVL -E _ -o "$TRACE_DIR/$id/t" "/bin/${shells[i]}" -c "${lines[i]}" \
        </dev/null >"$r/stdout" 2>"$r/stderr" &
    echo "start $id $!"
    wait $!
    echo "$?" >"$out/$id/status"
    # The caller reads stdout, stderr and the upper layer through /proc/PID/root of this process while
    # they are still mounted, then acknowledges; no copying, no extra processes per run.
    echo "done $id"
    read -r ack || exit 0
done
