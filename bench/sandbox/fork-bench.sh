#!/bin/bash
# Forks per second of a trivial classic function (cat, empty stdin), sequentially, direct and in
# the sandbox Sandbox.wrap builds (same bwrap arguments), and behind the cgroup join.
N=${N:-300}
args=(/usr/bin/bwrap --unshare-pid --unshare-ipc)
for d in /usr /bin /sbin /lib /lib32 /lib64 /libx32 /etc /opt; do
  if [ -L "$d" ]; then args+=(--symlink "$(readlink "$d")" "$d"); elif [ -d "$d" ]; then args+=(--ro-bind "$d" "$d"); fi
done
args+=(--proc /proc --dev /dev --tmpfs /tmp --dir /var/openfaas/secrets --chdir /tmp --)
run() { local s=$(date +%s.%N); for ((i=0;i<N;i++)); do "$@" cat </dev/null >/dev/null; done; local e=$(date +%s.%N); echo "$(echo "$N / ($e - $s)" | bc -l | xargs printf '%.0f')"; }
echo "direct: $(run) forks/s"
echo "bwrap:  $(run "${args[@]}") forks/s"
echo "prlimit+bwrap: $(run /usr/bin/prlimit --as=134217728 -- "${args[@]}") forks/s"
# As the gateway starts a call with cgroups (v1 here): /bin/sh joins the call's cgroups (memory
# limit, CPU quota, pids limit), then execs bwrap. The gateway makes, reads and removes each call's
# cgroups with plain system calls (a few microseconds each), so one set is made once here and the
# per-call cost measured is the join.
join='n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done; exec "$@"'
hier=(/sys/fs/cgroup/cpu /sys/fs/cgroup/cpuacct /sys/fs/cgroup/memory /sys/fs/cgroup/pids)
if mkdir "${hier[0]}/edgeway-bench" 2>/dev/null; then
  procs=()
  for h in "${hier[@]}"; do mkdir -p "$h/edgeway-bench"; procs+=("$h/edgeway-bench/cgroup.procs"); done
  echo 134217728 > /sys/fs/cgroup/memory/edgeway-bench/memory.limit_in_bytes
  echo 50000 > /sys/fs/cgroup/cpu/edgeway-bench/cpu.cfs_quota_us
  echo 1024 > /sys/fs/cgroup/pids/edgeway-bench/pids.max
  echo "cgroup+bwrap: $(run /bin/sh -c "$join" edgeway-cgroup 4 "${procs[@]}" "${args[@]}") forks/s"
  for h in "${hier[@]}"; do rmdir "$h/edgeway-bench"; done
else
  echo "cgroup+bwrap: skipped (no writable cgroup v1 cpu hierarchy at ${hier[0]})"
fi
