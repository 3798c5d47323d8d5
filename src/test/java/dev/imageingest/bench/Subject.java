package dev.imageingest.bench;

import dev.imageingest.bench.endpoints.BenchLayout;
import dev.imageingest.bench.subject.BareLoop;
import dev.imageingest.bench.subject.BenchJob;
import dev.imageingest.config.IngestOptions;
import dev.imageingest.fetch.config.FetchOptions;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The measured JVM of a run: the job ({@link BenchJob}) or the bare loop ({@link BareLoop}), with
 * the job configuration pointing at the endpoints, a hosts file for the image host names, and the
 * trust store for https (when this build of the job has the {@code fetch.tls.*} keys).
 */
final class Subject {
    static final String TRUST_STORE_KEY = "fetch.tls.trust-store";

    private Subject() {}

    /** Job configuration: the endpoints, the run's capacity and parallelism, then {@code --set}. */
    static Map<String, String> jobConfig(BenchOptions o, EndpointsProcess e) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("job.name", "image-ingest bench");
        c.put("job.parallelism", Integer.toString(o.parallelism));
        c.put("aws.region", BenchLayout.REGION);
        c.put("aws.credentials.provider", "BASIC");
        c.put("aws.credentials.access-key-id", BenchLayout.ACCESS_KEY);
        c.put("aws.credentials.secret-access-key", BenchLayout.SECRET_KEY);
        c.put("sqs.queue-url", e.get("sqs.queue-url"));
        c.put("sqs.endpoint", e.get("sqs.endpoint"));
        c.put("s3.bucket", BenchLayout.BUCKET);
        c.put("s3.endpoint", e.get("s3.endpoint"));
        c.put("s3.path-style-access", "true");
        c.put("firehose.delivery-stream", BenchLayout.STREAM);
        c.put("firehose.endpoint", e.get("firehose.endpoint"));
        // the SSRF guard denies loopback: exempt it, and allow the image host's two ports
        c.put("fetch.allow-list", "127.0.0.0/8");
        c.put("fetch.allowed-ports", e.httpPort() + "," + e.httpsPort());
        c.put("fetch.capacity", Integer.toString(o.capacity));
        if (o.httpsFraction > 0 && tlsKeysAvailable()) {
            c.put(TRUST_STORE_KEY, e.trustStore().toAbsolutePath().toString());
            c.put("fetch.tls.trust-store-password", BenchLayout.TRUST_STORE_PASSWORD);
            c.put("fetch.tls.trust-store-type", "PKCS12");
        }
        if (!o.subject.equals("job")) {
            // the job has one downloader (and its per-host limit) per subtask, the bare loop one in
            // all: give it the job's total, so both may hold as many requests per host
            int perHost = FetchOptions.FETCH_PER_HOST_CONCURRENCY.defaultValue() * o.parallelism;
            c.put(FetchOptions.FETCH_PER_HOST_CONCURRENCY.key(), Integer.toString(perHost));
        }
        c.putAll(o.set);
        return c;
    }

    /**
     * Whether this build's job knows the trust store keys (without them https fails with
     * TLS_FAILURE).
     */
    static boolean tlsKeysAvailable() {
        return IngestOptions.all().containsKey(TRUST_STORE_KEY);
    }

    static ChildJvm start(BenchOptions o, EndpointsProcess e, Path dir, Path samples, Path control)
            throws IOException {
        Path config = dir.resolve("job.properties");
        Properties p = new Properties();
        jobConfig(o, e).forEach(p::setProperty);
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(w, "bench job configuration");
        }
        Path hosts = EndpointsProcess.writeHostsFile(dir, o.hosts);
        List<String> jvm = new ArrayList<>();
        jvm.add("-Xmx" + o.jobHeap);
        jvm.add("-XX:+UseG1GC");
        jvm.add("-Djdk.net.hosts.file=" + hosts.toAbsolutePath());
        jvm.add("-Djava.awt.headless=true");
        jvm.addAll(ChildJvm.FLINK_OPENS);
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--config", config.toString(),
                                "--samples", samples.toString(),
                                "--control", control.toString()));
        Class<?> main = BenchJob.class;
        if (!o.subject.equals("job")) {
            main = BareLoop.class;
            args.addAll(
                    List.of(
                            "--loops",
                            Integer.toString(o.bareLoops()),
                            "--firehose",
                            o.subject.equals("bare-batch") ? "batch" : "single"));
        }
        return ChildJvm.start(o.subject, jvm, main, args, dir.resolve(o.subject + ".log"));
    }
}
