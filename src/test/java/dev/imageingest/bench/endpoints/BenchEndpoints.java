package dev.imageingest.bench.endpoints;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fast loopback endpoints for the benchmark, all in one JVM so that the job's JVM can be measured
 * on its own: SQS ({@link SqsHandler}), S3 ({@link S3Handler}), Firehose ({@link FirehoseHandler}),
 * the image host over http and https ({@link ImageHostHandler}) and a control port ({@link
 * ControlHandler}), on one Netty event loop group. Queue {@value BenchLayout#QUEUE}, bucket {@value
 * BenchLayout#BUCKET} and stream {@value BenchLayout#STREAM} exist from the start.
 *
 * <pre>
 * BenchEndpoints --ready-file F [--trust-store F.p12] [--latency-ms 100] [--jitter-ms 20]
 *                [--hosts 3] [--pool 512] [--sizes 30k:96,300k:3,1m:1] [--png-every 10]
 *                [--threads 2] [--parent-pid PID]
 * </pre>
 *
 * Writes the ports to the ready file (a properties file, renamed into place once complete) and runs
 * until {@code POST /shutdown}, its parent process ends, or it is killed.
 */
public final class BenchEndpoints implements AutoCloseable {
    /** How the endpoints behave; see the class comment for the command-line names. */
    public record Options(
            int latencyMillis,
            int jitterMillis,
            int hosts,
            int poolSize,
            String sizes,
            int pngEvery,
            int threads) {
        public static Options defaults() {
            return new Options(100, 20, 3, 512, "30k:96,300k:3,1m:1", 10, 2);
        }
    }

    private final Options options;
    private final Counters counters = new Counters();
    private final NettyServers servers;
    private final SqsHandler sqs;
    private final S3Handler s3;
    private final FirehoseHandler firehose;
    private final DeliveredRecords records;
    private final BenchTls tls;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int sqsPort;
    private final int s3Port;
    private final int firehosePort;
    private final int httpPort;
    private final int httpsPort;
    private final int controlPort;

    private BenchEndpoints(Options o) {
        this.options = o;
        this.tls = BenchTls.generate(BenchLayout.hostNames(o.hosts()));
        ImagePool pool =
                ImagePool.generate(o.poolSize(), SizeMix.parse(o.sizes()), o.pngEvery(), 42);
        this.servers = new NettyServers(o.threads(), counters);
        this.sqs = new SqsHandler(counters);
        this.s3 = new S3Handler(counters);
        this.firehose = new FirehoseHandler(counters);
        int maxBody = 64 * 1024 * 1024;
        sqsPort = servers.serve("sqs", null, maxBody, sqs);
        s3Port = servers.serve("s3", null, maxBody, s3);
        firehosePort = servers.serve("firehose", null, maxBody, firehose);
        httpPort =
                servers.serve(
                        "images-http",
                        null,
                        1024 * 1024,
                        new ImageHostHandler(
                                "images-http",
                                counters,
                                pool,
                                o.latencyMillis(),
                                o.jitterMillis()));
        httpsPort =
                servers.serve(
                        "images-https",
                        tls.serverContext(),
                        1024 * 1024,
                        new ImageHostHandler(
                                "images-https",
                                counters,
                                pool,
                                o.latencyMillis(),
                                o.jitterMillis()));
        controlPort =
                servers.serve("control", null, 1024 * 1024, new ControlHandler(this, counters));
        sqs.port(sqsPort);
        SqsQueue queue = sqs.createQueue(BenchLayout.QUEUE);
        s3.createBucket(BenchLayout.BUCKET);
        records = new DeliveredRecords(queue::lastReceiveMillis);
        firehose.createStream(BenchLayout.STREAM, records);
        // visibility timeouts end on time even when no request arrives
        servers.workers()
                .next()
                .scheduleAtFixedRate(
                        () -> sqs.queues().forEach(SqsQueue::expire),
                        20,
                        20,
                        TimeUnit.MILLISECONDS);
    }

    public static BenchEndpoints start(Options options) {
        return new BenchEndpoints(options);
    }

    public Options options() {
        return options;
    }

    public BenchTls tls() {
        return tls;
    }

    public Counters counters() {
        return counters;
    }

    public String sqsEndpoint() {
        return "http://127.0.0.1:" + sqsPort;
    }

    /** The S3 endpoint's objects (protocol tests). */
    S3Handler s3Handler() {
        return s3;
    }

    public String s3Endpoint() {
        return "http://127.0.0.1:" + s3Port;
    }

    public String firehoseEndpoint() {
        return "http://127.0.0.1:" + firehosePort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int httpsPort() {
        return httpsPort;
    }

    public int controlPort() {
        return controlPort;
    }

    public String queueUrl() {
        return BenchLayout.queueUrl(sqsPort, BenchLayout.QUEUE);
    }

    /** Makes a Firehose stream that only counts its records (for load tests). */
    public void createCountingStream(String name) {
        firehose.createStream(name, null);
    }

    public void createBucket(String name) {
        s3.createBucket(name);
    }

    /** Counters, queue depth, records and this JVM's CPU time, for the driver's progress ticks. */
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("timeMillis", System.currentTimeMillis());
        out.put("cpuNanos", processCpuNanos());
        long[] depth = sqs.queue(BenchLayout.QUEUE).depth();
        out.put("queueVisible", depth[0]);
        out.put("queueInFlight", depth[1]);
        out.put("queueDeleted", depth[2]);
        out.put("queueSent", depth[3]);
        out.put("recordLines", records.lines());
        out.put("recordsDistinct", records.distinct());
        out.put("okRecords", records.statuses().getOrDefault("OK", 0L));
        Map<String, S3Handler.StoredObject> objects = s3.objects(BenchLayout.BUCKET);
        out.put("objects", objects == null ? 0 : objects.size());
        out.put("counters", counters.snapshot());
        return out;
    }

    public Map<String, Object> check() {
        return RunCheck.run(
                sqs.queue(BenchLayout.QUEUE),
                records,
                s3.objects(BenchLayout.BUCKET),
                BenchLayout.BUCKET);
    }

    /**
     * p50/p90/p99/max (ms) of receive-to-processed_at and receive-to-arrival, arrivals [from, to).
     */
    public Map<String, Object> latency(int from, int to) {
        long[][] p = records.latencyPercentiles(from, to, 0.5, 0.9, 0.99, 1.0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("toProcessedAt", p[0]);
        out.put("toFirehose", p[1]);
        return out;
    }

    /** Puts {@code n} small messages on a queue (created if needed), without the SQS protocol. */
    public Map<String, Object> load(String queue, int n) {
        SqsQueue q = sqs.createQueue(queue);
        for (int i = 0; i < n; i++) {
            q.send("{\"load\":" + i + "}");
        }
        return Map.of("queue", q.url(), "loaded", n);
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            servers.close();
        }
    }

    public static void main(String[] args) throws Exception {
        Options d = Options.defaults();
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Options o =
                new Options(
                        Integer.parseInt(a.getOrDefault("latency-ms", "" + d.latencyMillis())),
                        Integer.parseInt(a.getOrDefault("jitter-ms", "" + d.jitterMillis())),
                        Integer.parseInt(a.getOrDefault("hosts", "" + d.hosts())),
                        Integer.parseInt(a.getOrDefault("pool", "" + d.poolSize())),
                        a.getOrDefault("sizes", d.sizes()),
                        Integer.parseInt(a.getOrDefault("png-every", "" + d.pngEvery())),
                        Integer.parseInt(a.getOrDefault("threads", "" + d.threads())));
        BenchEndpoints e = start(o);
        if (a.containsKey("parent-pid")) {
            ProcessHandle.of(Long.parseLong(a.get("parent-pid")))
                    .ifPresent(p -> p.onExit().thenRun(() -> System.exit(3)));
        }
        if (a.containsKey("trust-store")) {
            e.tls.writeTrustStore(Path.of(a.get("trust-store")), BenchLayout.TRUST_STORE_PASSWORD);
        }
        e.createCountingStream("ceiling");
        e.createBucket("ceiling");
        Properties p = new Properties();
        p.setProperty("sqs.endpoint", e.sqsEndpoint());
        p.setProperty("sqs.queue-url", e.queueUrl());
        p.setProperty("s3.endpoint", e.s3Endpoint());
        p.setProperty("firehose.endpoint", e.firehoseEndpoint());
        p.setProperty("images.http-port", Integer.toString(e.httpPort));
        p.setProperty("images.https-port", Integer.toString(e.httpsPort));
        p.setProperty("control.port", Integer.toString(e.controlPort));
        p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        Path ready = Path.of(a.getOrDefault("ready-file", "bench-endpoints.properties"));
        Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "bench endpoints");
        } catch (IOException ex) {
            e.close();
            throw ex;
        }
        Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("bench endpoints ready: " + p);
        while (!e.closed.get()) {
            Thread.sleep(200);
        }
        System.exit(0);
    }
}
