package dev.imageingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.fetch.guard.StaticDns;
import dev.imageingest.fetch.http.HostileServer;
import dev.imageingest.fetch.store.S3Settings;
import dev.imageingest.localstack.LocalAws;
import dev.imageingest.localstack.LocalS3;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link FetchImageFunction} inside {@link AsyncDataStream} on a MiniCluster, against the hostile
 * server and an in-process S3 (S3Mock): every input yields exactly one record with its expected
 * status, OK images land in S3 with their sniffed type and size, and the job finishes.
 */
class FetchImageFunctionITCase {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    static HostileServer server;
    static LocalS3 s3;

    @BeforeAll
    static void start() throws Exception {
        server = new HostileServer();
        s3 = LocalS3.start("images");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        s3.close();
    }

    @Test
    void everyInputYieldsExactlyOneRecordWithItsStatus() throws Exception {
        String base = "http://hostile.test:" + server.port();
        Map<String, FetchStatus> expected = new LinkedHashMap<>();
        expected.put(base + "/ok.jpg", FetchStatus.OK);
        expected.put(base + "/ok.png", FetchStatus.OK);
        expected.put(base + "/redirect?to=/ok.jpg%3Fvia-redirect", FetchStatus.OK);
        expected.put(base + "/503?key=it&n=1", FetchStatus.OK);
        expected.put(base + "/stall", FetchStatus.TIMEOUT);
        expected.put(base + "/slowloris", FetchStatus.TIMEOUT);
        expected.put(base + "/endless", FetchStatus.TOO_LARGE);
        expected.put(base + "/huge-length", FetchStatus.TOO_LARGE);
        expected.put(base + "/gzip-bomb", FetchStatus.TOO_LARGE);
        expected.put(base + "/html", FetchStatus.NOT_AN_IMAGE);
        expected.put(base + "/svg", FetchStatus.NOT_AN_IMAGE);
        expected.put(base + "/truncated.jpg", FetchStatus.NOT_AN_IMAGE);
        expected.put(base + "/empty", FetchStatus.EMPTY_BODY);
        expected.put(base + "/pixels.png", FetchStatus.TOO_MANY_PIXELS);
        expected.put(base + "/reset", FetchStatus.CONNECTION_RESET);
        expected.put(base + "/loop", FetchStatus.TOO_MANY_REDIRECTS);
        expected.put(
                base + "/redirect?to=http://169.254.169.254/latest/meta-data/",
                FetchStatus.BLOCKED_ADDRESS);
        expected.put(
                base + "/redirect?to=http://127.0.0.1:" + server.port() + "/ok.jpg",
                FetchStatus.BLOCKED_ADDRESS);
        expected.put("http://evil.test:" + server.port() + "/ok.jpg", FetchStatus.BLOCKED_ADDRESS);
        expected.put("http://2852039166/latest/meta-data/", FetchStatus.BLOCKED_ADDRESS);
        expected.put("file:///etc/passwd", FetchStatus.BLOCKED_SCHEME);
        expected.put(base + "/status/404", FetchStatus.HTTP_404);
        expected.put(base + "/status/403", FetchStatus.HTTP_4XX);
        expected.put(base + "/status/500", FetchStatus.HTTP_5XX);
        expected.put(base + "/always-429?after=0", FetchStatus.HTTP_429);
        expected.put("http://nope.test/a.jpg", FetchStatus.DNS_FAILURE);

        List<ImageRequest> requests = new ArrayList<>();
        int i = 0;
        for (String url : expected.keySet()) {
            requests.add(new ImageRequest("rec-" + i, url, "b" + i, i++ % 5));
        }

        TestFetchSettings fetch = new TestFetchSettings().allow(server.port(), "hostile.test");
        fetch.operatorTimeout = Duration.ofSeconds(20);
        fetch.maxPixels = 100_000_000;
        S3Settings s3Settings =
                new S3Settings("images", "img/", s3.endpoint(), true, 8, LocalAws.settings());
        StaticDns dns =
                new StaticDns().map("hostile.test", "127.0.0.1").map("evil.test", "127.0.0.1");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<PathRecord> records =
                AsyncDataStream.unorderedWait(
                        env.fromData(requests),
                        new FetchImageFunction(fetch.build(), s3Settings, dns),
                        fetch.operatorTimeout.toMillis(),
                        TimeUnit.MILLISECONDS,
                        16);
        List<PathRecord> out = new ArrayList<>();
        try (CloseableIterator<PathRecord> it = records.executeAndCollect("fetch-itcase")) {
            it.forEachRemaining(out::add);
        }

        assertThat(out).hasSize(requests.size());
        assertThat(out).extracting(PathRecord::recordId).doesNotHaveDuplicates();
        for (PathRecord r : out) {
            assertThat(r.status()).as(r.url() + ": " + r.error()).isEqualTo(expected.get(r.url()));
            if (r.ok()) {
                assertThat(r.s3Path()).startsWith("s3://images/img/");
                String key = r.s3Path().substring("s3://images/".length());
                var head = s3.client().headObject(b -> b.bucket("images").key(key)).join();
                assertThat(head.contentLength()).isEqualTo(r.sizeBytes());
                assertThat(head.contentType()).isEqualTo(r.contentType());
                assertThat(r.width()).isPositive();
                assertThat(r.height()).isPositive();
            } else {
                assertThat(r.s3Path()).isNull();
                assertThat(r.error()).isNotBlank();
            }
        }
        PathRecord jpeg =
                out.stream()
                        .filter(r -> r.url().equals(base + "/ok.jpg"))
                        .findFirst()
                        .orElseThrow();
        assertThat(jpeg.width()).isEqualTo(32);
        assertThat(jpeg.height()).isEqualTo(24);
        assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
        assertThat(server.seen()).allSatisfy(s -> assertThat(s.host()).startsWith("hostile.test:"));
    }
}
