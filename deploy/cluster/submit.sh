#!/usr/bin/env bash
# Submit the job to a running Flink 1.20 cluster (session mode).
#   FLINK_HOME=/opt/flink deploy/cluster/submit.sh [--key value ...]
# Extra arguments override keys of flink-conf/image-ingest.properties.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$here/target/flink-image-ingest-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || (cd "$here" && mvn -B -q package -DskipTests)
exec "${FLINK_HOME:?set FLINK_HOME}/bin/flink" run --detached \
  --class dev.imageingest.ImageIngestJob "$jar" \
  --config "$here/flink-conf/image-ingest.properties" "$@"
