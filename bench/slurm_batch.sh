#!/usr/bin/env bash
# Slurm job-array bench (issue 15): installs Slurm from Debian's packages on this one machine (munge, slurmctld and
# slurmd on localhost, no systemd needed: the daemons are started directly), submits a manifest as a job array
# (`--shard $SLURM_ARRAY_TASK_ID/N`), waits, collects, and checks that every job's draws, summary and estimates and
# the collected table equal a local `mrp batch run` of the same manifest. Needs root (apt-get) and network access to
# Debian's mirror. Run from the repository root: bash bench/slurm_batch.sh [SHARDS] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
shards=${1:-3}
jobs=${2:-6}
shared=""
for d in .. ../.. ../../..; do [ -d "$d/shared/data" ] && { shared=$(cd "$d/shared" && pwd); break; }; done
[ -n "$shared" ] || { echo "no shared/data folder found above $(pwd)" >&2; exit 2; }

echo "== installing Slurm from Debian packages"
export DEBIAN_FRONTEND=noninteractive
command -v slurmctld >/dev/null || { apt-get update -qq && apt-get install -y -qq munge slurmctld slurmd slurm-client >/dev/null; }
slurmctld -V

echo "== starting munge, slurmctld and slurmd on localhost"
host=$(hostname -s)
[ -s /etc/munge/munge.key ] || { dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
pgrep -x munged >/dev/null || runuser -u munge -- /usr/sbin/munged
mkdir -p /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /etc/slurm
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=mrpbench
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ReturnToService=2
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
pgrep -x slurmctld >/dev/null || slurmctld -c
pgrep -x slurmd >/dev/null || slurmd
for _ in $(seq 1 30); do sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix)' && break; sleep 1; done
sinfo

echo "== building mrp and a $jobs-job manifest"
dotnet build -c Release src/MisterP.Cli >/dev/null
mrp="dotnet $(pwd)/src/MisterP.Cli/bin/Release/net10.0/mrp.dll"
work=$(mktemp -d /tmp/mrp-slurm-XXXX)
frame="$shared/data/cces2018/poststrat_df.csv"
mkdir -p "$work/data" "$work/logs"
for i in $(seq 1 "$jobs"); do
  $mrp simulate --frame "$frame" --size 500 --seed "$i" --select "1 + 2 * (age = '70+')::INT" \
    --truth-formula "y ~ male + (1|state) + (1|age)" --effects "b_Intercept=-0.3,b_male=0.3,sd_state=0.4,sd_age=0.3" \
    --out "$work/data/s$i.csv" >/dev/null
done
{
  printf '{"defaults": {"frame": "%s", "by": ["state", ""], "formula": "y ~ male + (1|state) + (1|age)", "chains": 2, "warmup": 300, "draws": 300},\n "jobs": [' "$frame"
  for i in $(seq 1 "$jobs"); do [ "$i" -gt 1 ] && printf ','; printf '{"id": "s%d", "data": "data/s%d.csv", "seed": %d}' "$i" "$i" "$i"; done
  printf ']}\n'
} > "$work/manifest.json"

echo "== submitting the manifest as a job array of $shards shards"
cat > "$work/array.sh" <<JOB
#!/bin/bash
#SBATCH --job-name=mrp-batch
#SBATCH --array=0-$((shards - 1))
#SBATCH --cpus-per-task=1
#SBATCH --output=$work/logs/mrp-%A_%a.out
$mrp batch run $work/manifest.json --out $work/slurm --shard "\${SLURM_ARRAY_TASK_ID}/$shards" --quiet
JOB
start=$(date +%s)
sbatch --wait "$work/array.sh"
echo "array finished in $(( $(date +%s) - start )) s"
sacct >/dev/null 2>&1 || true
cat "$work"/logs/*.out || true
$mrp batch collect "$work/slurm" --out "$work/slurm.csv"

echo "== local mrp batch run of the same manifest"
$mrp batch run "$work/manifest.json" --out "$work/local" --quiet
$mrp batch collect "$work/local" --out "$work/local.csv"

echo "== comparing"
same=yes
for i in $(seq 1 "$jobs"); do
  for f in fit/draws.csv fit/summary.csv estimates.csv; do
    cmp -s "$work/slurm/jobs/s$i/$f" "$work/local/jobs/s$i/$f" || { echo "DIFFERENT: s$i/$f"; same=no; }
  done
done
cmp -s "$work/slurm.csv" "$work/local.csv" || { echo "DIFFERENT: collected tables"; same=no; }
cut -d, -f1,2 "$work/slurm.status.csv"
echo "slurm array == local batch (draws, summary, estimates of all $jobs jobs and the collected table): $same"
[ "$same" = yes ]
