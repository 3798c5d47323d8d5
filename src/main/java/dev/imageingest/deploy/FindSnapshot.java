package dev.imageingest.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.plugin.PluginUtils;

/**
 * Command line for {@code deploy/cluster/resume.sh}: prints the latest completed checkpoint or
 * savepoint in the directories a cluster's configuration names ({@code execution.checkpointing.dir}
 * and {@code execution.checkpointing.savepoint-dir}), as {@code kind<TAB>jobId<TAB>path}.
 *
 * <pre>
 * java -cp FLINK_CLASSPATH:JOB_JAR dev.imageingest.deploy.FindSnapshot --conf-dir DIR
 *     [--job-id ID] [--checkpoint-dir URI] [--savepoint-dir URI] [--all]
 * </pre>
 *
 * Runs with the Flink runtime on the classpath; file systems other than the local one come from
 * Flink's plugins directory ({@code FLINK_PLUGINS_DIR}), as in the cluster. Exit status: 0 found, 3
 * nothing found, 2 bad arguments or configuration.
 */
public final class FindSnapshot {
    static final int FOUND = 0;
    static final int USAGE = 2;
    static final int NOTHING = 3;

    private FindSnapshot() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String confDir = null;
        String jobId = null;
        String checkpointDir = null;
        String savepointDir = null;
        boolean all = false;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if ("--all".equals(args[i])) {
                all = true;
                continue;
            }
            if (value == null) {
                return usage(err, "missing value for " + args[i]);
            }
            if ("--conf-dir".equals(args[i])) {
                confDir = value;
            } else if ("--job-id".equals(args[i])) {
                jobId = value;
            } else if ("--checkpoint-dir".equals(args[i])) {
                checkpointDir = value;
            } else if ("--savepoint-dir".equals(args[i])) {
                savepointDir = value;
            } else {
                return usage(err, "unknown option " + args[i]);
            }
            i++;
        }
        Configuration config;
        try {
            config =
                    confDir == null
                            ? new Configuration()
                            : GlobalConfiguration.loadConfiguration(confDir);
        } catch (RuntimeException e) {
            return usage(err, "cannot load the Flink configuration in " + confDir + ": " + e);
        }
        if (checkpointDir == null) {
            checkpointDir = config.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        }
        if (savepointDir == null) {
            savepointDir = config.get(CheckpointingOptions.SAVEPOINT_DIRECTORY);
        }
        if (checkpointDir == null && savepointDir == null) {
            return usage(
                    err,
                    "neither execution.checkpointing.dir nor execution.checkpointing.savepoint-dir"
                            + " is configured");
        }
        try {
            FileSystem.initialize(config, PluginUtils.createPluginManagerFromRootFolder(config));
            List<Snapshot> found =
                    SnapshotFinder.all(path(checkpointDir), path(savepointDir), jobId);
            if (found.isEmpty()) {
                err.println(
                        "No completed checkpoint or savepoint"
                                + (jobId == null ? "" : " of job " + jobId)
                                + " in "
                                + checkpointDir
                                + " or "
                                + savepointDir);
                return NOTHING;
            }
            if (all) {
                found.forEach(s -> out.println(s.toLine()));
            } else {
                out.println(found.get(found.size() - 1).toLine());
            }
            return FOUND;
        } catch (IOException | RuntimeException e) {
            err.println("Cannot list snapshots: " + e);
            return USAGE;
        }
    }

    private static Path path(String uri) {
        return uri == null ? null : new Path(uri);
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println(
                "usage: FindSnapshot --conf-dir DIR [--job-id ID] [--checkpoint-dir URI]"
                        + " [--savepoint-dir URI] [--all]");
        return USAGE;
    }
}
