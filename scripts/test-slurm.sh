#!/usr/bin/env bash
# A real test against Slurm: installs Slurm from Debian's packages, starts a single-node
# cluster on this machine, runs a sharded sweep as a job array with `sbatch`, merges it
# through the dependent merge job, and checks the merged store against a local run of the
# same sweep. Then a job that hits its time limit: Slurm sends SIGTERM, accord commits its
# finished runs and exits 143, the shard store verifies, and the task resubmitted (it resumes)
# completes a store equal to a local run. Needs root (it installs packages and starts
# daemons). Stops the daemons on exit.
#
#   scripts/test-slurm.sh            # 4 shards of a 60-run sweep, then the time limit (about 5 minutes)
#   SHARDS=8 REPLICATES=50 scripts/test-slurm.sh   # larger
#   TL_REPLICATES=300 scripts/test-slurm.sh        # more work for the time-limit job (fast machines)
#   KEEP=1 scripts/test-slurm.sh     # keep the scratch directory (logs, stores)
#   ACCORD=/path/to/accord scripts/test-slurm.sh   # that binary (absolute path) instead of a release build
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARDS=${SHARDS:-4}
REPLICATES=${REPLICATES:-10}
# Replicates of each of two points of the 10,000-agent benchmark world (about 0.5 s a run in
# a release build): enough to outlast a one-minute limit on one CPU.
TL_REPLICATES=${TL_REPLICATES:-150}
WORK=$(mktemp -d /tmp/accord-slurm.XXXXXX)
export DEBIAN_FRONTEND=noninteractive

