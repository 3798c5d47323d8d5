#!/usr/bin/env bash
# Shared by the scripts in deploy/cluster/ and deploy/local/ (sourced, never run).
#
# Two ways to run Flink:
#   * FLINK_HOME set: a Flink 1.20 distribution; its bin/ scripts start and stop the processes.
#   * FLINK_HOME unset: the Flink runtime resolved from Maven (deploy/cluster/pom.xml); these scripts
#     start the JobManager and TaskManagers as `java` processes themselves, with the memory flags
#     Flink's BashJavaUtils computes from the configuration, the Java options of
#     env.java.opts.* and the log4j configuration.
#
# Environment:
#   FLINK_CLUSTER_DIR  state of one cluster: conf/ (the effective configuration), log/, pid/,
#                      jobs/ (arguments of submitted jobs); default <repo>/.flink-cluster
#   FLINK_HOME         a Flink distribution to use instead of the Maven-resolved runtime
#   JAVA_HOME          the JDK (default: java on PATH)
#   JOB_JAR            the job jar (default: target/flink-image-ingest-*.jar, built if missing)
#   MVN                the Maven command (default: mvn), e.g. "mvn -o" offline

if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 4))); then
    echo "error: these scripts need bash 4.4 or newer (macOS: brew install bash)" >&2
    exit 1
fi

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CLUSTER_SCRIPTS="$REPO_DIR/deploy/cluster"
PROJECT_CONF_DIR="$REPO_DIR/flink-conf"
CLUSTER_DIR="${FLINK_CLUSTER_DIR:-$REPO_DIR/.flink-cluster}"
CONF_DIR="$CLUSTER_DIR/conf"
LOG_DIR="$CLUSTER_DIR/log"
PID_DIR="$CLUSTER_DIR/pid"
JOBS_DIR="$CLUSTER_DIR/jobs"
# File system plugins (e.g. s3-fs-hadoop/flink-s3-fs-hadoop-1.20.5.jar for s3:// checkpoints) for
# the Maven-resolved runtime; a Flink distribution uses its own plugins/.
if [ -z "${FLINK_HOME:-}" ]; then
    export FLINK_PLUGINS_DIR="${FLINK_PLUGINS_DIR:-$CLUSTER_DIR/plugins}"
fi
# shellcheck disable=SC2034 # used by the scripts that source this file
JOB_CLASS="dev.imageingest.ImageIngestJob"
# shellcheck disable=SC2034
SNAPSHOT_TOOL="dev.imageingest.deploy.FindSnapshot"
EXEC_PREFIX="BASH_JAVA_UTILS_EXEC_RESULT:"

die() {
    echo "error: $*" >&2
    exit 1
}

info() {
    echo "$*" >&2
}

java_bin() {
    if [ -n "${JAVA_HOME:-}" ]; then
        echo "$JAVA_HOME/bin/java"
    else
        command -v java || die "java not found: install JDK 11+ or set JAVA_HOME"
    fi
}

# True if a Flink distribution is to be used.
dist_mode() {
    if [ -n "${FLINK_HOME:-}" ]; then
        [ -x "$FLINK_HOME/bin/flink" ] || die "FLINK_HOME=$FLINK_HOME has no bin/flink"
        return 0
    fi
    return 1
}

# The Flink runtime classpath: $FLINK_HOME/lib/* or the Maven-resolved jars (cached; rebuilt when
# deploy/cluster/pom.xml changes or a cached jar is gone).
flink_classpath() {
    if dist_mode; then
        echo "$FLINK_HOME/lib/*"
        return
    fi
    local cache="$CLUSTER_SCRIPTS/target/flink-classpath.txt"
    local pom="$CLUSTER_SCRIPTS/pom.xml"
    if [ ! -s "$cache" ] || [ "$pom" -nt "$cache" ] || ! classpath_complete "$cache"; then
        info "Resolving the Flink runtime from Maven ($pom) ..."
        mkdir -p "$CLUSTER_SCRIPTS/target"
        # shellcheck disable=SC2086 # MVN may carry options, e.g. "mvn -o"
        ${MVN:-mvn} -B -q -Dstyle.color=never -f "$pom" dependency:build-classpath \
            -Dmdep.outputFile="$cache.tmp" >&2 || die "could not resolve the Flink runtime"
        mv "$cache.tmp" "$cache"
    fi
    cat "$cache"
}

