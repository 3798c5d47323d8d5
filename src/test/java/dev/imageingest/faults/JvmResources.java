package dev.imageingest.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Live threads of this JVM grouped by name (digits folded to {@code #}, so {@code
 * aws-java-sdk-NettyEventLoop-3-1} and {@code -7-2} are one group) and open file descriptors
 * ({@code /proc/self/fd}; -1 where the platform has none).
 */
record JvmResources(
        Map<String, Integer> threadGroups,
        int threads,
        int fileDescriptors,
        int nonSocketFileDescriptors) {

    /**
     * Threads of the test's own servers and clients, which grow with the load the test puts on
     * them, not with the job's restarts: S3Mock's Spring task executor ({@code task-N}, up to 8
     * threads) and the SDK response pools ({@code sdk-async-response-P-T}) of every SDK client. The
     * job's SDK clients are checked by pool instead ({@link #pools}): a client it leaks leaves a
     * pool behind.
     */
    private static final java.util.regex.Pattern TEST_INFRASTRUCTURE =
            java.util.regex.Pattern.compile("task-\\d+|sdk-async-response-\\d+-\\d+");

    static JvmResources sample() {
        Map<String, Integer> groups = new TreeMap<>();
        int threads = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !TEST_INFRASTRUCTURE.matcher(t.getName()).matches()) {
                groups.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
                threads++;
            }
        }
        return new JvmResources(
                groups, threads, countFileDescriptors(), countFileDescriptors("socket:"));
    }

    /** Pool numbers of live threads named {@code prefix-POOL-THREAD} (SDK and Netty pools). */
    static java.util.SortedSet<Integer> pools(String prefix) {
        java.util.SortedSet<Integer> pools = new java.util.TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (t.isAlive() && name.startsWith(prefix + "-")) {
                String[] parts = name.substring(prefix.length() + 1).split("-");
                try {
                    pools.add(Integer.parseInt(parts[0]));
                } catch (NumberFormatException e) {
                    // not a pooled thread name
                }
            }
        }
        return pools;
    }

    /** Open file descriptors of this process, -1 without {@code /proc/self/fd}. */
    /**
     * Open file descriptors other than those whose link starts with {@code excluded} (e.g. {@code
     * socket:}: while a job runs, the connections open at that moment vary by hundreds, so a
     * comparison between two running moments counts files, pipes and epoll instances only); -1
     * without {@code /proc/self/fd}.
     */
    static int countFileDescriptors(String excluded) {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        int n = 0;
        try (Stream<Path> list = Files.list(fds)) {
            for (Path fd : (Iterable<Path>) list::iterator) {
                try {
                    if (!Files.readSymbolicLink(fd).toString().startsWith(excluded)) {
                        n++;
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    static int countFileDescriptors() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> list = Files.list(fds)) {
            return (int) list.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Groups that have more than {@code slack} threads more than in {@code before}. */
    Map<String, String> grownSince(JvmResources before, int slack) {
        Map<String, String> grown = new TreeMap<>();
        threadGroups.forEach(
                (g, n) -> {
                    int was = before.threadGroups.getOrDefault(g, 0);
                    if (n > was + slack) {
                        grown.put(g, was + " -> " + n);
                    }
                });
        return grown;
    }

    /** Groups whose count differs from {@code before}, as {@code name: before -> now}. */
    Map<String, String> changedSince(JvmResources before) {
        Map<String, String> changed = new TreeMap<>();
        TreeMap<String, Integer> all = new TreeMap<>(before.threadGroups);
        threadGroups.forEach(all::putIfAbsent);
        for (String g : all.keySet()) {
            int a = before.threadGroups.getOrDefault(g, 0);
            int b = threadGroups.getOrDefault(g, 0);
            if (a != b) {
                changed.put(g, a + " -> " + b);
            }
        }
        return changed;
    }
}