say() { echo "test-slurm: $*" >&2; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  say "installing slurmctld, slurmd, munge and slurm-client"
  apt-get update -qq
  apt-get install -y -qq slurmctld slurmd munge slurm-client >/dev/null
fi
scripts/bootstrap.sh
if [ -z "${ACCORD:-}" ]; then
  say "building accord (release)"
  swift build -c release --product accord >/dev/null
  ACCORD="$ROOT/.build/release/accord"
fi

HOST=$(hostname -s)
CPUS=$(nproc)
MEM=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
mkdir -p "$WORK/state" "$WORK/spool" "$WORK/run"
export SLURM_CONF="$WORK/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=accordtest
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/run/slurmctld.pid
SlurmdPidFile=$WORK/run/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
KillWait=30
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF

stop() {
  say "stopping the daemons"
  for pidfile in "$WORK/run/slurmd.pid" "$WORK/run/slurmctld.pid"; do
    if [ -f "$pidfile" ]; then kill "$(cat "$pidfile")" 2>/dev/null || true; fi
  done
  if [ -n "${MUNGE_PID:-}" ]; then kill "$MUNGE_PID" 2>/dev/null || true; fi
  sleep 1
  if [ "${KEEP:-0}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap stop EXIT

say "starting munged, slurmctld and slurmd on $HOST ($CPUS CPUs)"
if [ ! -s /etc/munge/munge.key ]; then
  mungekey --create --keyfile /etc/munge/munge.key 2>/dev/null \
    || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
fi
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/lib/munge /var/log/munge && chown munge:munge /run/munge /var/lib/munge /var/log/munge
if ! munge -n </dev/null >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged
  MUNGE_PID=$(cat /run/munge/munged.pid 2>/dev/null || true)
fi
munge -n </dev/null | unmunge >/dev/null
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 60); do
  if sinfo -h -o %t 2>/dev/null | grep -qE '^idle'; then break; fi
  sleep 1
done
sinfo -h -o '%P %t %D %c' | grep -q idle || { say "the node never became idle"; cat "$WORK"/*.log >&2; exit 1; }

cat > "$WORK/sweep.yaml" <<SWEEP
base: $ROOT/Configs/examples/quickstart.yaml
replicates: $REPLICATES
seed: 7
keep: timeseries
every: 10
factors:
  theta: [0.6, 0.8]
  evidence.trials: [0, 5, 10]
SWEEP

say "writing the job scripts: $SHARDS shards"
"$ACCORD" sweep slurm "$WORK/sweep.yaml" --shards "$SHARDS" --cpus-per-task 1 \
  --time 00:10:00 --partition debug --out "$WORK/cluster"
for script in shards.sbatch merge.sbatch submit.sh; do bash -n "$WORK/cluster/$script"; done
bash "$WORK/cluster/submit.sh"
read -r ARRAY MERGE < "$WORK/cluster/jobs.txt"
say "waiting for jobs $ARRAY (array) and $MERGE (merge)"
for _ in $(seq 600); do
  if [ -z "$(squeue -h -j "$ARRAY,$MERGE" 2>/dev/null)" ]; then break; fi
  sleep 1
done
if [ -n "$(squeue -h -j "$ARRAY,$MERGE" 2>/dev/null)" ]; then
  say "jobs still queued after 10 minutes"; squeue >&2; exit 1
fi
if [ ! -f "$WORK/cluster/merged/sweep.sqlite" ]; then
  say "no merged store; logs:"; tail -n 20 "$WORK"/cluster/logs/* "$WORK"/*.log >&2; exit 1
fi
for k in $(seq 0 $((SHARDS - 1))); do "$ACCORD" sweep status "$WORK/cluster/shard-$k"; done
cat "$WORK/cluster/logs/merge.out"

say "running the same sweep locally and comparing"
"$ACCORD" sweep run "$WORK/sweep.yaml" --out "$WORK/local" >/dev/null 2>&1
for table in runs timeseries; do
  "$ACCORD" export "$WORK/local" --table "$table" --to csv --out "$WORK/local-$table.csv"
  "$ACCORD" export "$WORK/cluster/merged" --table "$table" --to csv --out "$WORK/merged-$table.csv"
  if ! cmp -s "$WORK/local-$table.csv" "$WORK/merged-$table.csv"; then
    say "FAIL: table $table differs between the Slurm run and the local run"
    diff "$WORK/local-$table.csv" "$WORK/merged-$table.csv" | head >&2
    exit 1
  fi
  say "table $table: $(($(wc -l < "$WORK/local-$table.csv") - 1)) rows, identical"
done
say "PASS: $SHARDS shards on Slurm, merged, equal to the local run"

# A job that reaches its time limit: Slurm sends SIGTERM (then SIGKILL after KillWait).
cat > "$WORK/limit.yaml" <<SWEEP
base: $ROOT/Configs/bench/large.yaml
replicates: $TL_REPLICATES
seed: 11
factors:
  theta: [0.6, 0.8]
SWEEP
"$ACCORD" sweep slurm "$WORK/limit.yaml" --shards 1 --cpus-per-task 1 \
  --time 00:01:00 --partition debug --out "$WORK/limit"
bash "$WORK/limit/submit.sh" >/dev/null
read -r ARRAY MERGE < "$WORK/limit/jobs.txt"
say "time limit: job $ARRAY has one minute for $((2 * TL_REPLICATES)) runs of 10,000 agents"
wait_for() { # job ids (comma-separated), seconds
  for _ in $(seq "$2"); do
    if [ -z "$(squeue -h -j "$1" 2>/dev/null)" ]; then return 0; fi
    sleep 1
  done
  say "job $1 still queued after $2 seconds"; squeue >&2; exit 1
}
wait_for "$ARRAY" 300
STATE=$(scontrol show job "$ARRAY" | tr ' ' '\n' | grep -E '^(JobState|ExitCode)=' | tr '\n' ' ')
say "after the limit: $STATE"
if ! grep -q 'JobState=TIMEOUT' <<<"$STATE"; then
  say "FAIL: the job did not reach its time limit (raise TL_REPLICATES)"
  cat "$WORK/limit/logs/shard-0.out" >&2; exit 1
fi
if ! grep -q 'ExitCode=143:0' <<<"$STATE"; then
  say "FAIL: accord did not exit with status 143 on SIGTERM"; cat "$WORK/limit/logs/shard-0.out" >&2; exit 1
fi
grep -q '^stopped: ' "$WORK/limit/logs/shard-0.out" \
  || { say "FAIL: no 'stopped:' line in the log"; cat "$WORK/limit/logs/shard-0.out" >&2; exit 1; }
"$ACCORD" sweep verify "$WORK/limit/shard-0" >&2
STOPPED=$(sed -n 's/^stopped: \([0-9]*\) runs this time.*/\1/p' "$WORK/limit/logs/shard-0.out")
"$ACCORD" export "$WORK/limit/shard-0" --table runs --to csv --out "$WORK/limit-partial.csv" 2>/dev/null
DONE=$(($(wc -l < "$WORK/limit-partial.csv") - 1))
say "the shard store verifies, with $DONE of $((2 * TL_REPLICATES)) runs committed ($STOPPED reported)"
[ "$DONE" -gt 0 ] && [ "$DONE" -lt $((2 * TL_REPLICATES)) ] && [ "$DONE" = "$STOPPED" ] \
  || { say "FAIL: expected some but not all runs committed, as reported; found $DONE"; exit 1; }
# The merge waited on a shard that failed: cancel it, resubmit the task (its script adds
# --resume as the store exists) with a longer limit and every CPU, then merge.
scancel "$MERGE"
RESUMED=$(cd "$WORK/limit" && sbatch --parsable --time=00:20:00 --cpus-per-task="$CPUS" --array=0 shards.sbatch)
RESUMED=${RESUMED%%;*}
MERGED=$(cd "$WORK/limit" && sbatch --parsable --dependency=afterok:"$RESUMED" merge.sbatch)
MERGED=${MERGED%%;*}
say "resubmitted as job $RESUMED (merge: job $MERGED)"
wait_for "$RESUMED,$MERGED" 1200
if [ ! -f "$WORK/limit/merged/sweep.sqlite" ]; then
  say "FAIL: no merged store after the resubmission; logs:"; tail -n 20 "$WORK"/limit/logs/* >&2; exit 1
fi
tail -n 2 "$WORK/limit/logs/shard-0.out" >&2
"$ACCORD" sweep verify "$WORK/limit/merged" >&2
say "running the time-limited sweep locally and comparing"
"$ACCORD" sweep run "$WORK/limit.yaml" --jobs "$CPUS" --out "$WORK/limit-local" >/dev/null 2>&1
"$ACCORD" export "$WORK/limit-local" --table runs --to csv --out "$WORK/limit-local.csv"
"$ACCORD" export "$WORK/limit/merged" --table runs --to csv --out "$WORK/limit-merged.csv"
if ! cmp -s "$WORK/limit-local.csv" "$WORK/limit-merged.csv"; then
  say "FAIL: the resumed sweep differs from the local run"
  diff "$WORK/limit-local.csv" "$WORK/limit-merged.csv" | head >&2
  exit 1
fi
say "PASS: time limit (SIGTERM, exit 143, $DONE runs committed, store verified), resumed to $(($(wc -l < "$WORK/limit-local.csv") - 1)) runs equal to the local run"
