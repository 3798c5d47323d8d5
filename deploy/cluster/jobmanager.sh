#!/usr/bin/env bash
# Starts or stops the JobManager (standalone session cluster) of the cluster in $FLINK_CLUSTER_DIR.
# Normally called by start-cluster.sh / stop-cluster.sh.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 << 'USAGE'
usage: jobmanager.sh start [-D key=value ...]   start the JobManager (configuration: start-cluster.sh)
       jobmanager.sh stop                       stop it (SIGTERM, SIGKILL after 30 s)
USAGE
    exit 2
}

PID_FILE="$PID_DIR/jobmanager.pid"

start() {
    require_conf
    split_dynamic_props "$@"
    [ ${#REST_ARGS[@]} -eq 0 ] || usage
    if dist_mode; then
        # the distribution's jobmanager.sh takes no -D: settings live in $CONF_DIR/config.yaml
        [ ${#DYNAMIC_PROPS[@]} -eq 0 ] \
            || die "with FLINK_HOME, pass -D settings to start-cluster.sh instead"
        FLINK_CONF_DIR="$CONF_DIR" FLINK_LOG_DIR="$LOG_DIR" FLINK_PID_DIR="$PID_DIR" \
            "$FLINK_HOME/bin/jobmanager.sh" start
        return
    fi
    if pid_alive "$PID_FILE"; then
        die "the JobManager is already running (pid $(cat "$PID_FILE"))"
    fi
    local cp java
    local -a params memory dynamic opts
    cp="$(flink_classpath)"
    java="$(java_bin)"
    mapfile -t params < <(bash_java_utils GET_JM_RESOURCE_PARAMS --configDir "$CONF_DIR" \
        "${DYNAMIC_PROPS[@]}")
    [ ${#params[@]} -eq 2 ] || die "unexpected BashJavaUtils output: ${params[*]}"
    read -r -a memory <<< "${params[0]}"
    read -r -a dynamic <<< "${params[1]}"
    read -r -a opts <<< "$(java_opts jobmanager)"
    info "JobManager JVM: ${params[0]}"
    nohup "$java" "${memory[@]}" "${opts[@]}" \
        -Dlog.file="$LOG_DIR/jobmanager.log" \
        -Dlog4j.configurationFile="file:$CONF_DIR/log4j.properties" \
        -classpath "$cp" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
        --configDir "$CONF_DIR" "${dynamic[@]}" "${DYNAMIC_PROPS[@]}" \
        > "$LOG_DIR/jobmanager.out" 2>&1 < /dev/null &
    echo $! > "$PID_FILE"
    local host port
    host="$(conf_get rest.address localhost)"
    port="$(conf_get rest.port 8081)"
    if ! wait_port "$host" "$port" 120 "$PID_FILE"; then
        tail -n 30 "$LOG_DIR/jobmanager.out" "$LOG_DIR/jobmanager.log" >&2 2> /dev/null || true
        die "the JobManager did not come up (logs: $LOG_DIR/jobmanager.log)"
    fi
    info "JobManager running (pid $(cat "$PID_FILE")), web UI http://$host:$port," \
        "log $LOG_DIR/jobmanager.log"
}

stop() {
    if dist_mode; then
        FLINK_CONF_DIR="$CONF_DIR" FLINK_LOG_DIR="$LOG_DIR" FLINK_PID_DIR="$PID_DIR" \
            "$FLINK_HOME/bin/jobmanager.sh" stop
        return
    fi
    stop_pid "$PID_FILE" JobManager
}

[ $# -ge 1 ] || usage
command="$1"
shift
case "$command" in
    start) start "$@" ;;
    stop) stop ;;
    *) usage ;;
esac
