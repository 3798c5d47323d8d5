package dev.imageingest.tools.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.localstack.LocalAws;
import dev.imageingest.localstack.LocalSqs;
import dev.imageingest.tools.Tools;
import dev.imageingest.tools.common.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The enqueue command end to end against ElasticMQ: CSV and JDBC (H2 standing in for Snowflake).
 */
class EnqueueToSqsTest {
    private static LocalSqs sqs;

    @TempDir Path dir;

    @BeforeAll
    static void startSqs() {
        sqs = LocalSqs.start();
    }

    @AfterAll
    static void stopSqs() {
        sqs.close();
    }

    static String[] withAws(String endpoint, String... args) {
        return Stream.concat(
                        Stream.of(
                                "enqueue",
                                "--endpoint",
                                endpoint,
                                "--region",
                                LocalAws.REGION,
                                "--access-key",
                                LocalAws.ACCESS_KEY_ID,
                                "--secret-key",
                                LocalAws.SECRET_ACCESS_KEY,
                                "--no-progress"),
                        Stream.of(args))
                .toArray(String[]::new);
    }

    private static List<String> receiveAll(String queueUrl, int expected) {
        List<String> bodies = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            List<Message> batch =
                    sqs.client()
                            .receiveMessage(
                                    b ->
                                            b.queueUrl(queueUrl)
                                                    .maxNumberOfMessages(10)
                                                    .waitTimeSeconds(
                                                            bodies.size() >= expected ? 1 : 2))
                            .join()
                            .messages();
            if (batch.isEmpty() && bodies.size() >= expected) {
                break;
            }
            batch.forEach(m -> bodies.add(m.body()));
        }
        return bodies;
    }

    @Test
    void csvRowsArriveAsInputMessagesAndInvalidRowsAreReported() throws IOException {
        String queue = sqs.createQueue("csv-" + System.nanoTime());
        StringBuilder csv = new StringBuilder("\uFEFFurl,image_type,bukken_id\r\n");
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 95; i++) {
            csv.append("\"http://img.example/p/")
                    .append(i)
                    .append(".jpg?a=1,b=2\",")
                    .append(i % 4)
                    .append(',')
                    .append(1000 + i)
                    .append("\r\n");
            expected.add(
                    MessageBodies.body(
                            "http://img.example/p/" + i + ".jpg?a=1,b=2", "" + (1000 + i), i % 4));
        }
        csv.append(",1,5\r\n"); // row 96: no URL
        csv.append("http://img.example/x.jpg,x,6\r\n"); // row 97: bad image_type
        Path file = Files.writeString(dir.resolve("daily.csv"), csv, StandardCharsets.UTF_8);
        Path invalid = dir.resolve("invalid.jsonl");

        int exit =
                Tools.run(
                        withAws(
                                sqs.endpoint(),
                                "--input",
                                file.toString(),
                                "--queue-url",
                                queue,
                                "--invalid-output",
                                invalid.toString(),
                                "--failed-output",
                                dir.resolve("failed.jsonl").toString(),
                                "--concurrency",
                                "4"));

        assertThat(exit).isEqualTo(ExitCodes.PROBLEMS);
        assertThat(receiveAll(queue, 95)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Files.readAllLines(invalid))
                .hasSize(2)
                .anySatisfy(l -> assertThat(l).contains("\"row\":96").contains("missing URL"))
                .anySatisfy(l -> assertThat(l).contains("\"row\":97").contains("bad image_type"));
        assertThat(dir.resolve("failed.jsonl")).doesNotExist();
    }

    @Test
    void queueByNameAndDryRunSendsNothing() throws IOException {
        String name = "dry-" + System.nanoTime();
        String queue = sqs.createQueue(name);
        Path file =
                Files.writeString(
                        dir.resolve("in.jsonl"),
                        "{\"URL\":\"http://h/a.jpg\",\"bukken_id\":1,\"image_type\":1}\n"
                                + "{\"URL\":\"http://h/b.jpg\",\"bukken_id\":\"B2\",\"image_type\":2}\n");
        assertThat(Tools.run(withAws(sqs.endpoint(), "--input", file.toString(), "--dry-run")))
                .isEqualTo(ExitCodes.OK);
        assertThat(receiveAll(queue, 0)).isEmpty();

        assertThat(
                        Tools.run(
                                withAws(
                                        sqs.endpoint(),
                                        "--input",
                                        file.toString(),
                                        "--queue-name",
                                        name)))
                .isEqualTo(ExitCodes.OK);
        assertThat(receiveAll(queue, 2))
                .containsExactlyInAnyOrder(
                        "{\"URL\":\"http://h/a.jpg\",\"bukken_id\":1,\"image_type\":1}",
                        "{\"URL\":\"http://h/b.jpg\",\"bukken_id\":\"B2\",\"image_type\":2}");
    }

    /** An H2 database with the default query's two tables; returns its JDBC URL. */
    private static String photoDatabase() throws SQLException {
        String url = "jdbc:h2:mem:snowflake" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", "");
                Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE photo_table (bukken_id BIGINT, url VARCHAR(8192), image_type NUMBER(4,0))");
            s.execute(
                    "CREATE TABLE image_path_records (record_id VARCHAR, bukken_id BIGINT,"
                            + " image_type INT, url VARCHAR(8192), status VARCHAR)");
            s.execute(
                    "INSERT INTO photo_table VALUES (1, 'http://h/1.jpg', 1), (2, 'http://h/2.jpg', 2),"
                            + " (3, 'http://h/3.jpg', 3), (4, 'http://h/4.jpg', 4), (5, 'http://h/1.jpg', 1)");
            s.execute(
                    "INSERT INTO image_path_records VALUES ('a', 1, 1, 'http://h/1.jpg', 'OK'),"
                            + " ('b', 2, 2, 'http://h/2.jpg', 'HTTP_404'), ('c', 3, 3, 'http://h/3.jpg', 'OK')");
        }
        return url;
    }

    @Test
    void jdbcDefaultQuerySkipsImagesThatAlreadyHaveAnOkRecord() throws SQLException {
        String queue = sqs.createQueue("jdbc-" + System.nanoTime());
        String url = photoDatabase();
        int exit =
                Tools.run(
                        withAws(
                                sqs.endpoint(),
                                "--jdbc-url",
                                url,
                                "--jdbc-user",
                                "sa",
                                "--fetch-size",
                                "2",
                                "--count",
                                "--queue-url",
                                queue));
        assertThat(exit).isEqualTo(ExitCodes.OK);
        // 1 and 3 are delivered; 2 failed before (re-enqueued); 5 shares 1's URL under another id
        assertThat(receiveAll(queue, 3))
                .containsExactlyInAnyOrder(
                        MessageBodies.body("http://h/2.jpg", "2", 2),
                        MessageBodies.body("http://h/4.jpg", "4", 4),
                        MessageBodies.body("http://h/1.jpg", "5", 1));
    }

    @Test
    void sqlSourcesRefuseRowOffsetsAndSayHowToResume() throws SQLException {
        String queue = sqs.createQueue("jdbc-resume-" + System.nanoTime());
        String url = photoDatabase();
        Path state = dir.resolve("state.json");
        for (String[] resume :
                List.of(
                        new String[] {"--state-file", state.toString()},
                        new String[] {"--resume-from", "1"})) {
            String[] args =
                    Stream.concat(
                                    Stream.of(
                                            "--jdbc-url",
                                            url,
                                            "--jdbc-user",
                                            "sa",
                                            "--queue-url",
                                            queue),
                                    Stream.of(resume))
                            .toArray(String[]::new);
            StringBuilder stderr = new StringBuilder();
            assertThat(runCapturingStderr(stderr, withAws(sqs.endpoint(), args)))
                    .isEqualTo(ExitCodes.USAGE);
            assertThat(stderr.toString())
                    .contains("--input only", "re-run", "OK record", "de-duplicated downstream");
        }
        assertThat(state).doesNotExist();
        assertThat(sqs.depth(queue).total()).isZero();
    }

    private static int runCapturingStderr(StringBuilder stderr, String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return Tools.run(args);
        } finally {
            System.setErr(original);
            stderr.append(captured.toString(StandardCharsets.UTF_8));
        }
    }
}
