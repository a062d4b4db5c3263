#!/usr/bin/env bash
# Times `dealboard sync` between two machines (two clones of a local bare remote) when each has
# N new events the other lacks: the first sync sends N, the second sends N and takes N, the
# third takes N. Prints the median of RUNS rounds and the load average; asserts nothing.
#
#   scripts/bench-sync.sh [N=1000] [RUNS=3]      (uses the release build: swift build -c release)
set -euo pipefail
N=${1:-1000}
RUNS=${2:-3}
B=${B:-$(cd "$(dirname "$0")/.." && swift build -c release --show-bin-path)/dealboard}
[ -x "$B" ] || { echo "build first: swift build -c release" >&2; exit 2; }
export DEALBOARD_SNAPSHOT=off TZ=UTC
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ms() { python3 -c "import sys; print(round((float(sys.argv[2]) - float(sys.argv[1])) * 1000))" "$1" "$2"; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
firsts=() boths=() lasts=()
for run in $(seq 1 "$RUNS"); do
    d=$work/$run
    mkdir -p "$d"
    git init --quiet --bare "$d/remote.git"
    "$B" init --git "$d/remote.git" --board "$d/a" >/dev/null
    "$B" add "Shared" --company Acme --amount 1000 --board "$d/a" >/dev/null
    "$B" sync --board "$d/a" >/dev/null
    "$B" init --git "$d/remote.git" --board "$d/b" >/dev/null
    # N events on each machine, written apart (each `log` is a whole process).
    for i in $(seq 1 "$N"); do echo "a $i"; done | while read -r who i; do "$B" log 1 note "from $who $i" --board "$d/a" >/dev/null; done
    for i in $(seq 1 "$N"); do echo "b $i"; done | while read -r who i; do "$B" log 1 note "from $who $i" --board "$d/b" >/dev/null; done
    t0=$(date +%s.%N); "$B" sync --board "$d/a" >/dev/null
    t1=$(date +%s.%N); "$B" sync --board "$d/b" >/dev/null
    t2=$(date +%s.%N); "$B" sync --board "$d/a" >/dev/null
    t3=$(date +%s.%N)
    firsts+=("$(ms "$t0" "$t1")") boths+=("$(ms "$t1" "$t2")") lasts+=("$(ms "$t2" "$t3")")
    cmp <("$B" list --all --format json --board "$d/a") <("$B" list --all --format json --board "$d/b") >/dev/null || echo "run $run: the two boards differ!"
done
echo "sync, $N new events on each side, local bare remote, median of $RUNS (load: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "  first machine sends $N:                 $(median "${firsts[@]}") ms   [${firsts[*]}]"
echo "  second machine sends $N and takes $N:   $(median "${boths[@]}") ms   [${boths[*]}]"
echo "  first machine takes $N:                 $(median "${lasts[@]}") ms   [${lasts[*]}]"
