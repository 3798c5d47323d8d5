#!/usr/bin/env bash
# Stops every TaskManager and the JobManager of the cluster in $FLINK_CLUSTER_DIR. Running jobs are
# not stopped first: use stop.sh to end them with a savepoint (it calls this script afterwards).
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ $# -gt 0 ]; then
    echo "usage: stop-cluster.sh   (stops the processes; stop.sh first ends jobs with a savepoint)" >&2
    exit 2
fi
"$CLUSTER_SCRIPTS/taskmanager.sh" stop-all
"$CLUSTER_SCRIPTS/jobmanager.sh" stop
info "Cluster in $CLUSTER_DIR stopped."
