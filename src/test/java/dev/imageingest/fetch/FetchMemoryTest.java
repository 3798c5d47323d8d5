package dev.imageingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.junit.jupiter.api.Test;

class FetchMemoryTest {
    static final MemorySize DEFAULT_BUDGET = MemorySize.parse("256mb");

    static Configuration taskManager(String processSize, int slots) {
        Configuration c = new Configuration();
        c.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(processSize));
        c.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        return c;
    }

    /** The shape of the shipped config.yaml before this check: 2048m, 2 slots, hashmap state. */
    @Test
    void theDefaultBudgetDoesNotFitA2gTaskManagerWithTwoSlotsAndSaysSo() {
        Configuration c = taskManager("2048m", 2);
        long heap = TaskExecutorProcessUtils.processSpecFromConfig(c).getTaskHeapSize().getBytes();
        assertThat(heap / (1 << 20)).isBetween(530L, 545L); // ~538 MiB, as the issue measured
        Optional<String> warning = FetchMemory.checkFlinkConfig(c, DEFAULT_BUDGET);
        assertThat(warning).isPresent();
        assertThat(warning.get())
                .contains("fetch.in-flight-bytes (256mb)")
                .contains("taskmanager.numberOfTaskSlots (2)")
                .contains("= 512mb")
                .contains("taskmanager.memory.task.heap.size")
                .contains("(537mb)")
                .contains("at most 134mb")
                .contains("at least 1024mb");
    }

    @Test
    void fitsWhenTheUnusedManagedMemoryGoesToTheHeapOrTheBudgetIsSmaller() {
        Configuration c = taskManager("2048m", 2);
        c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ZERO);
        assertThat(FetchMemory.checkFlinkConfig(c, DEFAULT_BUDGET)).isEmpty();
        assertThat(FetchMemory.checkFlinkConfig(taskManager("2048m", 2), MemorySize.parse("128mb")))
                .isEmpty();
        assertThat(FetchMemory.checkFlinkConfig(taskManager("3200m", 2), DEFAULT_BUDGET)).isEmpty();
        assertThat(FetchMemory.checkFlinkConfig(taskManager("3200m", 4), DEFAULT_BUDGET))
                .isPresent();
    }

    @Test
    void saysNothingWhenTheTaskManagerMemoryIsNotKnownHere() {
        Configuration c = new Configuration();
        c.set(TaskManagerOptions.NUM_TASK_SLOTS, 8);
        assertThat(FetchMemory.checkFlinkConfig(c, DEFAULT_BUDGET)).isEmpty();
    }

    @Test
    void checksAJvmHeapDirectly() {
        assertThat(FetchMemory.check(DEFAULT_BUDGET, 4, MemorySize.parse("1gb"), "the JVM heap"))
                .hasValueSatisfying(
                        w -> assertThat(w).contains("(4) = 1024mb", "the JVM heap (1024mb)"));
        assertThat(FetchMemory.check(DEFAULT_BUDGET, 2, MemorySize.parse("1gb"), "h")).isEmpty();
    }
}
