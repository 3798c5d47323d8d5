package dev.imageingest.fetch;

import dev.imageingest.fetch.config.FetchOptions;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.IllegalConfigurationException;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does the fetch byte budget fit the TaskManager heap? Every slot of a TaskManager runs one fetch
 * subtask (slot sharing), and each may hold {@code fetch.in-flight-bytes} of bodies on the heap.
 * The rule: <b>slots x fetch.in-flight-bytes &lt;= task heap / 2</b>; the other half holds what the
 * budget does not count (the Firehose sink buffer, Netty and AWS SDK buffers, one transient copy
 * while a body is trimmed, the async queue) and the garbage collector's headroom. A heap that does
 * not fit ran out of memory under hostile downloads; the job then fails and restarts (an {@code
 * OutOfMemoryError} never becomes a record), so the mismatch is logged as a WARNING at start-up,
 * naming both numbers and the keys.
 *
 * <p>Checked twice: by the entry point against the Flink configuration in force (the task heap
 * derived exactly as the cluster derives it, when the TaskManager memory is configured there), and
 * by each TaskManager against its own JVM heap (Managed Flink, where the client cannot know it).
 */
public final class FetchMemory {
    private static final Logger LOG = LoggerFactory.getLogger(FetchMemory.class);

    private static final String BUDGET_KEY = FetchOptions.FETCH_IN_FLIGHT_BYTES.key();

    private static final String SLOTS_KEY = TaskManagerOptions.NUM_TASK_SLOTS.key();

    private FetchMemory() {}

    /**
     * The warning for a Flink configuration, or empty when the budget fits or the configuration
     * does not set the TaskManager memory ({@code taskmanager.memory.process.size}, {@code
     * .flink.size} or {@code .task.heap.size}).
     */
    public static Optional<String> checkFlinkConfig(ReadableConfig flink, MemorySize budget) {
        Configuration conf = Configuration.fromMap(flink.toMap());
        if (!conf.contains(TaskManagerOptions.TOTAL_PROCESS_MEMORY)
                && !conf.contains(TaskManagerOptions.TOTAL_FLINK_MEMORY)
                && !conf.contains(TaskManagerOptions.TASK_HEAP_MEMORY)) {
            return Optional.empty();
        }
        MemorySize heap;
        try {
            heap = TaskExecutorProcessUtils.processSpecFromConfig(conf).getTaskHeapSize();
        } catch (IllegalConfigurationException e) {
            return Optional.empty(); // the cluster will refuse this configuration itself
        }
        int slots = conf.get(TaskManagerOptions.NUM_TASK_SLOTS);
        return check(
                budget,
                slots,
                heap,
                "taskmanager.memory.task.heap.size (derived from the TaskManager memory settings)");
    }

    /** The warning for this JVM (a TaskManager) running {@code subtasks} fetch subtasks. */
    public static Optional<String> checkThisJvm(int subtasks, MemorySize budget) {
        long max = Runtime.getRuntime().maxMemory();
        if (max == Long.MAX_VALUE) {
            return Optional.empty();
        }
        return check(
                budget,
                subtasks,
                new MemorySize(max),
                "this TaskManager's JVM heap (-Xmx; the fetch subtasks open in it count as slots)");
    }

    /** Logs {@code warning} as a WARNING, if present. */
    public static void warn(Optional<String> warning) {
        warning.ifPresent(w -> LOG.warn("{}", w));
    }

    static Optional<String> check(MemorySize budget, int slots, MemorySize heap, String heapName) {
        long need = multiply(budget.getBytes(), Math.max(1, slots));
        if (need <= heap.getBytes() / 2) {
            return Optional.empty();
        }
        long fits = heap.getBytes() / 2 / Math.max(1, slots);
        return Optional.of(
                BUDGET_KEY
                        + " ("
                        + mb(budget.getBytes())
                        + ") x "
                        + SLOTS_KEY
                        + " ("
                        + slots
                        + ") = "
                        + mb(need)
                        + " of image bodies may be held on the heap, more than half of "
                        + heapName
                        + " ("
                        + mb(heap.getBytes())
                        + "): hostile downloads can run the TaskManager out of memory (the job"
                        + " then fails and restarts). Set "
                        + BUDGET_KEY
                        + " to at most "
                        + mb(fits)
                        + ", or give the TaskManager a task heap of at least "
                        + mb(multiply(need, 2))
                        + " (with the hashmap state backend, taskmanager.memory.managed.size: 0"
                        + " moves the unused managed memory to the heap).");
    }

    /** Whole MiB, as Flink's size keys take them ({@code 256mb}), rounded down. */
    private static String mb(long bytes) {
        return (bytes >> 20) + "mb";
    }

    private static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
