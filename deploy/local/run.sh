#!/usr/bin/env bash
# Runs the production job (ImageIngestJob's graph) on this machine without a cluster: a local
# MiniCluster in one JVM, logs on the console, the web UI on http://localhost:8081, checkpoints and
# savepoints under ./local-state, and on restart an automatic resume from the latest one. For small
# backfills and for trying the job against real AWS. Ctrl-C stops the job with a savepoint.
set -euo pipefail
# shellcheck source=../cluster/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../cluster/common.sh"

usage() {
    cat >&2 << 'USAGE'
usage: deploy/local/run.sh [-D flink.key=value ...] [--local.state-dir DIR] [--local.resume false]
                           [--config FILE] [--job.key value ...]
  -D key=value           a Flink setting, e.g. -D rest.port=8082, -D parallelism.default=4,
                         -D execution.checkpointing.interval=30s
  --local.state-dir DIR  checkpoints and savepoints (default ./local-state)
  --local.resume false   start fresh instead of resuming from the latest checkpoint/savepoint
  --config FILE, --key value
                         the job's configuration (README "Configuration"); without --config,
                         flink-conf/image-ingest.properties is used
Environment: RUNNER_HEAP (default 2g; needs parallelism x (fetch.in-flight-bytes + 128 MB) + 512 MB),
             JAVA_HOME, JOB_JAR, MVN.
USAGE
    exit 2
}

has_config=false
for arg in "$@"; do
    case "$arg" in
        -h | --help) usage ;;
        --config | --config=*) has_config=true ;;
    esac
done
args=("$@")
if ! $has_config; then
    args=("${args[@]}" --config "$PROJECT_CONF_DIR/image-ingest.properties")
fi

jar="$(job_jar)"
cp="$(flink_classpath):$jar"
# the Java 17 flags of flink-conf/config.yaml (env.java.opts.all)
java_flags="$(bash_java_utils UPDATE_AND_GET_FLINK_CONFIGURATION --configDir "$PROJECT_CONF_DIR" \
    -flatten | sed -n 's/^env\.java\.opts\.all: //p')"
read -r -a opts <<< "$java_flags"
state_dir="./local-state"
for ((i = 0; i < ${#args[@]}; i++)); do
    case "${args[$i]}" in
        --local.state-dir) state_dir="${args[$((i + 1))]:-$state_dir}" ;;
        --local.state-dir=*) state_dir="${args[$i]#--local.state-dir=}" ;;
    esac
done
mkdir -p "$state_dir/log"
if [ -n "${FLINK_PLUGINS_DIR:-}" ]; then
    mkdir -p "$FLINK_PLUGINS_DIR" # file system plugins, e.g. for s3:// state directories
fi
exec "$(java_bin)" "-Xmx${RUNNER_HEAP:-2g}" "${opts[@]}" \
    -Dlog.file="$state_dir/log/local-runner.log" \
    -Dlog4j.configurationFile="file:$PROJECT_CONF_DIR/log4j-console.properties" \
    -Dlog4j.shutdownHookEnabled=false \
    -classpath "$cp" dev.imageingest.deploy.LocalRunner "${args[@]}"
