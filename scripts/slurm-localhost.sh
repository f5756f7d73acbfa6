#!/usr/bin/env bash
# A single-node Slurm cluster on localhost, for the sweep backend tests (Debian 12, as root).
#   scripts/slurm-localhost.sh start DIR   # writes DIR/slurm.conf, starts munged, slurmctld, slurmd
#   scripts/slurm-localhost.sh stop DIR
# Clients need SLURM_CONF=DIR/slurm.conf in their environment.
set -euo pipefail
cmd=${1:?usage: slurm-localhost.sh start|stop DIR}
dir=${2:?usage: slurm-localhost.sh start|stop DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
conf="$dir/slurm.conf"

stop_pidfile() {
  local f=$1
  [ -f "$f" ] || return 0
  local pid
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$f"
}

case "$cmd" in
  start)
    for p in slurmctld slurmd slurm-client munge; do
      dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
        echo "slurm-localhost: package $p is missing (bash scripts/setup.sh --sweep installs it)" >&2; exit 1; }
    done
    mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/run"
    if ! pgrep -x munged >/dev/null; then
      mkdir -p /run/munge && chown munge:munge /run/munge
      runuser -u munge -- /usr/sbin/munged
    fi
    munge -n | unmunge >/dev/null
    host=$(hostname -s)
    cat >"$conf" <<CONF
ClusterName=modisim-test
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MinJobAge=10
ReturnToService=2
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
    export SLURM_CONF="$conf"
    slurmctld -f "$conf" -i
    slurmd -f "$conf"
    for _ in $(seq 150); do
      state=$(sinfo -h -o %T 2>/dev/null | head -1 || true)
      [ "$state" = "idle" ] && { echo "slurm-localhost: up ($conf)"; exit 0; }
      sleep 0.2
    done
    echo "slurm-localhost: the node did not become idle; see $dir/log" >&2
    exit 1
    ;;
  stop)
    stop_pidfile "$dir/run/slurmd.pid"
    stop_pidfile "$dir/run/slurmctld.pid"
    ;;
  *) echo "usage: slurm-localhost.sh start|stop DIR" >&2; exit 2 ;;
esac
