package dev.imageingest.tools.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.localstack.LocalAws;
import dev.imageingest.localstack.LocalS3;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.RecordIds;
import dev.imageingest.sink.PathRecordJson;
import dev.imageingest.tools.Tools;
import dev.imageingest.tools.common.ExitCodes;
import dev.imageingest.tools.enqueue.MessageBodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * The audit command against S3Mock: path records as the job writes them (gzip JSONL objects under a
 * prefix, and a local file) pointing at present, missing, resized and corrupted objects.
 */
class AuditTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String IMAGES = "images";
    private static final String RECORDS = "records";
    private static LocalS3 s3;
    private static List<byte[]> records;

    @TempDir Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        s3 = LocalS3.start(IMAGES, RECORDS);
        byte[] good = "good image bytes".getBytes(StandardCharsets.UTF_8);
        byte[] resized = "resized".getBytes(StandardCharsets.UTF_8);
        byte[] corrupt = "corrupt image byteZ".getBytes(StandardCharsets.UTF_8);
        put(IMAGES, "img/good.jpg", good);
        put(IMAGES, "img/resized.jpg", resized);
        put(IMAGES, "img/corrupt.jpg", corrupt);
        records =
                List.of(
                        ok(1, "good", good.length, sha(good)),
                        ok(2, "missing", 10, sha(good)),
                        ok(3, "resized", 999, sha(resized)),
                        ok(4, "corrupt", corrupt.length, sha("the original".getBytes())),
                        failure(5, FetchStatus.HTTP_404),
                        failure(6, FetchStatus.NOT_AN_IMAGE),
                        failure(7, FetchStatus.HTTP_404));
        // Firehose-style: two gzip objects under a date prefix, plus an unrelated prefix
        put(RECORDS, "path-records/2025/01/01/part-1.gz", gzip(records.subList(0, 3)));
        put(RECORDS, "path-records/2025/01/01/part-2.gz", gzip(records.subList(3, 7)));
        put(RECORDS, "other/ignored.jsonl", records.get(1));
    }

    @AfterAll
    static void tearDown() {
        s3.close();
    }

    private static byte[] ok(int bukken, String name, long size, String sha256) {
        String url = "http://img.example/" + name + ".jpg";
        return PathRecordJson.toJsonLine(
                new PathRecord(
                        RecordIds.forImage(url, "" + bukken, 2),
                        "" + bukken,
                        2,
                        url,
                        FetchStatus.OK,
                        "s3://" + IMAGES + "/img/" + name + ".jpg",
                        sha256,
                        "image/jpeg",
                        size,
                        10,
                        10,
                        200,
                        1,
                        null,
                        0L));
    }

    private static byte[] failure(int bukken, FetchStatus status) {
        String url = "http://img.example/f" + bukken + ".jpg";
        return PathRecordJson.toJsonLine(
                new PathRecord(
                        RecordIds.forImage(url, "" + bukken, 1),
                        "" + bukken,
                        1,
                        url,
                        status,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        404,
                        1,
                        "x",
                        0L));
    }

    private static String sha(byte[] bytes) {
        return RecordIds.Hashing.sha256Hex(bytes);
    }

    private static byte[] gzip(List<byte[]> lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (byte[] line : lines) {
                gz.write(line);
            }
        }
        return out.toByteArray();
    }

    private static void put(String bucket, String key, byte[] bytes) {
        s3.client()
                .putObject(b -> b.bucket(bucket).key(key), AsyncRequestBody.fromBytes(bytes))
                .join();
    }

    private static String[] audit(String... args) {
        return Stream.concat(
                        Stream.of(
                                "audit",
                                "--endpoint",
                                s3.endpoint(),
                                "--region",
                                LocalAws.REGION,
                                "--access-key",
                                LocalAws.ACCESS_KEY_ID,
                                "--secret-key",
                                LocalAws.SECRET_ACCESS_KEY,
                                "--no-progress",
                                "--concurrency",
                                "8"),
                        Stream.of(args))
                .toArray(String[]::new);
    }

    private static Map<String, JsonNode> problemsByUrl(Path output) throws IOException {
        Map<String, JsonNode> byUrl = new HashMap<>();
        for (String line : Files.readAllLines(output)) {
            JsonNode node = MAPPER.readTree(line);
            JsonNode url = node.has("URL") ? node.get("URL") : node.get("url");
            byUrl.put(url.asText(), node);
        }
        return byUrl;
    }

    @Test
    void headChecksFindMissingAndResizedObjectsUnderAnS3Prefix() throws IOException {
        Path output = dir.resolve("problems.jsonl");
        int exit =
                Tools.run(
                        audit(
                                "--input",
                                "s3://records/path-records/",
                                "--output",
                                output.toString()));
        assertThat(exit).isEqualTo(ExitCodes.PROBLEMS);
        Map<String, JsonNode> problems = problemsByUrl(output);
        assertThat(problems).hasSize(2);
        JsonNode missing = problems.get("http://img.example/missing.jpg");
        assertThat(missing.get("problem").asText()).isEqualTo("MISSING");
        assertThat(missing.get("bukken_id").isNumber()).isTrue();
        assertThat(problems.get("http://img.example/resized.jpg").get("problem").asText())
                .isEqualTo("SIZE_MISMATCH");
        // message lines are ready to re-enqueue: the job's input format, extra fields ignored
        assertThat(MAPPER.readTree(MessageBodies.body("http://img.example/missing.jpg", "2", 2)))
                .isEqualTo(
                        MAPPER.createObjectNode()
                                .setAll(
                                        Map.of(
                                                "URL",
                                                missing.get("URL"),
                                                "bukken_id",
                                                missing.get("bukken_id"),
                                                "image_type",
                                                missing.get("image_type"))));
    }

    @Test
    void verifyHashAlsoFindsCorruptObjectsInLocalFiles() throws IOException {
        Path input = dir.resolve("records.jsonl");
        try (var out = Files.newOutputStream(input)) {
            for (byte[] line : records) {
                out.write(line);
            }
            out.write("not json\n".getBytes(StandardCharsets.UTF_8));
        }
        Path output = dir.resolve("problems.jsonl");
        int exit =
                Tools.run(
                        audit(
                                "--input",
                                input.toString(),
                                "--verify-hash",
                                "--output-format",
                                "record",
                                "--output",
                                output.toString()));
        assertThat(exit).isEqualTo(ExitCodes.PROBLEMS);
        Map<String, JsonNode> problems = problemsByUrl(output);
        assertThat(problems).hasSize(3);
        assertThat(problems.get("http://img.example/missing.jpg").get("audit_problem").asText())
                .isEqualTo("MISSING");
        assertThat(problems.get("http://img.example/resized.jpg").get("audit_problem").asText())
                .isEqualTo("SIZE_MISMATCH");
        JsonNode corrupt = problems.get("http://img.example/corrupt.jpg");
        assertThat(corrupt.get("audit_problem").asText()).isEqualTo("HASH_MISMATCH");
        assertThat(corrupt.get(PathRecordJson.RECORD_ID).asText()).hasSize(32);
    }

    @Test
    void allPresentExitsZeroAndWritesNoFile() throws IOException {
        Path input = Files.write(dir.resolve("good.jsonl"), records.get(0));
        Files.write(dir.resolve("failures.jsonl"), records.get(4));
        Path output = dir.resolve("problems.jsonl");
        assertThat(
                        Tools.run(
                                audit(
                                        "--input",
                                        dir.toString(),
                                        "--verify-hash",
                                        "--output",
                                        output.toString())))
                .isEqualTo(ExitCodes.OK);
        assertThat(output).doesNotExist();
        assertThat(input).exists();
    }
}
