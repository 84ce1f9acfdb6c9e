#!/bin/bash
# Forks per second of a trivial classic function (cat, empty stdin), sequentially, direct and in
# the sandbox Sandbox.wrap builds (same bwrap arguments).
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
