#!/usr/bin/env bash
# Stops the running job(s) of the cluster with a savepoint (flink stop: the job takes a final
# checkpoint into execution.checkpointing.savepoint-dir, its sources stop, SQS deletes for that
# checkpoint run, tasks finish), then stops the cluster's processes. The savepoint is what resume.sh
# (or submit.sh -s) starts the next version of the job from.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 << 'USAGE'
usage: stop.sh [-j JOB_ID] [-p SAVEPOINT_DIR] [-k]
  -j JOB_ID         stop this job (default: every running job)
  -p SAVEPOINT_DIR  where to write the savepoint (default: execution.checkpointing.savepoint-dir)
  -k                keep the cluster running (to resubmit an upgraded jar at once)
If a savepoint fails, the job keeps running and the cluster is left up: retry, or fall back to the
last retained checkpoint (resume.sh finds it).
USAGE
    exit 2
}

jobs=()
savepoint_dir=""
keep_cluster=false
while [ $# -gt 0 ]; do
    case "$1" in
        -j)
            [ $# -ge 2 ] || usage
            jobs+=("$2")
            shift 2
            ;;
        -p)
            [ $# -ge 2 ] || usage
            savepoint_dir="$2"
            shift 2
            ;;
        -k)
            keep_cluster=true
            shift
            ;;
        *) usage ;;
    esac
done

client_conf_dir > /dev/null # fails early without a cluster configuration
if [ ${#jobs[@]} -eq 0 ]; then
    listing="$(flink_cli list -r 2>&1)" || {
        echo "$listing" >&2
        die "cannot list the running jobs (is the cluster up?)"
    }
    mapfile -t jobs < <(printf '%s\n' "$listing" | sed -n 's/.* : \([0-9a-f]\{32\}\) : .*(RUNNING)$/\1/p')
fi
if [ ${#jobs[@]} -eq 0 ]; then
    info "No running job."
fi
stop_opts=(--type canonical)
if [ -n "$savepoint_dir" ]; then
    stop_opts+=(--savepointPath "$savepoint_dir")
fi
mkdir -p "$JOBS_DIR"
for job in "${jobs[@]}"; do
    info "Stopping job $job with a savepoint ..."
    output="$(flink_cli stop "${stop_opts[@]}" "$job" 2>&1)" || {
        echo "$output" >&2
        die "stop-with-savepoint of $job failed; the cluster stays up (client log:" \
            "$LOG_DIR/flink-client.log)"
    }
    path="$(printf '%s\n' "$output" | sed -n 's/^Savepoint completed\. Path: //p' | tail -n 1)"
    [ -n "$path" ] || {
        echo "$output" >&2
        die "no savepoint path reported for $job"
    }
    echo "$path" > "$JOBS_DIR/$job.savepoint"
    echo "Job $job stopped; savepoint: $path"
done
if ! $keep_cluster && [ -f "$CONF_DIR/config.yaml" ]; then
    "$CLUSTER_SCRIPTS/stop-cluster.sh"
fi