classpath_complete() {
    local jar
    local -a jars
    IFS=':' read -r -a jars < "$1"
    for jar in "${jars[@]}"; do
        [ -f "$jar" ] || return 1
    done
}

# The job jar: $JOB_JAR, else target/flink-image-ingest-<version>.jar (built when missing).
job_jar() {
    if [ -n "${JOB_JAR:-}" ]; then
        [ -f "$JOB_JAR" ] || die "JOB_JAR=$JOB_JAR does not exist"
        echo "$JOB_JAR"
        return
    fi
    local jar
    jar="$(find_job_jar)"
    if [ -z "$jar" ]; then
        info "Building the job jar (mvn package -DskipTests) ..."
        (cd "$REPO_DIR" && ${MVN:-mvn} -B -q -Dstyle.color=never package -DskipTests >&2) || die "build failed"
        jar="$(find_job_jar)"
        [ -n "$jar" ] || die "no job jar in $REPO_DIR/target after the build"
    fi
    echo "$jar"
}

find_job_jar() {
    local f
    for f in "$REPO_DIR"/target/flink-image-ingest-*.jar; do
        if [ -f "$f" ] && [[ "$(basename "$f")" != original-* ]]; then
            echo "$f"
            return
        fi
    done
}

# Runs BashJavaUtils with the given command and arguments; prints its result lines.
bash_java_utils() {
    local out
    if ! out="$("$(java_bin)" -classpath "$(flink_classpath)" \
        org.apache.flink.runtime.util.bash.BashJavaUtils "$@" 2>&1)"; then
        echo "$out" >&2
        die "Flink rejected the configuration (BashJavaUtils $1)"
    fi
    printf '%s\n' "$out" | sed -n "s/^$EXEC_PREFIX//p"
}

