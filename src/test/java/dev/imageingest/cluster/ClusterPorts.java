package dev.imageingest.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Free ports for this cluster, so the test never collides with a cluster on 8081/6123. */
record ClusterPorts(
        int rest, int rpc, int blob, int tmRpc, int data, int query, int prometheus, int jmx) {
    static final int RANGE = 4;

    static ClusterPorts pick() throws IOException {
        int ranges = freeRange(3 * RANGE);
        return new ClusterPorts(
                free(), free(), free(), free(), free(), ranges, ranges + RANGE, ranges + 2 * RANGE);
    }

    String[] clusterArgs(Path tmp) {
        return new String[] {
            "-D", "execution.checkpointing.dir=" + tmp.resolve("checkpoints").toUri(),
            "-D", "execution.checkpointing.savepoint-dir=" + tmp.resolve("savepoints").toUri(),
            "-D", "execution.checkpointing.interval=1s",
            "-D", "heartbeat.interval=2s",
            "-D", "heartbeat.timeout=20s",
            "-D", "rest.port=" + rest,
            "-D", "jobmanager.rpc.port=" + rpc,
            "-D", "blob.server.port=" + blob,
            "-D", "taskmanager.rpc.port=" + tmRpc,
            "-D", "taskmanager.data.port=" + data,
            "-D", "metrics.internal.query-service.port=" + query + "-" + (query + RANGE - 1),
            "-D", "metrics.reporter.prom.port=" + prometheus + "-" + (prometheus + RANGE - 1),
            "-D", "jmx.server.port=" + jmx + "-" + (jmx + RANGE - 1)
        };
    }

    private static int free() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The first of {@code size} consecutive ports that are free now. */
    private static int freeRange(int size) throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (allFree(base, size)) {
                return base;
            }
        }
        throw new IOException("no free port range");
    }

    private static boolean allFree(int base, int size) {
        for (int p = base; p < base + size; p++) {
            try (ServerSocket s = new ServerSocket(p)) {
                // free
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
