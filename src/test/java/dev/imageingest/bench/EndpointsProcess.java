package dev.imageingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.bench.endpoints.BenchEndpoints;
import dev.imageingest.bench.endpoints.BenchLayout;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** The endpoints JVM ({@link BenchEndpoints}) seen from the driver: start, ports, control calls. */
final class EndpointsProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChildJvm jvm;
    private final Properties ready;
    private final Path trustStore;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EndpointsProcess(ChildJvm jvm, Properties ready, Path trustStore) {
        this.jvm = jvm;
        this.ready = ready;
        this.trustStore = trustStore;
    }

    static EndpointsProcess start(BenchOptions o, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path readyFile = dir.resolve("endpoints.properties");
        Files.deleteIfExists(readyFile);
        Path trustStore = dir.resolve("bench-ca.p12");
        List<String> args =
                List.of(
                        "--ready-file", readyFile.toString(),
                        "--trust-store", trustStore.toString(),
                        "--latency-ms", Integer.toString(o.latencyMillis),
                        "--jitter-ms", Integer.toString(o.jitterMillis),
                        "--hosts", Integer.toString(o.hosts),
                        "--pool", Integer.toString(o.pool),
                        "--sizes", o.sizes,
                        "--png-every", Integer.toString(o.pngEvery),
                        "--threads", Integer.toString(o.endpointThreads));
        ChildJvm jvm =
                ChildJvm.start(
                        "endpoints",
                        List.of(
                                "-Xmx" + o.endpointsHeap,
                                "-XX:+UseParallelGC",
                                "-Djava.awt.headless=true"),
                        BenchEndpoints.class,
                        args,
                        dir.resolve("endpoints.log"));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!Files.exists(readyFile)) {
            if (!jvm.alive() || System.nanoTime() > deadline) {
                jvm.close();
                throw new IllegalStateException(
                        "the endpoints JVM did not start; see " + jvm.log());
            }
            Thread.sleep(100);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(readyFile, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return new EndpointsProcess(jvm, p, trustStore);
    }

    String get(String key) {
        return ready.getProperty(key);
    }

    int httpPort() {
        return Integer.parseInt(get("images.http-port"));
    }

    int httpsPort() {
        return Integer.parseInt(get("images.https-port"));
    }

    int controlPort() {
        return Integer.parseInt(get("control.port"));
    }

    Path trustStore() {
        return trustStore;
    }

    ChildJvm jvm() {
        return jvm;
    }

    JsonNode stats() throws IOException, InterruptedException {
        return call("GET", "/stats");
    }

    JsonNode check() throws IOException, InterruptedException {
        return call("GET", "/check");
    }

    JsonNode latency(long from, long to) throws IOException, InterruptedException {
        return call("GET", "/latency?from=" + from + "&to=" + to);
    }

    JsonNode call(String method, String path) throws IOException, InterruptedException {
        HttpRequest req =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + controlPort() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofMinutes(2))
                        .build();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(path + " answered " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    /** The hosts file mapping every bench host name (and this machine's name) to 127.0.0.1. */
    static Path writeHostsFile(Path dir, int hosts) throws IOException {
        StringBuilder sb = new StringBuilder("127.0.0.1 localhost");
        try {
            sb.append(' ').append(java.net.InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // no own name: Flink then uses addresses only
        }
        for (String h : BenchLayout.hostNames(hosts)) {
            sb.append(' ').append(h);
        }
        Path file = dir.resolve("hosts");
        Files.writeString(file, sb.append('\n').toString());
        return file;
    }

    @Override
    public void close() {
        try {
            if (jvm.alive()) {
                call("POST", "/shutdown");
            }
        } catch (IOException | InterruptedException e) {
            // killed below
        }
        jvm.close();
    }
}
