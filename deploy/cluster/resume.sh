#!/usr/bin/env bash
# Resubmits the job from its latest completed checkpoint or savepoint: after stop.sh, after an
# upgrade, or after a JobManager crash. Searches the cluster's execution.checkpointing.dir
# (<dir>/<job id>/chk-<n>/_metadata) and execution.checkpointing.savepoint-dir
# (savepoint-*/_metadata) and takes the newest; then runs submit.sh -s <that path>.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 << 'USAGE'
usage: resume.sh [-j JOB_ID] [-n] [--list] [JOB ARGUMENTS ...]
  -j JOB_ID       only snapshots of this job
  -n              allow snapshot state that no operator claims (--allowNonRestoredState)
  --list          print every snapshot found (oldest first) and exit
JOB ARGUMENTS     as for submit.sh; without any, the arguments the snapshot's job was submitted
                  with (recorded by submit.sh) are used again.
USAGE
    exit 2
}

job_filter=()
submit_opts=()
list=false
job_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        -j)
            [ $# -ge 2 ] || usage
            job_filter=(--job-id "$2")
            shift 2
            ;;
        -n)
            submit_opts+=(-n)
            shift
            ;;
        --list)
            list=true
            shift
            ;;
        -h | --help) usage ;;
        *)
            job_args+=("$1")
            shift
            ;;
    esac
done

client_conf_dir > /dev/null # fails early without a cluster configuration
jar="$(job_jar)"
read -r -a opts <<< "$(java_opts client)"
finder=("$(java_bin)" "${opts[@]}" -classpath "$(flink_classpath):$jar" "$SNAPSHOT_TOOL"
    --conf-dir "$(client_conf_dir)" "${job_filter[@]}")
if dist_mode; then
    export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$FLINK_HOME/plugins}"
fi
if $list; then
    exec "${finder[@]}" --all
fi
found="$("${finder[@]}")" || die "nothing to resume from; start the job fresh with submit.sh"
IFS=$'\t' read -r kind job path <<< "$found"
info "Latest $kind: $path (job $job)"

if [ ${#job_args[@]} -eq 0 ]; then
    args_file="$JOBS_DIR/$job.args"
    if [ ! -f "$args_file" ]; then
        # a savepoint's name keeps only the first six characters of the job id
        candidates=("$JOBS_DIR/$job"*.args)
        if [ ${#candidates[@]} -eq 1 ] && [ -f "${candidates[0]}" ]; then
            args_file="${candidates[0]}"
        fi
    fi
    [ -f "$args_file" ] || die "no recorded arguments for job $job: pass the job arguments"
    mapfile -d '' -t job_args < "$args_file"
    info "Using the arguments job $job was submitted with: ${job_args[*]}"
fi
exec "$CLUSTER_SCRIPTS/submit.sh" "${submit_opts[@]}" -s "$path" "${job_args[@]}"
