#!/usr/bin/env bash
# Starts a Flink 1.20 standalone session cluster on this machine: one JobManager and N TaskManagers,
# configured by flink-conf/config.yaml plus `-D key=value` overrides. Uses $FLINK_HOME when set,
# otherwise the Flink runtime resolved from Maven (deploy/cluster/pom.xml). State (effective
# configuration, logs, pid files) goes to $FLINK_CLUSTER_DIR (default <repo>/.flink-cluster).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 << 'USAGE'
usage: start-cluster.sh [-n TASKMANAGERS] [-D key=value ...]
  -n N             TaskManagers to start (default 1)
  -D key=value     overrides a key of flink-conf/config.yaml for this cluster, e.g.
                   -D execution.checkpointing.dir=file:///var/lib/flink/checkpoints
examples:
  deploy/cluster/start-cluster.sh
  FLINK_HOME=/opt/flink-1.20.1 deploy/cluster/start-cluster.sh -n 2 -D parallelism.default=4
USAGE
    exit 2
}

taskmanagers=1
split_dynamic_props "$@"
set -- "${REST_ARGS[@]}"
while [ $# -gt 0 ]; do
    case "$1" in
        -n)
            if [ $# -lt 2 ] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
                usage
            fi
            taskmanagers="$2"
            shift 2
            ;;
        -h | --help) usage ;;
        *) usage ;;
    esac
done

if pid_alive "$PID_DIR/jobmanager.pid"; then
    die "a cluster is already running in $CLUSTER_DIR (stop it with stop-cluster.sh)"
fi
prepare_conf "${DYNAMIC_PROPS[@]}"
if dist_mode; then
    info "Starting Flink from $FLINK_HOME with the configuration in $CONF_DIR"
else
    info "Starting Flink (Maven-resolved runtime) with the configuration in $CONF_DIR"
fi
"$CLUSTER_SCRIPTS/jobmanager.sh" start
for ((i = 0; i < taskmanagers; i++)); do
    "$CLUSTER_SCRIPTS/taskmanager.sh" start
done
info "Cluster started; logs in $LOG_DIR. Submit the job with deploy/cluster/submit.sh."
