package dev.imageingest.bench;

import dev.imageingest.bench.load.LoadClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each endpoint's own ceiling on this machine, measured with the same endpoints JVM and a minimal
 * load client in a third JVM ({@link LoadClient}): what the endpoints sustain when nothing but a
 * cheap client competes for the cores. The job's figures are only meaningful well below these.
 */
final class Ceilings {
    /** One endpoint's measured rate. */
    record Ceiling(
            String mode,
            int connections,
            double requestsPerSec,
            double itemsPerSec,
            double mbPerSec,
            double endpointsUsPerRequest,
            double endpointsCores,
            long errors) {
        String line() {
            return String.format(
                    Locale.ROOT,
                    "  %-12s %,8.0f requests/s %,9.0f %-8s/s %6.1f MB/s  endpoints %5.0f us/request (%.2f cores), %d conns%s",
                    mode,
                    requestsPerSec,
                    itemsPerSec,
                    unit(mode),
                    mbPerSec,
                    endpointsUsPerRequest,
                    endpointsCores,
                    connections,
                    errors > 0 ? ", " + errors + " errors" : "");
        }
    }

    private Ceilings() {}

    static String unit(String mode) {
        return switch (mode) {
            case "s3" -> "objects";
            case "sqs" -> "messages";
            case "firehose" -> "records";
            default -> "images";
        };
    }

    static List<Ceiling> measure(BenchOptions o, Path dir) throws Exception {
        RunDriver.say(
                String.format(
                        Locale.ROOT,
                        "-- endpoint ceilings (load client in its own JVM, %d s each, load average %.1f)",
                        o.ceilingSeconds,
                        RunDriver.loadAverage()));
        List<Ceiling> out = new ArrayList<>();
        try (EndpointsProcess e = EndpointsProcess.start(o, dir)) {
            for (String mode : List.of("image-http", "image-https", "s3", "sqs", "firehose")) {
                int port;
                int connections;
                switch (mode) {
                    case "image-http" -> {
                        port = e.httpPort();
                        connections = 512;
                    }
                    case "image-https" -> {
                        port = e.httpsPort();
                        connections = 512;
                    }
                    case "s3" -> {
                        port = portOf(e.get("s3.endpoint"));
                        connections = 32;
                    }
                    case "sqs" -> {
                        port = portOf(e.get("sqs.endpoint"));
                        connections = 16;
                        e.call("POST", "/load?queue=ceiling&n=400000");
                    }
                    default -> {
                        port = portOf(e.get("firehose.endpoint"));
                        connections = 8;
                    }
                }
                Path log = dir.resolve("load-" + mode + ".log");
                try (ChildJvm client =
                        ChildJvm.start(
                                "load-" + mode,
                                List.of("-Xmx512m"),
                                LoadClient.class,
                                List.of(
                                        "--mode",
                                        mode,
                                        "--port",
                                        Integer.toString(port),
                                        "--control-port",
                                        Integer.toString(e.controlPort()),
                                        "--connections",
                                        Integer.toString(connections),
                                        "--seconds",
                                        Integer.toString(o.ceilingSeconds),
                                        "--pool",
                                        Integer.toString(o.pool),
                                        "--trust-store",
                                        e.trustStore().toString()),
                                log)) {
                    long until = System.currentTimeMillis() + (o.ceilingSeconds + 120) * 1000L;
                    while (client.alive() && System.currentTimeMillis() < until) {
                        Thread.sleep(200);
                    }
                }
                Ceiling c = parse(mode, log);
                out.add(c);
                RunDriver.say(c.line());
            }
        }
        return out;
    }

    private static int portOf(String endpoint) {
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    }

    private static Ceiling parse(String mode, Path log) throws Exception {
        String result =
                Files.readAllLines(log).stream()
                        .filter(l -> l.startsWith("RESULT "))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "no result from the load client; see " + log));
        Map<String, String> f = new LinkedHashMap<>();
        for (String kv : result.substring(7).split(" ")) {
            String[] p = kv.split("=", 2);
            f.put(p[0], p[1]);
        }
        double seconds = Double.parseDouble(f.get("seconds"));
        long requests = Long.parseLong(f.get("requests"));
        long cpu = Long.parseLong(f.get("endpointsCpuNs"));
        return new Ceiling(
                mode,
                Integer.parseInt(f.get("connections")),
                requests / seconds,
                Long.parseLong(f.get("items")) / seconds,
                Long.parseLong(f.get("bytes")) / seconds / 1e6
                        + (mode.equals("s3") ? requests * 30720.0 / seconds / 1e6 : 0),
                requests > 0 ? cpu / 1000.0 / requests : 0,
                cpu / 1e9 / seconds,
                Long.parseLong(f.get("errors")));
    }

    static void write(Path file, List<Ceiling> ceilings, double load) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(
                "measured_at,mode,connections,requests_per_s,items_per_s,mb_per_s,endpoints_us_per_request,endpoints_cores,errors,load_avg");
        String at =
                java.time.Instant.now()
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        .toString();
        for (Ceiling c : ceilings) {
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "%s,%s,%d,%.0f,%.0f,%.1f,%.1f,%.2f,%d,%.1f",
                            at,
                            c.mode(),
                            c.connections(),
                            c.requestsPerSec(),
                            c.itemsPerSec(),
                            c.mbPerSec(),
                            c.endpointsUsPerRequest(),
                            c.endpointsCores(),
                            c.errors(),
                            load));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines);
    }
}
