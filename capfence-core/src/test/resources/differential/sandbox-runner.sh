#!/bin/bash
# Runs a batch of (line, shell) pairs for SandboxOracle, each in a fresh overlay over /.
# Started inside `unshare -m -n --propagation private` with the sandbox base environment: every mount
# below dies with this process, and nothing reaches the host's mounts or network.
#
#   sandbox-runner.sh SCRATCH LAYER OUT INPUT LIMIT
#
# SCRATCH  an empty directory; mounts go there: SCRATCH/layer (the layer copy), SCRATCH/lower (/ without
#          submounts), and per run a tmpfs at SCRATCH/run with u (upper), w, m (the root), stdout, stderr
# LAYER    the lower layer holding /srv/ws, /dev and the whiteout that hides the oracle's own directory;
#          copied to a tmpfs once per batch, as overlayfs refuses a layer nested inside another (/)
# OUT      per run ID a directory OUT/ID made beforehand; receives strace files t.PID, error, status
#          (strace's exit status, which is the shell's), and timed-out when the limit stopped the run
# INPUT    records "ID\0SHELL\0LINE\0"; the line reaches `/bin/SHELL -c` byte for byte
# LIMIT    seconds (decimal) before `timeout` stops the run
#
# Prints "done ID" after each run and waits for a line on stdin before it unmounts the run.
#
#   sandbox-runner.sh --probe DIR
#
# Checks, in DIR, that every step of a run works here; on failure prints one line saying which does not.
set -u
shopt -s nullglob dotglob

if [[ ${1-} == --probe ]]; then
    d=$2
    mount -t tmpfs oracle-probe "$d" 2>/dev/null || { echo "cannot mount a tmpfs in a new mount namespace"; exit 1; }
    mkdir "$d/l" "$d/u" "$d/w" "$d/m"
    mount -t overlay oracle-root -o "lowerdir=$d/l:/,upperdir=$d/u,workdir=$d/w" "$d/m" 2>/dev/null ||
        { echo "cannot mount an overlay over / (no overlayfs here)"; exit 1; }
    mount -t proc -o ro oracle-proc "$d/m/proc" 2>/dev/null ||
        { echo "cannot mount /proc inside the sandbox"; exit 1; }
    unshare --pid --fork --kill-child=SIGTERM strace -f -qq --seccomp-bpf -o /dev/null \
        unshare --root="$d/m" --wd=/ /usr/bin/setpriv --bounding-set=-sys_chroot /bin/true 2>/dev/null ||
        { echo "cannot trace a process in a new pid namespace and root (unshare --pid, strace --seccomp-bpf or setpriv refused)"; exit 1; }
    exit 0
fi

scratch=$1 out=$3 input=$4 limit=$5
limit_us=$(( ${limit%.*} * 1000000 ))
[[ $limit == *.* ]] && { frac=${limit#*.}000000; limit_us=$(( limit_us + 10#${frac:0:6} )); }
layer=$scratch/layer lower=$scratch/lower run=$scratch/run
m=$run/m
trace=execve,execveat,openat,open,creat,clone,clone3,fork,vfork
drop=-sys_admin,-sys_chroot,-mknod,-sys_module,-sys_rawio,-sys_boot,-sys_time,-sys_ptrace,-net_admin,-sys_resource

mkdir -p "$layer" "$lower" "$run" || exit 90
mount -t tmpfs -o mode=755 oracle-layer "$layer" && cp -a "$2/." "$layer/" || exit 91
# The root file system alone, without submounts: exactly what the overlay's lowest layer shows.
mount --bind / "$lower" || exit 92

# Records come on fd 9; stdin carries the caller's acknowledgements.
while IFS= read -r -d '' -u 9 id && IFS= read -r -d '' -u 9 shell && IFS= read -r -d '' -u 9 line; do
    o=$out/$id
    if ! { mount -t tmpfs -o size=256m,mode=755 oracle-run "$run" &&
           mkdir "$run/u" "$run/w" "$m" &&
           mount -t overlay oracle-root -o "lowerdir=$layer:/,upperdir=$run/u,workdir=$run/w" "$m" &&
           mount -t proc -o ro oracle-proc "$m/proc"; } 2>"$o/error"; then
        umount -R "$run" 2>/dev/null
        echo "done $id"
        read -r ack || exit 0
        continue
    fi
    # strace is init of a new pid namespace: it follows every process the line starts, background ones
    # too, and when it ends the kernel ends whatever is left. It stays outside the new root, so its files
    # land in OUT and -y paths carry the $m prefix. `timeout` outside the trace bounds the whole run;
    # --kill-child makes strace end (and flush) even when unshare is killed.
    # -E drops what this bash exports on its own, so the line's shell gets the base environment only.
    # setpriv takes from the line what would let a root process leave the sandbox: chroot, mount,
    # mknod (a disk device), raw I/O, modules, ptrace, clock, reboot, network administration.
    started=${EPOCHREALTIME/./}
    timeout -k 1 "$limit" unshare --pid --fork --kill-child=SIGTERM \
        strace -ff -q --seccomp-bpf -ttt -v -y -s 65535 -e signal=none -e "trace=$trace" \
        -E PWD -E OLDPWD -E SHLVL -E _ -o "$o/t" \
        unshare --root="$m" --wd=/srv/ws /usr/bin/setpriv --bounding-set="$drop" "/bin/$shell" -c "$line" \
        </dev/null >"$run/stdout" 2>"$run/stderr" 9<&-
    status=$?
    elapsed=$(( ${EPOCHREALTIME/./} - started ))
    # 124 alone could be the line's own exit status; together with the elapsed time it is the limit
    if (( status == 124 && elapsed >= limit_us )); then : >"$o/timed-out"; fi
    echo "$status" >"$o/status"
    # The caller reads stdout, stderr and the upper layer through /proc/PID/root of this process while
    # they are still mounted, then acknowledges; no copying, no extra processes per run.
    echo "done $id"
    read -r ack || exit 0
    umount "$m/proc" "$m" "$run" 2>>"$o/error" || umount -R -l "$run" 2>>"$o/error"
done 9<"$input"
