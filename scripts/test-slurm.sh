#!/usr/bin/env bash
# A real test against Slurm: installs Slurm from Debian's packages, starts a single-node
# cluster on this machine, runs a sharded sweep as a job array with `sbatch`, merges it
# through the dependent merge job, and checks the merged store against a local run of the
# same sweep. Needs root (it installs packages and starts daemons). Stops the daemons on exit.
#
#   scripts/test-slurm.sh            # 4 shards of a 60-run sweep (a few minutes)
#   SHARDS=8 REPLICATES=50 scripts/test-slurm.sh   # larger
#   KEEP=1 scripts/test-slurm.sh     # keep the scratch directory (logs, stores)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARDS=${SHARDS:-4}
REPLICATES=${REPLICATES:-10}
WORK=$(mktemp -d /tmp/accord-slurm.XXXXXX)
export DEBIAN_FRONTEND=noninteractive

say() { echo "test-slurm: $*" >&2; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
  say "installing slurmctld, slurmd, munge and slurm-client"
  apt-get update -qq
  apt-get install -y -qq slurmctld slurmd munge slurm-client >/dev/null
fi
scripts/bootstrap.sh
say "building accord (release)"
swift build -c release --product accord >/dev/null
ACCORD="$ROOT/.build/release/accord"

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
