#!/usr/bin/env bash
# CI with a real Slurm (called by .ci/run; needs root for apt-get and the daemons): installs Debian's slurmctld, slurmd
# and munge when missing, starts a one-node cluster on this machine from a slurm.conf generated in a temporary folder
# (its own munge key and socket, its own ports: nothing of the system's configuration is touched), submits the 4-shard
# sweep of ci-sweep.yaml as an array job through sbatch with the merge job depending on it (afterok), waits for the
# merge, and insists that every merged file is byte-identical to the single-machine sweep. Then the same 4-shard run
# against PostgreSQL when BALLAST_TEST_POSTGRES names a server (a fresh database, dropped afterwards). The daemons
# started here are stopped on exit, by their pid files.
#
#   deploy/slurm/ci-test.sh [BALLAST]     BALLAST: the built CLI (default src/Hosts/Cli/bin/Debug/net10.0/ballast)
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
ballast="$(realpath "${1:-$repo/src/Hosts/Cli/bin/Debug/net10.0/ballast}")"
[ -x "$ballast" ] || { echo "ci-test.sh: no ballast at $ballast: build src/Hosts/Cli first" >&2; exit 1; }
start=$(date +%s)

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmctld slurmd munge slurm-client >/dev/null
fi

work="$(mktemp -d /tmp/ballast-slurm-ci.XXXXXX)"
chmod 700 "$work"
mkdir -p "$work/state" "$work/spool" "$work/munge" "$work/jobs"
cleanup() {
  for pid_file in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munge/munged.pid"; do
    if [ -s "$pid_file" ]; then kill "$(cat "$pid_file")" 2>/dev/null || true; fi
  done
  sleep 1
  if [ "${KEEP_SLURM_CI:-0}" != 1 ]; then rm -rf "$work"; else echo "ci-test.sh: kept $work"; fi
}
trap cleanup EXIT

# munge: a fresh key and a private socket.
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" --pid-file="$work/munge/munged.pid" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"

# A one-node cluster: this machine, as slurmd -C describes it; ports chosen from the pid so parallel runs do not clash.
node_line="$(slurmd -C | head -n 1)"
node="$(echo "$node_line" | sed -E 's/^NodeName=([^ ]+).*/\1/')"
cpus="$(echo "$node_line" | sed -E 's/.*CPUs=([0-9]+).*/\1/')"
port=$((20000 + ($$ % 5000) * 2))
cat > "$work/slurm.conf" <<CONF
ClusterName=ballastci
SlurmctldHost=$node(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPort=$port
SlurmdPort=$((port + 1))
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=ci Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -c -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 30); do
  if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then break; fi
  sleep 1
done
sinfo -h -o '%T' | grep -qE '^(idle|mixed|allocated)' || { echo "ci-test.sh: the Slurm node did not come up"; sinfo; tail -n 20 "$work"/slurm*.log; exit 1; }
echo "Slurm $(sinfo -V | awk '{print $2}'): node $node with $cpus CPU(s) is $(sinfo -h -o '%T')"

scenario="$repo/deploy/slurm/ci-sweep.yaml"
options=(--optimise lpYield --max-ruin 0.5)
"$ballast" sweep "$scenario" --threads 1 -o "$work/single" "${options[@]}" >/dev/null 2>&1

same() {
  local expected="$1" actual="$2" f
  for f in "$expected"/*; do
    cmp -s "$f" "$actual/$(basename "$f")" || { echo "ci-test.sh: $(basename "$f") of the merged run differs from the single run's"; return 1; }
  done
  echo "  byte-identical to the single-machine sweep: $(cd "$expected" && ls | tr '\n' ' ')"
}

# Waits for a job to end (polling every second: sbatch --wait backs off to tens of seconds; finished jobs stay visible
# to scontrol for MinJobAge, 300 s) and prints its final state.
wait_for_job() {
  local state=""
  for _ in $(seq 1 240); do
    state="$(scontrol show job "$1" 2>/dev/null | sed -nE 's/.*JobState=([A-Z_]+).*/\1/p')"
    case "$state" in COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) break ;; esac
    sleep 1
  done
  echo "$state"
}

