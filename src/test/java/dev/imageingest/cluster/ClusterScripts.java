package dev.imageingest.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs the scripts of {@code deploy/cluster/} as a user would, against one cluster directory, and
 * cleans up after them: {@link #killAll()} ends every process whose pid file the scripts wrote.
 */
final class ClusterScripts {
    private final Path repo;
    private final Path clusterDir;
    private final Path jobJar;

    /** What a script printed (stdout and stderr merged) and its exit code. */
    record Result(int exitCode, String output) {}

    ClusterScripts(Path repo, Path clusterDir, Path jobJar) {
        this.repo = repo;
        this.clusterDir = clusterDir;
        this.jobJar = jobJar;
    }

    Path clusterDir() {
        return clusterDir;
    }

    Path logDir() {
        return clusterDir.resolve("log");
    }

    /** Runs {@code deploy/cluster/<script> args...}; fails on a non-zero exit or a timeout. */
    Result run(Duration timeout, String script, String... args) throws Exception {
        Result r = runAllowingFailure(timeout, script, args);
        if (r.exitCode() != 0) {
            throw new AssertionError(
                    script
                            + " "
                            + String.join(" ", args)
                            + " exited "
                            + r.exitCode()
                            + ":\n"
                            + r.output());
        }
        return r;
    }

    Result runAllowingFailure(Duration timeout, String script, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(repo.resolve("deploy/cluster").resolve(script).toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile());
        pb.redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.remove("FLINK_HOME"); // the Maven-resolved runtime, as on a machine without Flink
        env.remove("FLINK_CONF_DIR");
        env.remove("FLINK_PLUGINS_DIR");
        env.put("FLINK_CLUSTER_DIR", clusterDir.toString());
        env.put("JOB_JAR", jobJar.toString());
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish within " + timeout);
        }
        String text = output.get(10, TimeUnit.SECONDS);
        System.out.printf(
                "[cluster] %s %s -> exit %d in %.1f s%n%s",
                script,
                String.join(" ", args),
                p.exitValue(),
                (System.nanoTime() - start) / 1e9,
                indent(text));
        return new Result(p.exitValue(), text);
    }

    /** The pid in {@code pid/<name>.pid}. */
    long pid(String name) throws IOException {
        return Long.parseLong(
                Files.readString(clusterDir.resolve("pid").resolve(name + ".pid")).trim());
    }

    /** SIGKILL: a crash, no shutdown hooks, no goodbye to the JobManager. */
    void kill9(String name) throws Exception {
        long pid = pid(name);
        ProcessHandle handle =
                ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(name + " not running"));
        handle.destroyForcibly();
        handle.onExit().get(30, TimeUnit.SECONDS);
    }

    /** Whether any process of this cluster (by its pid files) is alive. */
    boolean anyAlive() throws IOException {
        return pids().stream().anyMatch(pid -> ProcessHandle.of(pid).isPresent());
    }

    /** Kills every process with a pid file in this cluster directory (for cleanup). */
    void killAll() {
        try {
            for (long pid : pids()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException e) {
            // nothing started
        }
    }

    private List<Long> pids() throws IOException {
        Path dir = clusterDir.resolve("pid");
        List<Long> pids = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return pids;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                try {
                    pids.add(Long.parseLong(Files.readString(f).trim()));
                } catch (NumberFormatException | IOException e) {
                    // removed or half written
                }
            }
        }
        return pids;
    }

    /** The last lines of a log file, for failure reports. */
    String tail(String file, int lines) {
        try {
            List<String> all = Files.readAllLines(logDir().resolve(file));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no " + file + ")";
        }
    }

    private static String readAll(Process p) {
        try (InputStream in = p.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    private static String indent(String text) {
        StringBuilder b = new StringBuilder();
        text.lines().forEach(l -> b.append("    ").append(l).append('\n'));
        return b.toString();
    }
}
