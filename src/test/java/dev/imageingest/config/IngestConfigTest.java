package dev.imageingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.fetch.config.FetchOptions;
import dev.imageingest.settings.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigTest {

    static Map<String, String> required() {
        Map<String, String> m = new HashMap<>();
        m.put("sqs.queue-url", "http://localhost:9324/000000000000/images");
        m.put("s3.bucket", "images");
        m.put("firehose.delivery-stream", "path-records");
        return m;
    }

    @Test
    void defaultsFillEverythingButTheRequiredKeys() {
        IngestConfig c = IngestConfig.of(required());
        assertThat(c.sqs().maxMessagesPerReceive()).isEqualTo(10);
        assertThat(c.sqs().waitTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.fetch().allowedPorts()).containsExactlyInAnyOrder(80, 443);
        assertThat(c.s3().keyPrefix()).isEqualTo("images");
        assertThat(c.firehose().deliveryStream()).isEqualTo("path-records");
    }

    @Test
    void everyRequiredKeyIsNamedWhenMissing() {
        for (String key : IngestOptions.requiredKeys()) {
            Map<String, String> m = required();
            m.remove(key);
            assertThatThrownBy(() -> IngestConfig.of(m))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'" + key + "'")
                    .hasMessageContaining("required");
        }
    }

    @Test
    void unknownKeysAreRejected() {
        Map<String, String> m = required();
        m.put("sqs.queue-ulr", "typo");
        assertThatThrownBy(() -> IngestConfig.of(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sqs.queue-ulr'")
                .hasMessageContaining("unknown");
    }

    @Test
    void unparsableValuesNameTheKey() {
        assertRejected("fetch.capacity", "lots", "cannot parse");
        assertRejected("sqs.wait-time", "soon", "cannot parse");
        assertRejected("fetch.max-bytes", "big", "cannot parse");
        assertRejected("s3.path-style-access", "maybe", "cannot parse");
    }

    @Test
    void outOfRangeValuesNameTheKey() {
        assertRejected("sqs.max-messages-per-receive", "11", "between 1 and 10");
        assertRejected("sqs.wait-time", "21s", "between");
        assertRejected("fetch.capacity", "0", "between");
        assertRejected("firehose.max-batch-size", "501", "between");
        assertRejected("fetch.operator-timeout", "10s", "must exceed fetch.total-timeout");
        assertRejected("fetch.allowed-ports", "80,http", "not a port");
        assertRejected("fetch.in-flight-bytes", "1mb", "must be >= 2 x fetch.max-bytes");
        // the default fetch.max-bytes is 32mb: a 32mb growth reserve plus room for one body
        assertRejected("fetch.in-flight-bytes", "63mb", "must be >= 2 x fetch.max-bytes");
        assertRejected("aws.credentials.provider", "MAGIC", "AUTO or BASIC");
        assertRejected("sqs.queue-url", "not a url", "URL");
        assertRejected("job.checkpoint-interval", "0s", "positive");
        assertRejected("sqs.visibility-timeout", "13h", "between");
    }

    @Test
    void basicCredentialsNeedBothKeys() {
        Map<String, String> m = required();
        m.put("aws.credentials.provider", "BASIC");
        m.put("aws.credentials.access-key-id", "AKIA");
        assertThatThrownBy(() -> IngestConfig.of(m))
                .hasMessageContaining("'aws.credentials.secret-access-key'");
    }

    @Test
    void secretsAreNotPrinted() {
        Map<String, String> m = required();
        m.put("aws.credentials.provider", "BASIC");
        m.put("aws.credentials.access-key-id", "AKIA");
        m.put("aws.credentials.secret-access-key", "very-secret");
        assertThat(IngestConfig.of(m).sqs().toString()).doesNotContain("very-secret");
    }

    @Test
    void argsOverrideFileWhichOverridesManagedFlinkGroups(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("job.properties");
        Files.writeString(
                file,
                "sqs.queue-url = http://file/000/q\ns3.bucket = from-file\n"
                        + "firehose.delivery-stream = s\nfetch.capacity = 7\n");
        Map<String, String> cli =
                ConfigLoader.parseArgs(
                        new String[] {
                            "--config",
                            file.toString(),
                            "--fetch.capacity",
                            "9",
                            "--s3.key-prefix=p"
                        });
        assertThat(cli)
                .containsEntry("config", file.toString())
                .containsEntry("s3.key-prefix", "p");

        Map<String, String> merged = new HashMap<>(ConfigLoader.fromFile(file));
        cli.remove("config");
        merged.putAll(cli);
        IngestConfig c = IngestConfig.of(merged);
        assertThat(c.get(FetchOptions.FETCH_CAPACITY)).isEqualTo(9);
        assertThat(c.s3().bucket()).isEqualTo("from-file");
        assertThat(c.s3().keyPrefix()).isEqualTo("p");
    }

    @Test
    void fromArgsLoadsAFileAndArgs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("job.properties");
        Files.writeString(
                file,
                "sqs.queue-url = http://file/000/q\ns3.bucket = b\nfirehose.delivery-stream = s\n");
        IngestConfig c =
                ConfigLoader.fromArgs(
                        new String[] {"--config", file.toString(), "--fetch.capacity", "3"});
        assertThat(c.get(FetchOptions.FETCH_CAPACITY)).isEqualTo(3);
        assertThatThrownBy(
                        () ->
                                ConfigLoader.fromArgs(
                                        new String[] {
                                            "--config", file.toString(), "--fetch.capacity"
                                        }))
                .hasMessageContaining("'fetch.capacity'");
        assertThatThrownBy(() -> ConfigLoader.fromArgs(new String[] {"stray"}))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void managedFlinkGroupsFlattenToKeys() {
        Properties main = new Properties();
        main.setProperty("sqs.queue-url", "http://q/000/x");
        Properties s3 = new Properties();
        s3.setProperty("bucket", "grouped");
        Map<String, String> values =
                ConfigLoader.fromPropertyGroups(Map.of(ConfigLoader.MSF_GROUP, main, "s3", s3));
        assertThat(values)
                .containsEntry("sqs.queue-url", "http://q/000/x")
                .containsEntry("s3.bucket", "grouped");
    }

    @Test
    void everyOptionHasADescription() {
        IngestOptions.all()
                .values()
                .forEach(
                        o ->
                                assertThat(ConfigTableMarkdown.describe(o))
                                        .as(o.key())
                                        .hasSizeGreaterThan(10));
    }

    private static void assertRejected(String key, String value, String problem) {
        Map<String, String> m = required();
        m.put(key, value);
        assertThatThrownBy(() -> IngestConfig.of(m))
                .as(key + "=" + value)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'" + key + "'")
                .hasMessageContaining(problem);
    }
}
