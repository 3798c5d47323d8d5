package dev.imageingest.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.imageingest.aws.AwsClients;
import dev.imageingest.bench.endpoints.BenchLayout;
import dev.imageingest.fetch.store.direct.DirectS3Client;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The S3 PUT path alone: client CPU per PutObject of the same bodies to the benchmark's S3 endpoint
 * (its own JVM), for each way the job could put an image:
 *
 * <ul>
 *   <li>{@code direct}: {@link DirectS3Client} (the job's own Netty client, SDK SigV4 signer);
 *   <li>{@code sdk}: the SDK's S3 async client on its Netty HTTP client, configured as the job
 *       configured it ({@link AwsClients#nettyHttpClient});
 *   <li>{@code sdk-crt-http}: the same S3 client on the CRT HTTP client ({@code aws-crt-client});
 *   <li>{@code crt}: the CRT-based S3 client ({@code S3AsyncClient.crtBuilder()}).
 * </ul>
 *
 * The CRT ones need {@code -Pcrt} (native code, kept off the test classpath otherwise):
 *
 * <pre>
 * mvn -q -Pcrt test-compile exec:exec@bench-s3put -Dbench.args="--puts 40000"
 * </pre>
 *
 * CPU is this JVM's process CPU time (all threads, user + system) over the measured puts, after a
 * warm-up of each client; rounds alternate the clients so load changes hit all of them.
 */
public final class S3PutComparison {
    private S3PutComparison() {}

    interface Put {
        CompletableFuture<?> put(String key, byte[] body, byte[] sha256);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--puts", "40000");
        o.put("--warmup", "30000");
        o.put("--size", "30000");
        o.put("--concurrency", "64");
        o.put("--rounds", "2");
        o.put("--clients", "direct,sdk,sdk-crt-http,crt");
        o.put("--out", "target/bench/s3put");
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!o.containsKey(args[i])) {
                throw new IllegalArgumentException(
                        "unknown option " + args[i] + "; known " + o.keySet());
            }
            o.put(args[i], args[i + 1]);
        }
        int puts = Integer.parseInt(o.get("--puts"));
        int warmup = Integer.parseInt(o.get("--warmup"));
        int size = Integer.parseInt(o.get("--size"));
        int concurrency = Integer.parseInt(o.get("--concurrency"));
        int rounds = Integer.parseInt(o.get("--rounds"));
        List<String> names = List.of(o.get("--clients").split(","));

        BenchOptions bo = BenchOptions.parse(new String[0]);
        try (EndpointsProcess endpoints = EndpointsProcess.start(bo, Path.of(o.get("--out")))) {
            String s3 = endpoints.get("s3.endpoint");
            Map<String, Put> clients = new LinkedHashMap<>();
            List<AutoCloseable> closers = new ArrayList<>();
            for (String n : names) {
                clients.put(n, client(n, s3, concurrency, closers));
            }
            byte[][] bodies = new byte[64][];
            byte[][] sums = new byte[64][];
            Random r = new Random(7);
            for (int i = 0; i < bodies.length; i++) {
                bodies[i] = new byte[size + r.nextInt(size / 5)];
                r.nextBytes(bodies[i]);
                sums[i] = MessageDigest.getInstance("SHA-256").digest(bodies[i]);
            }
            for (Map.Entry<String, Put> c : clients.entrySet()) {
                run(c.getKey() + "-warm", c.getValue(), warmup, concurrency, bodies, sums);
            }
            System.out.printf(
                    "%-14s %8s %8s %10s %14s  load%n",
                    "client", "puts", "wall s", "puts/s", "CPU us/put");
            for (int round = 1; round <= rounds; round++) {
                for (Map.Entry<String, Put> c : clients.entrySet()) {
                    double load =
                            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                    long[] m =
                            run(
                                    c.getKey() + "-r" + round,
                                    c.getValue(),
                                    puts,
                                    concurrency,
                                    bodies,
                                    sums);
                    double wall = m[0] / 1e9;
                    System.out.printf(
                            "%-14s %8d %8.1f %10.0f %14.1f  %.1f%n",
                            c.getKey(), puts, wall, puts / wall, m[1] / 1e3 / puts, load);
                }
            }
            for (AutoCloseable c : closers) {
                c.close();
            }
        }
    }

    /** Puts {@code n} objects, at most {@code concurrency} at a time; returns wall and CPU ns. */
    private static long[] run(
            String prefix, Put client, int n, int concurrency, byte[][] bodies, byte[][] sums)
            throws Exception {
        OperatingSystemMXBean os =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Semaphore slots = new Semaphore(concurrency);
        AtomicLong failures = new AtomicLong();
        AtomicReference<Throwable> first = new AtomicReference<>();
        System.gc();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            int k = i % bodies.length;
            client.put("cmp/" + prefix + "/" + i, bodies[k], sums[k])
                    .whenComplete(
                            (v, e) -> {
                                if (e != null) {
                                    failures.incrementAndGet();
                                    first.compareAndSet(null, e);
                                }
                                slots.release();
                            });
        }
        slots.acquire(concurrency);
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        if (failures.get() > 0) {
            throw new IllegalStateException(
                    prefix + ": " + failures.get() + " puts failed", first.get());
        }
        return new long[] {wall, cpu};
    }

    private static Put client(
            String name, String endpoint, int concurrency, List<AutoCloseable> closers)
            throws Exception {
        StaticCredentialsProvider creds =
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(BenchLayout.ACCESS_KEY, BenchLayout.SECRET_KEY));
        Duration timeout = Duration.ofSeconds(60);
        switch (name) {
            case "direct":
                {
                    DirectS3Client c =
                            new DirectS3Client(
                                    BenchLayout.BUCKET,
                                    BenchLayout.REGION,
                                    endpoint,
                                    true,
                                    concurrency,
                                    creds);
                    closers.add(c);
                    return (key, body, sha) -> c.put(key, body, "image/jpeg", sha, timeout);
                }
            case "sdk":
                return sdkPut(
                        S3AsyncClient.builder()
                                .httpClientBuilder(AwsClients.nettyHttpClient(concurrency)),
                        endpoint,
                        creds,
                        closers);
            case "sdk-crt-http":
                {
                    @SuppressWarnings("unchecked")
                    SdkAsyncHttpClient.Builder<?> http =
                            (SdkAsyncHttpClient.Builder<?>)
                                    Class.forName(
                                                    "software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient")
                                            .getMethod("builder")
                                            .invoke(null);
                    Class.forName("software.amazon.awssdk.http.crt.AwsCrtAsyncHttpClient$Builder")
                            .getMethod("maxConcurrency", Integer.class)
                            .invoke(http, concurrency);
                    return sdkPut(
                            S3AsyncClient.builder().httpClientBuilder(http),
                            endpoint,
                            creds,
                            closers);
                }
            case "crt":
                {
                    S3AsyncClient c =
                            S3AsyncClient.crtBuilder()
                                    .region(Region.of(BenchLayout.REGION))
                                    .credentialsProvider(creds)
                                    .endpointOverride(URI.create(endpoint))
                                    .forcePathStyle(true)
                                    .maxConcurrency(concurrency)
                                    .build();
                    closers.add(c);
                    return (key, body, sha) -> put(c, key, body, sha);
                }
            default:
                throw new IllegalArgumentException("unknown client " + name);
        }
    }

    private static Put sdkPut(
            software.amazon.awssdk.services.s3.S3AsyncClientBuilder b,
            String endpoint,
            StaticCredentialsProvider creds,
            List<AutoCloseable> closers) {
        S3AsyncClient c =
                b.region(Region.of(BenchLayout.REGION))
                        .credentialsProvider(creds)
                        .endpointOverride(URI.create(endpoint))
                        .forcePathStyle(true)
                        .build();
        closers.add(c);
        return (key, body, sha) -> put(c, key, body, sha);
    }

    /** As the job's SDK path puts: content length, type and the SHA-256 as the checksum. */
    private static CompletableFuture<?> put(S3AsyncClient c, String key, byte[] body, byte[] sha) {
        return c.putObject(
                r ->
                        r.bucket(BenchLayout.BUCKET)
                                .key(key)
                                .contentType("image/jpeg")
                                .contentLength((long) body.length)
                                .checksumSHA256(Base64.getEncoder().encodeToString(sha)),
                AsyncRequestBody.fromBytesUnsafe(body));
    }
}