# Writes the effective configuration of this cluster to $CONF_DIR: flink-conf/config.yaml merged
# with the given `-D key=value` overrides (flattened, one key per line), plus the log4j files and
# the sample job properties. Every process and CLI call of the cluster reads $CONF_DIR.
prepare_conf() {
    local source_dir="${FLINK_CONF_SOURCE:-$PROJECT_CONF_DIR}"
    [ -f "$source_dir/config.yaml" ] || die "no config.yaml in $source_dir"
    mkdir -p "$CONF_DIR" "$LOG_DIR" "$PID_DIR" "$JOBS_DIR"
    if [ -n "${FLINK_PLUGINS_DIR:-}" ]; then
        mkdir -p "$FLINK_PLUGINS_DIR"
    fi
    local merged
    merged="$(bash_java_utils UPDATE_AND_GET_FLINK_CONFIGURATION --configDir "$source_dir" \
        "$@" -flatten)"
    {
        echo "# Effective configuration written by deploy/cluster/start-cluster.sh on $(date)"
        echo "# from $source_dir/config.yaml and the overrides: $*"
        printf '%s\n' "$merged"
    } > "$CONF_DIR/config.yaml.tmp"
    mv "$CONF_DIR/config.yaml.tmp" "$CONF_DIR/config.yaml"
    local f
    for f in "$source_dir"/*.properties; do
        if [ -f "$f" ]; then
            cp "$f" "$CONF_DIR/"
        fi
    done
}

# The configuration directory the CLI uses: this cluster's ($CONF_DIR, written by start-cluster.sh),
# or, for a cluster these scripts did not start, the distribution's (FLINK_CONF_DIR or
# $FLINK_HOME/conf).
client_conf_dir() {
    if [ -f "$CONF_DIR/config.yaml" ]; then
        echo "$CONF_DIR"
    elif [ -n "${FLINK_HOME:-}" ]; then
        echo "${FLINK_CONF_DIR:-$FLINK_HOME/conf}"
    else
        die "no cluster configuration in $CONF_DIR: start the cluster first (start-cluster.sh)"
    fi
}

require_conf() {
    [ -f "$CONF_DIR/config.yaml" ] \
        || die "no cluster configuration in $CONF_DIR: start the cluster first (start-cluster.sh)"
}

# conf_get KEY [DEFAULT]: a value of the effective configuration (YAML quotes removed).
conf_get() {
    local key="$1" default="${2:-}" value=""
    if [ -f "$CONF_DIR/config.yaml" ]; then
        value="$(sed -n "s/^${key//./\\.}: //p" "$CONF_DIR/config.yaml" | tail -n 1)"
    fi
    if [[ "$value" == \'*\' ]]; then
        value="${value:1:${#value}-2}"
        value="${value//\'\'/\'}"
    elif [[ "$value" == \"*\" ]]; then
        value="${value:1:${#value}-2}"
    fi
    echo "${value:-$default}"
}

# java_opts ROLE: the words of env.java.opts.all and env.java.opts.<ROLE>.
java_opts() {
    local all role
    all="$(conf_get env.java.opts.all)"
    role="$(conf_get "env.java.opts.$1")"
    echo "$all $role"
}

pid_alive() {
    [ -f "$1" ] && kill -0 "$(cat "$1")" 2> /dev/null
}

# stop_pid FILE NAME: SIGTERM, up to 30 s for a clean exit, then SIGKILL.
stop_pid() {
    local file="$1" name="$2" pid i
    if ! pid_alive "$file"; then
        rm -f "$file"
        return 0
    fi
    pid="$(cat "$file")"
    info "Stopping $name (pid $pid) ..."
    kill -TERM "$pid" 2> /dev/null || true
    for ((i = 0; i < 60; i++)); do
        kill -0 "$pid" 2> /dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2> /dev/null; then
        info "$name did not stop within 30 s; killing it"
        kill -KILL "$pid" 2> /dev/null || true
    fi
    rm -f "$file"
}

# wait_port HOST PORT SECONDS PIDFILE: waits until the port accepts connections while the process
# lives.
wait_port() {
    local host="$1" port="$2" seconds="$3" pidfile="$4" i
    for ((i = 0; i < seconds * 2; i++)); do
        if (exec 3<> "/dev/tcp/$host/$port") 2> /dev/null; then
            return 0
        fi
        pid_alive "$pidfile" || return 1
        sleep 0.5
    done
    return 1
}

# The Flink CLI (`flink <action> ...`) against this cluster's configuration.
flink_cli() {
    local conf
    conf="$(client_conf_dir)" || return 1
    if dist_mode; then
        mkdir -p "$LOG_DIR"
        FLINK_CONF_DIR="$conf" FLINK_LOG_DIR="$LOG_DIR" "$FLINK_HOME/bin/flink" "$@"
        return
    fi
    local -a opts
    read -r -a opts <<< "$(java_opts client)"
    FLINK_CONF_DIR="$conf" "$(java_bin)" "${opts[@]}" \
        -Dlog.file="$LOG_DIR/flink-client.log" \
        -Dlog4j.configurationFile="file:$CONF_DIR/log4j-cli.properties" \
        -classpath "$(flink_classpath)" org.apache.flink.client.cli.CliFrontend "$@"
}

# Collects `-D key=value` / `-Dkey=value` arguments into DYNAMIC_PROPS (as "-D" "key=value" pairs)
# and the remaining arguments into REST_ARGS.
split_dynamic_props() {
    DYNAMIC_PROPS=()
    REST_ARGS=()
    while [ $# -gt 0 ]; do
        case "$1" in
            -D)
                [ $# -ge 2 ] || die "-D needs key=value"
                DYNAMIC_PROPS+=("-D" "$2")
                shift 2
                ;;
            -D?*)
                DYNAMIC_PROPS+=("-D" "${1#-D}")
                shift
                ;;
            *)
                REST_ARGS+=("$1")
                shift
                ;;
        esac
    done
}
