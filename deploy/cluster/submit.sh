#!/usr/bin/env bash
# Submits the image-ingest job with Flink's CLI, detached, to the cluster started by start-cluster.sh
# (configuration in $FLINK_CLUSTER_DIR/conf) or, with FLINK_HOME set and no such cluster, to the
# session cluster that $FLINK_HOME/conf (or FLINK_CONF_DIR) points at. Prints the job id; records the job's arguments in $FLINK_CLUSTER_DIR/jobs/ so resume.sh
# can resubmit the job with the same configuration.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 << 'USAGE'
usage: submit.sh [-s SNAPSHOT] [-n] [JOB ARGUMENTS ...]
  -s SNAPSHOT   start from this savepoint or retained checkpoint directory (flink run -s)
  -n            allow snapshot state that no operator claims (--allowNonRestoredState)
JOB ARGUMENTS   --config FILE and --key value overrides (see README "Configuration"); without
                --config, flink-conf/image-ingest.properties is used.
examples:
  deploy/cluster/submit.sh --config my-job.properties
  deploy/cluster/submit.sh --sqs.queue-url https://sqs.ap-northeast-1.amazonaws.com/123456789012/q
USAGE
    exit 2
}

snapshot=""
allow_non_restored=false
job_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        -s)
            [ $# -ge 2 ] || usage
            snapshot="$2"
            shift 2
            ;;
        -n)
            allow_non_restored=true
            shift
            ;;
        -h | --help) usage ;;
        --config)
            [ $# -ge 2 ] || usage
            job_args+=("--config" "$(realpath "$2")")
            shift 2
            ;;
        --config=*)
            job_args+=("--config" "$(realpath "${1#--config=}")")
            shift
            ;;
        --*)
            job_args+=("$1")
            shift
            ;;
        *)
            # a value of the previous --key
            [ ${#job_args[@]} -gt 0 ] || usage
            job_args+=("$1")
            shift
            ;;
    esac
done
has_config=false
for arg in "${job_args[@]}"; do
    if [ "$arg" = "--config" ]; then
        has_config=true
    fi
done
if ! $has_config; then
    job_args=("--config" "$PROJECT_CONF_DIR/image-ingest.properties" "${job_args[@]}")
fi

client_conf_dir > /dev/null # fails early without a cluster configuration
jar="$(job_jar)"
run_opts=(-d)
if [ -n "$snapshot" ]; then
    run_opts+=(-s "$snapshot")
fi
if $allow_non_restored; then
    run_opts+=(--allowNonRestoredState)
fi
output="$(mktemp)"
trap 'rm -f "$output"' EXIT
if ! flink_cli run "${run_opts[@]}" -c "$JOB_CLASS" "$jar" "${job_args[@]}" 2>&1 | tee "$output"; then
    die "submission failed (client log: $LOG_DIR/flink-client.log)"
fi
job_id="$(sed -n 's/.*JobID \([0-9a-f]\{32\}\).*/\1/p' "$output" | tail -n 1)"
[ -n "$job_id" ] || die "the CLI reported no job id (client log: $LOG_DIR/flink-client.log)"
mkdir -p "$JOBS_DIR"
(umask 077 && printf '%s\0' "${job_args[@]}" > "$JOBS_DIR/$job_id.args")
echo "$job_id" > "$JOBS_DIR/last"
info "Job $job_id submitted${snapshot:+ from $snapshot}; web UI" \
    "http://$(conf_get rest.address localhost):$(conf_get rest.port 8081)/#/job/running/$job_id"
