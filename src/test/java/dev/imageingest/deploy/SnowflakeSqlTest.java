package dev.imageingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.RecordIds;
import dev.imageingest.sink.FirehoseSinks;
import dev.imageingest.sink.PathRecordJson;
import dev.imageingest.tools.enqueue.DefaultQuery;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * deploy/snowflake against the job's real output: path records of several statuses are serialized
 * by the Firehose sink's own serializer, gzipped into one object as Firehose delivers them, loaded
 * into an H2 table created from 04_table.sql (mapping in {@link SnowflakeTable}), and then the
 * views of 06_views.sql and the enqueuer's default anti-join ({@link DefaultQuery}) run on it. H2
 * 2.3 supports QUALIFY, so the views run unchanged (only the {@code USE} session commands are
 * skipped). The tests only read what was loaded (one adds the photo table), so they share one
 * database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnowflakeSqlTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 =
            Instant.parse("2026-11-03T04:05:06Z"); // whole second: "...06Z"

    private static final ImageRequest EXTERIOR =
            request("https://例え.jp/物件/外観.jpg?サイズ=大", "12345", 1);
    private static final ImageRequest EXTERIOR_NEWER =
            request("https://cdn.example.com/b/12345/2.jpg", "12345", 1);
    private static final ImageRequest FLOOR_PLAN =
            request("https://cdn.example.com/b/12345/plan.png", "12345", 2);
    private static final ImageRequest LEADING_ZEROS =
            request("https://img.example.jp/00123.jpg", "00123", 2);
    private static final ImageRequest NUMERIC_123 =
            request("https://img.example.jp/123.jpg", "123", 2);
    private static final ImageRequest GONE = request("https://img.example.jp/gone.jpg", "B-77", 3);
    private static final ImageRequest NEVER_SENT =
            request("https://img.example.jp/new.jpg", "B-77", 4);

    private Connection db;
    private SnowflakeTable table;
    private List<PathRecord> records;

    @BeforeAll
    void loadTheJobsOutput() throws Exception {
        records = new ArrayList<>();
        records.add(
                PathRecord.failure(
                        EXTERIOR,
                        FetchStatus.TIMEOUT,
                        null,
                        3,
                        "total deadline",
                        T0.toEpochMilli()));
        records.add(ok(EXTERIOR, 1_500)); // redelivered after the timeout and stored
        records.add(ok(EXTERIOR, 1_500)); // the same delivery again (replay after a failover)
        records.add(ok(EXTERIOR_NEWER, 60_000));
        records.add(ok(FLOOR_PLAN, 10_000));
        records.add(
                PathRecord.failure(
                        FLOOR_PLAN, FetchStatus.HTTP_404, 404, 1, "HTTP 404", at(20_000)));
        records.add(ok(LEADING_ZEROS, 2_000));
        records.add(ok(NUMERIC_123, 3_000));
        records.add(
                PathRecord.failure(
                        GONE, FetchStatus.HTTP_410, 410, 1, "HTTP 410 \"gone\"", at(4_000)));
        records.add(
                PathRecord.invalidMessage(
                        RecordIds.forRawMessage("{not json"), "not JSON", at(5_000)));

        table = SnowflakeTable.parse(SqlFiles.DIR.resolve("04_table.sql"));
        db = DriverManager.getConnection("jdbc:h2:mem:snowflake-sql-" + System.nanoTime());
        table.create(db);
        table.load(db, firehoseObjectLines(records));
        for (String view : SqlFiles.portableStatements(SqlFiles.DIR.resolve("06_views.sql"))) {
            try (Statement s = db.createStatement()) {
                s.execute(view);
            }
        }
    }

    @AfterAll
    void close() throws Exception {
        db.close();
    }

    @Test
    void tableHasExactlyTheColumnsTheJobWritesAndTheEnqueuersDefaultName() throws Exception {
        Set<String> written = new TreeSet<>();
        for (Field f : PathRecordJson.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                written.add((String) f.get(null));
            }
        }
        assertThat(new TreeSet<>(table.columns.keySet())).isEqualTo(written);
        assertThat(table.name).isEqualToIgnoringCase(DefaultQuery.PATH_RECORD_TABLE);
    }

    @Test
    void everyRecordLoadsWithItsValues() throws Exception {
        assertThat(queryInt("SELECT COUNT(*) FROM " + table.name)).isEqualTo(records.size());
        Map<String, Object> row =
                row(
                        "SELECT * FROM "
                                + table.name
                                + " WHERE record_id = '"
                                + EXTERIOR.recordId()
                                + "' AND status = 'TIMEOUT'");
        assertThat(row.get("URL")).isEqualTo(EXTERIOR.url());
        assertThat(row.get("BUKKEN_ID"))
                .isEqualTo("12345"); // sent as a JSON number, recorded as its digits
        assertThat(row.get("ATTEMPTS").toString()).isEqualTo("3");
        assertThat(row.get("S3_PATH")).isNull();
        assertThat(((OffsetDateTime) row.get("PROCESSED_AT")).toInstant()).isEqualTo(T0);
        Map<String, Object> ok =
                row(
                        "SELECT * FROM "
                                + table.name
                                + " WHERE record_id = '"
                                + LEADING_ZEROS.recordId()
                                + "'");
        assertThat(ok.get("BUKKEN_ID")).isEqualTo("00123"); // a JSON string, leading zeros kept
        assertThat(ok.get("SIZE_BYTES").toString()).isEqualTo("34567");
        assertThat(((OffsetDateTime) ok.get("PROCESSED_AT")).toInstant())
                .isEqualTo(T0.plusMillis(2_000));
        assertThat(
                        queryInt(
                                "SELECT COUNT(*) FROM "
                                        + table.name
                                        + " WHERE bukken_id IS NULL AND status = 'INVALID_MESSAGE'"))
                .isEqualTo(1);
    }

    @Test
    void dedupViewKeepsTheLatestDeliveryOfEachRecord() throws Exception {
        Map<String, String> status = new LinkedHashMap<>();
        try (ResultSet rs =
                db.createStatement()
                        .executeQuery("SELECT record_id, status FROM IMAGE_PATH_RECORDS_DEDUP")) {
            while (rs.next()) {
                assertThat(status.put(rs.getString(1), rs.getString(2)))
                        .as("one row per record_id")
                        .isNull();
            }
        }
        assertThat(status)
                .hasSize(queryInt("SELECT COUNT(DISTINCT record_id) FROM " + table.name))
                .hasSize(7);
        assertThat(status.get(EXTERIOR.recordId())).isEqualTo("OK"); // stored after the timeout
        assertThat(status.get(FLOOR_PLAN.recordId())).isEqualTo("HTTP_404"); // gone since
        assertThat(status.get(GONE.recordId())).isEqualTo("HTTP_410");
    }

    @Test
    void latestImageViewHasTheNewestStoredImagePerListingAndType() throws Exception {
        Map<String, String> latest = new LinkedHashMap<>();
        try (ResultSet rs =
                db.createStatement()
                        .executeQuery(
                                "SELECT bukken_id, image_type, url, s3_path FROM LATEST_IMAGE_PER_BUKKEN")) {
            while (rs.next()) {
                assertThat(rs.getString("s3_path")).startsWith("s3://images-bucket/images/");
                latest.put(rs.getString(1) + "/" + rs.getInt(2), rs.getString(3));
            }
        }
        assertThat(latest)
                .containsOnly(
                        Map.entry("12345/1", EXTERIOR_NEWER.url()),
                        Map.entry("12345/2", FLOOR_PLAN.url()), // a later 404 does not hide it
                        Map.entry("00123/2", LEADING_ZEROS.url()),
                        Map.entry("123/2", NUMERIC_123.url()));
    }

    @Test
    void enqueuersDefaultQueryReturnsOnlyImagesWithoutAnOkRecord() throws Exception {
        try (Statement s = db.createStatement()) {
            s.execute(
                    "CREATE TABLE "
                            + DefaultQuery.PHOTO_TABLE
                            + " (bukken_id VARCHAR, url VARCHAR, image_type INTEGER)");
        }
        for (ImageRequest r :
                List.of(
                        EXTERIOR,
                        EXTERIOR_NEWER,
                        FLOOR_PLAN,
                        LEADING_ZEROS,
                        NUMERIC_123,
                        GONE,
                        NEVER_SENT)) {
            try (var insert =
                    db.prepareStatement(
                            "INSERT INTO " + DefaultQuery.PHOTO_TABLE + " VALUES (?, ?, ?)")) {
                insert.setString(1, r.bukkenId());
                insert.setString(2, r.url());
                insert.setInt(3, r.imageType());
                insert.executeUpdate();
            }
        }
        Set<String> toSend = new TreeSet<>();
        try (ResultSet rs =
                db.createStatement()
                        .executeQuery(DefaultQuery.sql(DefaultQuery.PHOTO_TABLE, table.name))) {
            while (rs.next()) {
                toSend.add(rs.getString("url"));
            }
        }
        assertThat(toSend).containsExactlyInAnyOrder(GONE.url(), NEVER_SENT.url());
    }

    @Test
    void pipeCopiesFromTheStageOnTheFirehosePrefixWithTheFileFormatIntoTheTable() throws Exception {
        String integration =
                name(
                        "01_storage_integration.sql",
                        "CREATE STORAGE INTEGRATION IF NOT EXISTS (\\w+)");
        String format =
                name("02_file_format.sql", "CREATE FILE FORMAT IF NOT EXISTS (\\w+) TYPE = JSON");
        String stage = name("03_stage.sql", "CREATE STAGE IF NOT EXISTS (\\w+)");
        String stageSql = statement("03_stage.sql", "CREATE STAGE");
        String recordsPrefix =
                TfModule.literal(
                        TfModule.attribute(
                                TfModule.load(TerraformModuleTest.MODULE)
                                        .byAddress("variable")
                                        .get("records_prefix")
                                        .symbol(),
                                "default"));
        assertThat(stageSql)
                .matches(".* URL = 's3://[^/']+/" + Pattern.quote(recordsPrefix) + "' .*")
                .contains("STORAGE_INTEGRATION = " + integration)
                .contains("FILE_FORMAT = " + format);
        String pipe = statement("05_pipe.sql", "CREATE PIPE");
        assertThat(pipe)
                .contains("AUTO_INGEST = TRUE")
                .contains(
                        "COPY INTO "
                                + table.name
                                + " FROM @"
                                + stage
                                + " FILE_FORMAT = (FORMAT_NAME = '"
                                + format
                                + "') MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE");
        String grants =
                String.join("\n", SqlFiles.statements(SqlFiles.DIR.resolve("07_grants.sql")));
        for (String view : List.of("IMAGE_PATH_RECORDS_DEDUP", "LATEST_IMAGE_PER_BUKKEN")) {
            assertThat(grants).contains("GRANT SELECT ON VIEW " + view + " ");
        }
        assertThat(grants)
                .contains("GRANT SELECT ON TABLE " + table.name + " ")
                .contains("ON PIPE PATH_RECORD_PIPE ");
    }

    // ------------------------------------------------------------------ helpers

    private static ImageRequest request(String url, String bukkenId, int imageType) {
        return new ImageRequest(
                RecordIds.forImage(url, bukkenId, imageType), url, bukkenId, imageType);
    }

    private static long at(long offsetMillis) {
        return T0.toEpochMilli() + offsetMillis;
    }

    private static PathRecord ok(ImageRequest r, long offsetMillis) {
        String sha = RecordIds.Hashing.sha256Hex(r.url().getBytes(StandardCharsets.UTF_8));
        return new PathRecord(
                r.recordId(),
                r.bukkenId(),
                r.imageType(),
                r.url(),
                FetchStatus.OK,
                "s3://images-bucket/images/"
                        + sha.substring(0, 2)
                        + "/"
                        + sha.substring(2, 4)
                        + "/"
                        + sha
                        + ".jpg",
                sha,
                "image/jpeg",
                34_567L,
                640,
                480,
                200,
                1,
                null,
                at(offsetMillis));
    }

    /**
     * Serialized by the sink's schema, concatenated and gzipped like one Firehose object, read
     * back.
     */
    private static List<JsonNode> firehoseObjectLines(List<PathRecord> records) throws Exception {
        FirehoseSinks.JsonLines schema = new FirehoseSinks.JsonLines();
        ByteArrayOutputStream object = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(object)) {
            for (PathRecord r : records) {
                gz.write(schema.serialize(r));
            }
        }
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(new ByteArrayInputStream(object.toByteArray())),
                                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).hasSize(records.size());
        return lines;
    }

    private int queryInt(String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Map<String, Object> row(String sql) throws Exception {
        Map<String, Object> row = new LinkedHashMap<>();
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(
                        rs.getMetaData().getColumnName(i).toUpperCase(Locale.ROOT),
                        rs.getObject(i));
            }
            assertThat(rs.next()).as("one row: " + sql).isFalse();
        }
        return row;
    }

    private static String statement(String file, String prefix) throws Exception {
        return SqlFiles.statements(SqlFiles.DIR.resolve(file)).stream()
                .filter(s -> s.toUpperCase(Locale.ROOT).startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + ": no " + prefix));
    }

    private static String name(String file, String regex) throws Exception {
        for (String s : SqlFiles.statements(SqlFiles.DIR.resolve(file))) {
            Matcher m = Pattern.compile(regex + "\\b.*", Pattern.CASE_INSENSITIVE).matcher(s);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new AssertionError(file + ": nothing matches " + regex);
    }
}