run_through_slurm() {
  local results="$1" out="$2" runner="${3:-$ballast}"
  local submitted merge state
  submitted="$(cd "$work/jobs" && "$repo/deploy/slurm/submit.sh" --kind sweep --scenario "$scenario" --shards 4 --results "$results" --out "$out" \
     --ballast "$runner" -- "${options[@]}")"
  echo "$submitted" | sed 's/^/  /'
  merge="$(echo "$submitted" | sed -nE 's/^merge job ([0-9]+):.*/\1/p')"
  state="$(wait_for_job "$merge")"
  echo "  merge job $merge: $state"
  "$ballast" status "$results" | sed 's/^/  /' || true
  [ "$state" = COMPLETED ]
}

echo "4-shard sweep through sbatch, shards in a shared folder:"
run_through_slurm "$work/shards" "$work/merged-folder" || { echo "ci-test.sh: the merge job did not complete"; tail -n 20 "$work"/jobs/*.out; exit 1; }
same "$work/single" "$work/merged-folder"

# A node that dies under shard 2: its process is killed mid-run. The afterok merge must never run (Slurm cancels it),
# status must show the shard unfinished, and a rerun of that one task must give the same merged bytes.
cat > "$work/dies-once" <<WRAPPER
#!/bin/bash
if [ "\$SLURM_ARRAY_TASK_ID" = 2 ] && mkdir "$work/died" 2>/dev/null; then
  "$ballast" "\$@" & sleep 2; kill -9 \$!; exit 137
fi
exec "$ballast" "\$@"
WRAPPER
chmod +x "$work/dies-once"
echo "4-shard sweep through sbatch, shard 2's process killed:"
if run_through_slurm "$work/shards-killed" "$work/merged-killed" "$work/dies-once"; then echo "ci-test.sh: the merge ran although shard 2 died"; exit 1; fi
[ ! -e "$work/merged-killed" ] || { echo "ci-test.sh: a merged folder exists although shard 2 died"; exit 1; }
rerun="$(cd "$work/jobs" && KIND=sweep SCENARIO="$scenario" SHARDS=4 PATHS="" RESULTS="$work/shards-killed" BALLAST="$ballast" \
  BALLAST_ARGS="${options[*]}" sbatch --parsable --export=ALL --array=2 "$repo/deploy/slurm/shard.sbatch")"
merge="$(cd "$work/jobs" && RESULTS="$work/shards-killed" OUT="$work/merged-killed" BALLAST="$ballast" \
  sbatch --parsable --export=ALL --dependency="afterok:${rerun%%;*}" "$repo/deploy/slurm/merge.sbatch")"
state="$(wait_for_job "${merge%%;*}")"
echo "  rerun of shard 2 (job ${rerun%%;*}) and merge (job ${merge%%;*}): $state"
[ "$state" = COMPLETED ] || { echo "ci-test.sh: the merge after the rerun ended $state"; tail -n 20 "$work"/jobs/*.out; exit 1; }
same "$work/single" "$work/merged-killed"

if [ -n "${BALLAST_TEST_POSTGRES:-}" ]; then
  db="ballast_slurm_ci_$$"
  su postgres -c "psql -qc 'CREATE DATABASE $db OWNER ballast'" >/dev/null
  pg="$(echo "$BALLAST_TEST_POSTGRES" | sed -E "s/Database=[^;]*/Database=$db/")"
  echo "4-shard sweep through sbatch, shards in PostgreSQL ($db):"
  set +e
  run_through_slurm "$pg" "$work/merged-postgres" && same "$work/single" "$work/merged-postgres"
  code=$?
  set -e
  su postgres -c "psql -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)'" >/dev/null
  [ $code = 0 ] || exit $code
else
  echo "BALLAST_TEST_POSTGRES is not set: the PostgreSQL variant is left out (.ci/run sets it)"
fi
echo "Slurm CI passed in $(( $(date +%s) - start )) s"
