package dev.imageingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imageingest.bench.report.RunAnalysis.Metrics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One run's settings, figures, counters and check, as a CSV row and as a printed report. */
record RunResult(
        BenchOptions options,
        Metrics m,
        JsonNode check,
        JsonNode steadyLatency,
        JsonNode counters,
        double enqueueSeconds,
        double loadStart,
        double loadEnd,
        boolean tlsKeys) {

    long counter(String name) {
        return counters.path(name).asLong(0);
    }

    long messages() {
        return options.messages;
    }

    double sqsRequestsPerMessage() {
        long job =
                counter("sqs.ReceiveMessage")
                        + counter("sqs.DeleteMessageBatch")
                        + counter("sqs.DeleteMessage")
                        + counter("sqs.ChangeMessageVisibility")
                        + counter("sqs.ChangeMessageVisibilityBatch")
                        + counter("sqs.GetQueueAttributes")
                        + counter("sqs.GetQueueUrl");
        return (double) job / messages();
    }

    long p(String series, int index) {
        return steadyLatency.path(series).path(index).asLong();
    }

    boolean pass() {
        return check.path("pass").asBoolean(false);
    }

    Map<String, Object> row() {
        BenchOptions o = options;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        r.put("subject", o.subject);
        r.put("messages", o.messages);
        r.put("capacity", o.capacity);
        r.put("parallelism", o.parallelism);
        r.put("latency_ms", o.latencyMillis);
        r.put("jitter_ms", o.jitterMillis);
        r.put("hosts", o.hosts);
        r.put("https_fraction", o.httpsFraction);
        r.put("sizes", o.sizes);
        r.put("job_heap", o.jobHeap);
        r.put(
                "overrides",
                String.join(
                        " ",
                        o.set.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .toList()));
        r.put("startup_s", m.startupSeconds());
        r.put("startup_cpu_s", m.startupCpuSeconds());
        r.put("warmup_images", m.warmupImages());
        r.put("warmup_images_per_s", m.warmupImagesPerSec());
        r.put("warmup_cpu_us_per_image", m.warmupCpuUsPerImage());
        r.put("steady_from", m.steadyFromRecords());
        r.put("steady_to", m.steadyToRecords());
        r.put("steady_s", m.steadySeconds());
        r.put("steady_images_per_s", m.steadyImagesPerSec());
        r.put("steady_mb_per_s", m.steadyMBps());
        r.put("steady_cpu_us_per_image", m.steadyCpuUsPerImage());
        r.put("steady_cpu_cores", m.steadyCpuCores());
        r.put("endpoints_cpu_us_per_image", m.steadyEndpointsCpuUsPerImage());
        r.put("steady_gc_ms_per_s", m.steadyGcMsPerSec());
        r.put("end_to_end_s", m.endToEndSeconds());
        r.put("total_cpu_s", m.totalCpuSeconds());
        r.put("gc_count", m.gcCount());
        r.put("gc_ms", m.gcMs());
        r.put("peak_heap_mb", m.peakHeapMb());
        r.put("live_heap_mb", m.liveHeapMb());
        r.put("rss_hwm_mb", m.rssHwmMb());
        r.put("p50_ms", p("toProcessedAt", 0));
        r.put("p99_ms", p("toProcessedAt", 2));
        r.put("p50_to_firehose_ms", p("toFirehose", 0));
        r.put("p99_to_firehose_ms", p("toFirehose", 2));
        r.put("sqs_requests_per_msg", sqsRequestsPerMessage());
        r.put("receives", counter("sqs.ReceiveMessage"));
        r.put("empty_receives", counter("sqs.ReceiveMessage.empty"));
        r.put("s3_puts", counter("s3.PutObject"));
        r.put("image_requests", counter("images-http.requests") + counter("images-https.requests"));
        r.put("tls_handshakes", counter("images-https.tls-handshakes"));
        r.put(
                "image_connections",
                counter("images-http.connections") + counter("images-https.connections"));
        r.put("s3_connections", counter("s3.connections"));
        r.put("firehose_requests", counter("firehose.requests"));
        r.put("statuses", check.path("statuses").toString().replace(",", " "));
        r.put("check", pass() ? "PASS" : "FAIL");
        r.put("redeliveries", check.path("redeliveries").asLong());
        r.put("load_avg_start", loadStart);
        r.put("load_avg_mean", m.loadAverageMean());
        r.put("load_avg_end", loadEnd);
        r.put("enqueue_s", enqueueSeconds);
        r.put("notes", o.label);
        return r;
    }

    String report() {
        BenchOptions o = options;
        StringBuilder s = new StringBuilder();
        s.append(
                String.format(
                        Locale.ROOT,
                        "=== %s: %,d messages, capacity %d, parallelism %d, latency %d+-%d ms, %d hosts, https %.0f%%%s ===%n",
                        o.subject,
                        o.messages,
                        o.capacity,
                        o.parallelism,
                        o.latencyMillis,
                        o.jitterMillis,
                        o.hosts,
                        o.httpsFraction * 100,
                        o.set.isEmpty() ? "" : ", " + o.set));
        if (o.httpsFraction > 0 && !tlsKeys) {
            s.append(
                    "NOTE: this build has no fetch.tls.trust-store key, so https images end as TLS_FAILURE\n");
        }
        s.append(
                String.format(
                        Locale.ROOT,
                        "start-up    %5.1f s to the first record, %.1f s of CPU%n",
                        m.startupSeconds(),
                        m.startupCpuSeconds()));
        s.append(
                String.format(
                        Locale.ROOT,
                        "warm-up     first %,d images: %,.0f images/s, %,.0f us CPU/image%n",
                        m.warmupImages(),
                        m.warmupImagesPerSec(),
                        m.warmupCpuUsPerImage()));
        s.append(
                String.format(
                        Locale.ROOT,
                        "steady      images %,d..%,d over %.1f s: %,.0f images/s, %.1f MB/s%n",
                        m.steadyFromRecords(),
                        m.steadyToRecords(),
                        m.steadySeconds(),
                        m.steadyImagesPerSec(),
                        m.steadyMBps()));
        s.append(
                String.format(
                        Locale.ROOT,
                        "            job CPU %,.0f us/image (%.2f cores; %,.0f images per CPU-second), endpoints %,.0f us/image%n",
                        m.steadyCpuUsPerImage(),
                        m.steadyCpuCores(),
                        m.steadyCpuUsPerImage() > 0 ? 1e6 / m.steadyCpuUsPerImage() : 0,
                        m.steadyEndpointsCpuUsPerImage()));
        s.append(
                String.format(
                        Locale.ROOT,
                        "            GC %.1f ms/s; receive -> processed_at p50 %d ms, p99 %d ms; -> Firehose p50 %d ms, p99 %d ms%n",
                        m.steadyGcMsPerSec(),
                        p("toProcessedAt", 0),
                        p("toProcessedAt", 2),
                        p("toFirehose", 0),
                        p("toFirehose", 2)));
        s.append(
                String.format(
                        Locale.ROOT,
                        "whole run   %.1f s launch to last record, %.1f s CPU; GC %d collections %d ms; heap peak %.0f MB, live %.0f MB; RSS peak %.0f MB%n",
                        m.endToEndSeconds(),
                        m.totalCpuSeconds(),
                        m.gcCount(),
                        m.gcMs(),
                        m.peakHeapMb(),
                        m.liveHeapMb(),
                        m.rssHwmMb()));
        s.append(
                String.format(
                        Locale.ROOT,
                        "requests    SQS %.3f per message (%,d receives, %,d empty), S3 PUTs %,d, Firehose %,d, image GETs %,d%n",
                        sqsRequestsPerMessage(),
                        counter("sqs.ReceiveMessage"),
                        counter("sqs.ReceiveMessage.empty"),
                        counter("s3.PutObject"),
                        counter("firehose.requests"),
                        counter("images-http.requests") + counter("images-https.requests")));
        s.append(
                String.format(
                        Locale.ROOT,
                        "connections images %,d (TLS handshakes %,d), S3 %,d, SQS %,d, Firehose %,d%n",
                        counter("images-http.connections") + counter("images-https.connections"),
                        counter("images-https.tls-handshakes"),
                        counter("s3.connections"),
                        counter("sqs.connections"),
                        counter("firehose.connections")));
        s.append(
                String.format(
                        Locale.ROOT,
                        "machine     load average %.1f at start, %.1f mean, %.1f at end (2 cores, shared)%n",
                        loadStart,
                        m.loadAverageMean(),
                        loadEnd));
        s.append("check       ")
                .append(pass() ? "PASS" : "FAIL")
                .append(' ')
                .append(check)
                .append('\n');
        return s.toString();
    }
}
