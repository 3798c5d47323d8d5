#!/usr/bin/env bash
# Starts or stops TaskManagers of the cluster in $FLINK_CLUSTER_DIR. Several may run on one machine:
# each gets the lowest free index i, a pid file pid/taskmanager-<i>.pid, a log log/taskmanager-<i>.log
# and the data port taskmanager.data.port + i.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage() {
    cat >&2 << 'USAGE'
usage: taskmanager.sh start [-D key=value ...]   start one more TaskManager
       taskmanager.sh stop [INDEX]              stop TaskManager INDEX (default: the newest)
       taskmanager.sh stop-all                  stop every TaskManager of this cluster
USAGE
    exit 2
}

pid_file() {
    echo "$PID_DIR/taskmanager-$1.pid"
}

start() {
    require_conf
    split_dynamic_props "$@"
    [ ${#REST_ARGS[@]} -eq 0 ] || usage
    local index=0
    while pid_alive "$(pid_file "$index")"; do
        index=$((index + 1))
    done
    local data_port
    local -a own=()
    data_port="$(conf_get taskmanager.data.port 0)"
    if [[ "$data_port" =~ ^[0-9]+$ ]] && [ "$data_port" -gt 0 ]; then
        own=("-D" "taskmanager.data.port=$((data_port + index))")
    fi
    if dist_mode; then
        FLINK_CONF_DIR="$CONF_DIR" FLINK_LOG_DIR="$LOG_DIR" FLINK_PID_DIR="$PID_DIR" \
            "$FLINK_HOME/bin/taskmanager.sh" start "${own[@]}" "${DYNAMIC_PROPS[@]}"
        return
    fi
    local cp java file log
    local -a params memory dynamic opts
    cp="$(flink_classpath)"
    java="$(java_bin)"
    file="$(pid_file "$index")"
    log="$LOG_DIR/taskmanager-$index"
    mapfile -t params < <(bash_java_utils GET_TM_RESOURCE_PARAMS --configDir "$CONF_DIR" \
        "${own[@]}" "${DYNAMIC_PROPS[@]}")
    [ ${#params[@]} -eq 2 ] || die "unexpected BashJavaUtils output: ${params[*]}"
    read -r -a memory <<< "${params[0]}"
    read -r -a dynamic <<< "${params[1]}"
    read -r -a opts <<< "$(java_opts taskmanager)"
    info "TaskManager $index JVM: ${params[0]}"
    nohup "$java" "${memory[@]}" "${opts[@]}" \
        -Dlog.file="$log.log" \
        -Dlog4j.configurationFile="file:$CONF_DIR/log4j.properties" \
        -classpath "$cp" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
        --configDir "$CONF_DIR" "${dynamic[@]}" "${own[@]}" "${DYNAMIC_PROPS[@]}" \
        > "$log.out" 2>&1 < /dev/null &
    echo $! > "$file"
    # a TaskManager with a bad configuration exits within a second or two
    sleep 2
    if ! pid_alive "$file"; then
        tail -n 30 "$log.out" "$log.log" >&2 2> /dev/null || true
        die "TaskManager $index exited at start (logs: $log.log)"
    fi
    info "TaskManager $index running (pid $(cat "$file")), log $log.log"
}

stop() {
    if dist_mode; then
        FLINK_CONF_DIR="$CONF_DIR" FLINK_LOG_DIR="$LOG_DIR" FLINK_PID_DIR="$PID_DIR" \
            "$FLINK_HOME/bin/taskmanager.sh" stop
        return
    fi
    local index="${1:-}"
    if [ -z "$index" ]; then
        local f
        for f in "$PID_DIR"/taskmanager-*.pid; do
            [ -f "$f" ] || continue
            local i="${f##*/taskmanager-}"
            i="${i%.pid}"
            if [ -z "$index" ] || [ "$i" -gt "$index" ]; then
                index="$i"
            fi
        done
        [ -n "$index" ] || { info "No TaskManager running"; return 0; }
    fi
    stop_pid "$(pid_file "$index")" "TaskManager $index"
}

stop_all() {
    if dist_mode; then
        FLINK_CONF_DIR="$CONF_DIR" FLINK_LOG_DIR="$LOG_DIR" FLINK_PID_DIR="$PID_DIR" \
            "$FLINK_HOME/bin/taskmanager.sh" stop-all
        return
    fi
    local f
    for f in "$PID_DIR"/taskmanager-*.pid; do
        [ -f "$f" ] || continue
        local i="${f##*/taskmanager-}"
        stop_pid "$f" "TaskManager ${i%.pid}"
    done
}

[ $# -ge 1 ] || usage
command="$1"
shift
case "$command" in
    start) start "$@" ;;
    stop) stop "$@" ;;
    stop-all) stop_all ;;
    *) usage ;;
esac
