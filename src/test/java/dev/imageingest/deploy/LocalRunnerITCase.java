package dev.imageingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.config.ConfigLoader;
import dev.imageingest.localstack.DeliveredRecords;
import dev.imageingest.localstack.LocalStack;
import dev.imageingest.localstack.SampleCatalog;
import dev.imageingest.localstack.SampleCatalog.SampleMessage;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-machine runner end to end against the local stack: the production graph starts fresh,
 * stops with a savepoint, and the next start finds that savepoint by itself and carries on, every
 * message accounted for.
 */
class LocalRunnerITCase {
    @TempDir Path state;
    private LocalStack stack;

    @BeforeEach
    void startStack() {
        stack = LocalStack.start();
    }

    @AfterEach
    void stopStack() {
        stack.close();
    }

    @Test
    void resumesFromItsOwnSavepointOnTheNextStart() throws Exception {
        List<SampleMessage> samples = SampleCatalog.generate(stack.images(), 60);
        List<String> args = new ArrayList<>();
        args.add("-D");
        args.add("rest.port=" + freePort());
        args.add("--local.state-dir");
        args.add(state.toString());
        stack.jobConfig()
                .forEach(
                        (k, v) -> {
                            args.add("--" + k);
                            args.add(v);
                        });
        args.add("--job.parallelism");
        args.add("2");
        RunnerArguments arguments = RunnerArguments.parse(args.toArray(new String[0]));

        LocalRunner.Running first =
                LocalRunner.start(arguments, ConfigLoader.fromArgs(arguments.jobArgs()));
        assertThat(first.resumedFrom()).isEmpty();
        stack.sqs().sendAll(stack.queueUrl(), bodies(samples.subList(0, 30)));
        await(() -> delivered() >= 30 && stack.queueDepth() == 0);
        String savepoint = first.stopWithSavepoint();
        first.job().getJobExecutionResult().get(1, TimeUnit.MINUTES);

        LocalRunner.Running second =
                LocalRunner.start(arguments, ConfigLoader.fromArgs(arguments.jobArgs()));
        try {
            assertThat(second.resumedFrom())
                    .hasValueSatisfying(
                            s -> {
                                assertThat(s.kind()).isEqualTo(Snapshot.Kind.SAVEPOINT);
                                assertThat(s.path().toString()).isEqualTo(savepoint);
                            });
            stack.sqs().sendAll(stack.queueUrl(), bodies(samples.subList(30, 60)));
            await(() -> delivered() >= 60 && stack.queueDepth() == 0);
        } finally {
            second.job().cancel().get(1, TimeUnit.MINUTES);
        }
        DeliveredRecords records = DeliveredRecords.of(stack.readDeliveredLines());
        samples.forEach(
                m -> assertThat(records.statusById()).containsEntry(m.recordId(), m.expected()));
        assertThat(records.records()).isEqualTo(60);
    }

    private int delivered() {
        return DeliveredRecords.of(stack.readDeliveredLines()).records();
    }

    private static List<String> bodies(List<SampleMessage> messages) {
        return messages.stream().map(SampleMessage::body).toList();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(500);
        }
    }
}
