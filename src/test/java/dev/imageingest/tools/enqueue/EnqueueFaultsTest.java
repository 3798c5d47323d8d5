package dev.imageingest.tools.enqueue;

import static dev.imageingest.tools.enqueue.EnqueueToSqsTest.withAws;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.tools.Tools;
import dev.imageingest.tools.common.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, failed rows, aborts and resume, against a fault-injecting SQS protocol server. */
class EnqueueFaultsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir Path dir;

    private Path csv(int rows) throws IOException {
        StringBuilder text = new StringBuilder("bukken_id,image_type,url\n");
        for (int i = 1; i <= rows; i++) {
            text.append(i).append(",1,http://h/").append(i).append(".jpg\n");
        }
        return Files.writeString(dir.resolve("rows.csv"), text, StandardCharsets.UTF_8);
    }

    private static List<String> bodies(int from, int to) {
        List<String> bodies = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            bodies.add(MessageBodies.body("http://h/" + i + ".jpg", "" + i, 1));
        }
        return bodies;
    }

    private static String[] args(FakeSqsServer server, String... more) {
        return withAws(
                server.endpoint(),
                Stream.concat(
                                Stream.of(
                                        "--queue-url",
                                        server.queueUrl(),
                                        "--retry-backoff-ms",
                                        "5"),
                                Stream.of(more))
                        .toArray(String[]::new));
    }

    @Test
    void transientEntryFailuresAreRetriedUntilSent() throws IOException {
        // every third message fails twice before it is accepted
        try (FakeSqsServer server =
                FakeSqsServer.start(
                        (body, seen) ->
                                body.hashCode() % 3 == 0 && seen < 2
                                        ? FakeSqsServer.Fate.TRANSIENT_FAILURE
                                        : FakeSqsServer.Fate.ACCEPT)) {
            Path failed = dir.resolve("failed.jsonl");
            int exit =
                    Tools.run(
                            args(
                                    server,
                                    "--input",
                                    csv(200).toString(),
                                    "--failed-output",
                                    failed.toString()));
            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(server.acceptedBodies()).containsExactlyInAnyOrderElementsOf(bodies(1, 200));
            assertThat(failed).doesNotExist();
        }
    }

    @Test
    void rejectedAndExhaustedMessagesGoToTheFailedFileReadyToReEnqueue() throws IOException {
        String rejected = MessageBodies.body("http://h/7.jpg", "7", 1);
        String flaky = MessageBodies.body("http://h/8.jpg", "8", 1);
        try (FakeSqsServer server =
                FakeSqsServer.start(
                        (body, seen) ->
                                body.equals(rejected)
                                        ? FakeSqsServer.Fate.SENDER_FAULT
                                        : body.equals(flaky)
                                                ? FakeSqsServer.Fate.TRANSIENT_FAILURE
                                                : FakeSqsServer.Fate.ACCEPT)) {
            Path failed = dir.resolve("failed.jsonl");
            int exit =
                    Tools.run(
                            args(
                                    server,
                                    "--input",
                                    csv(30).toString(),
                                    "--max-attempts",
                                    "3",
                                    "--failed-output",
                                    failed.toString()));
            assertThat(exit).isEqualTo(ExitCodes.PROBLEMS);
            List<String> expected = bodies(1, 30);
            expected.removeAll(List.of(rejected, flaky));
            assertThat(server.acceptedBodies()).containsExactlyInAnyOrderElementsOf(expected);

            List<String> lines = Files.readAllLines(failed);
            assertThat(lines).hasSize(2);
            assertThat(lines)
                    .anySatisfy(
                            l -> {
                                assertThat(MAPPER.readTree(l).get("row").asLong()).isEqualTo(7);
                                assertThat(l).contains("InvalidMessageContents");
                            })
                    .anySatisfy(
                            l -> {
                                assertThat(MAPPER.readTree(l).get("row").asLong()).isEqualTo(8);
                                assertThat(l).contains("gave up after 3 attempts");
                            });
            // the failed file is a valid input: each line is still the job's message
            for (String line : lines) {
                assertThat(JsonlRowSource.parse(1, line).error()).isNull();
                assertThat(MessageBodies.build(JsonlRowSource.parse(1, line)))
                        .isInstanceOf(MessageBodies.Valid.class);
            }
            assertThat(server.acceptedCount()).isEqualTo(28);
        }
    }

    @Test
    void resumeFromTheStateFileSendsEachRowOnce() throws IOException {
        try (FakeSqsServer server = FakeSqsServer.start((b, n) -> FakeSqsServer.Fate.ACCEPT)) {
            Path input = csv(250);
            Path state = dir.resolve("enqueue.state.json");
            // a first run that stops after 104 rows stands in for a crash halfway
            assertThat(
                            Tools.run(
                                    args(
                                            server,
                                            "--input",
                                            input.toString(),
                                            "--state-file",
                                            state.toString(),
                                            "--limit",
                                            "104")))
                    .isEqualTo(ExitCodes.OK);
            assertThat(MAPPER.readTree(state.toFile()).get("completed_rows").asLong())
                    .isEqualTo(104);

            assertThat(
                            Tools.run(
                                    args(
                                            server,
                                            "--input",
                                            input.toString(),
                                            "--state-file",
                                            state.toString())))
                    .isEqualTo(ExitCodes.OK);
            assertThat(server.acceptedBodies()).containsExactlyInAnyOrderElementsOf(bodies(1, 250));
            assertThat(MAPPER.readTree(state.toFile()).get("completed_rows").asLong())
                    .isEqualTo(250);

            // --resume-from overrides; a state file of another source is refused
            assertThat(Tools.run(args(server, "--input", input.toString(), "--resume-from", "245")))
                    .isEqualTo(ExitCodes.OK);
            assertThat(server.acceptedCount()).isEqualTo(255);
            Path other = Files.copy(input, dir.resolve("other.csv"));
            assertThat(
                            Tools.run(
                                    args(
                                            server,
                                            "--input",
                                            other.toString(),
                                            "--state-file",
                                            state.toString())))
                    .isEqualTo(ExitCodes.USAGE);
        }
    }

    @Test
    void aStateFileIsRefusedForAnotherFileUnderTheSameName() throws IOException {
        try (FakeSqsServer server = FakeSqsServer.start((b, n) -> FakeSqsServer.Fate.ACCEPT)) {
            Path state = dir.resolve("daily.state.json");
            assertThat(
                            Tools.run(
                                    args(
                                            server,
                                            "--input",
                                            csv(250).toString(),
                                            "--state-file",
                                            state.toString(),
                                            "--limit",
                                            "104")))
                    .isEqualTo(ExitCodes.OK);
            // tomorrow's export under the same name: its rows 1..104 were never sent
            Path tomorrow = csv(300);
            assertThat(
                            Tools.run(
                                    args(
                                            server,
                                            "--input",
                                            tomorrow.toString(),
                                            "--state-file",
                                            state.toString())))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(server.acceptedCount()).isEqualTo(104);
            assertThat(MAPPER.readTree(state.toFile()).get("completed_rows").asLong())
                    .isEqualTo(104);
        }
    }

    @Test
    void aMissingQueueAbortsAndLeavesTheRowsForAResume() throws IOException {
        try (FakeSqsServer server = FakeSqsServer.start((b, n) -> FakeSqsServer.Fate.ACCEPT)) {
            Path state = dir.resolve("state.json");
            Path failed = dir.resolve("failed.jsonl");
            int exit =
                    Tools.run(
                            withAws(
                                    server.endpoint(),
                                    "--input",
                                    csv(500).toString(),
                                    "--queue-url",
                                    server.endpoint() + "/000000000000/nope",
                                    "--state-file",
                                    state.toString(),
                                    "--failed-output",
                                    failed.toString()));
            assertThat(exit).isEqualTo(ExitCodes.ERROR);
            assertThat(server.acceptedCount()).isZero();
            assertThat(failed).doesNotExist();
            assertThat(MAPPER.readTree(state.toFile()).get("completed_rows").asLong()).isZero();

            assertThat(
                            Tools.run(
                                    withAws(
                                            server.endpoint(),
                                            "--input",
                                            csv(500).toString(),
                                            "--queue-name",
                                            "nope")))
                    .isEqualTo(ExitCodes.ERROR);
        }
    }

    @Test
    void usageErrors() throws IOException {
        assertThat(Tools.run("enqueue", "--queue-url", "http://q")).isEqualTo(ExitCodes.USAGE);
        assertThat(
                        Tools.run(
                                "enqueue",
                                "--input",
                                csv(1).toString(),
                                "--jdbc-url",
                                "jdbc:h2:mem:x"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(Tools.run("enqueue", "--input", csv(1).toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(Tools.run("enqueue", "--bogus")).isEqualTo(ExitCodes.USAGE);
        assertThat(Tools.run("enqueue", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(Tools.run("audit", "--help")).isEqualTo(ExitCodes.OK);
    }
}
