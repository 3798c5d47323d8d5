package dev.imageingest.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's {@code jdk.ExecutionSample} events (what {@code jfr print --events
 * jdk.ExecutionSample} lists) three ways: by component (the innermost frame that is not JDK code,
 * so JDK work is charged to the library that asked for it: SHA-256 inside S3ImageStore counts as
 * the job, a HashMap lookup inside the SDK as the SDK), by the leaf method's package, and the top
 * leaf methods. Also the user/kernel split of the JVM's CPU ({@code jdk.CPULoad}) and the compiler
 * threads' share ({@code jdk.ThreadCPULoad}).
 *
 * <pre>JfrSummary warm.jfr [top N]</pre>
 */
public final class JfrSummary {
    private static final String[][] COMPONENTS = {
        {"software.amazon.awssdk.http.nio.netty", "AWS SDK (Netty HTTP client glue)"},
        {"software.amazon.awssdk", "AWS SDK"},
        {"io.netty", "Netty"},
        {"org.eclipse.jetty", "Jetty (image downloads)"},
        {"com.fasterxml.jackson", "Jackson (JSON)"},
        {"org.apache.flink.connector.firehose", "Flink Firehose connector"},
        {"org.apache.flink.connector", "Flink connector base"},
        {"org.apache.flink.shaded", "Flink (shaded libs)"},
        {"org.apache.flink", "Flink runtime"},
        {"dev.imageingest", "the job's own code"},
        {"org.apache.logging", "logging"},
        {"org.slf4j", "logging"},
        {"org.reactivestreams", "AWS SDK"},
    };

    private JfrSummary() {}

    public static void main(String[] args) throws IOException {
        System.out.println(
                summarise(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25));
    }

    public static String summarise(Path jfr, int top) throws IOException {
        Map<String, Integer> components = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> sdkPackages = new HashMap<>();
        Map<String, Integer> services = new HashMap<>();
        int samples = 0;
        double user = 0, system = 0;
        int cpuEvents = 0;
        double compilerLoad = 0, allThreadsLoad = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace st = e.getStackTrace();
                    if (st == null || st.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = st.getFrames();
                    RecordedFrame leaf = frames.get(0);
                    String leafType = leaf.getMethod().getType().getName();
                    packages.merge(packageOf(leafType), 1, Integer::sum);
                    methods.merge(leafType + "." + leaf.getMethod().getName(), 1, Integer::sum);
                    components.merge(component(frames), 1, Integer::sum);
                    threads.merge(threadGroup(e), 1, Integer::sum);
                    services.merge(service(frames), 1, Integer::sum);
                    String sdk = innermost(frames, "software.amazon.awssdk");
                    if (sdk != null) {
                        sdkPackages.merge(sdk, 1, Integer::sum);
                    }
                }
                case "jdk.CPULoad" -> {
                    user += e.getFloat("jvmUser");
                    system += e.getFloat("jvmSystem");
                    cpuEvents++;
                }
                case "jdk.ThreadCPULoad" -> {
                    double load = e.getFloat("user") + e.getFloat("system");
                    allThreadsLoad += load;
                    String thread = e.getThread() == null ? "" : e.getThread().getJavaName();
                    if (thread != null && thread.contains("Compiler")) {
                        compilerLoad += load;
                    }
                }
                default -> {}
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        Locale.ROOT,
                        "JFR %s: %,d execution samples%n",
                        jfr.getFileName(),
                        samples));
        if (cpuEvents > 0 && user + system > 0) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "JVM CPU split: %.0f%% user, %.0f%% kernel (jdk.CPULoad, %d events)%n",
                            100 * user / (user + system),
                            100 * system / (user + system),
                            cpuEvents));
        }
        if (allThreadsLoad > 0) {
            out.append(
                    String.format(
                            Locale.ROOT,
                            "JIT compiler threads: %.0f%% of the threads' CPU (jdk.ThreadCPULoad)%n",
                            100 * compilerLoad / allThreadsLoad));
        }
        table(
                out,
                "By component (innermost non-JDK frame; JDK-only stacks as 'JDK')",
                components,
                samples,
                top);
        table(out, "By thread (pool names without numbers)", threads, samples, top);
        table(out, "By AWS service client on the stack", services, samples, top);
        table(
                out,
                "AWS SDK samples by innermost SDK package (share of all samples)",
                sdkPackages,
                samples,
                top);
        table(out, "By leaf package", packages, samples, top);
        table(out, "Top leaf methods", methods, samples, top);
        return out.toString();
    }

    /** Thread name with digits removed, so pools group ("aws-java-sdk-NettyEventLoop-#-#"). */
    static String threadGroup(RecordedEvent e) {
        jdk.jfr.consumer.RecordedThread t = e.getThread("sampledThread");
        String name = t == null ? null : t.getJavaName();
        return name == null ? "(unnamed)" : name.replaceAll("[0-9]+", "#");
    }

    /** Which AWS client's code is on the stack (S3, SQS, Firehose), if any. */
    static String service(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("software.amazon.awssdk.services.")) {
                String rest = type.substring("software.amazon.awssdk.services.".length());
                return "AWS "
                        + rest.substring(
                                0, rest.indexOf('.') < 0 ? rest.length() : rest.indexOf('.'));
            }
            if (type.startsWith("org.apache.flink.connector.firehose")) {
                return "AWS firehose (Flink sink)";
            }
        }
        return "no AWS client on the stack";
    }

    /** Package of the innermost frame under {@code prefix}, null if none. */
    static String innermost(List<RecordedFrame> frames, String prefix) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith(prefix)) {
                return packageOf(type);
            }
        }
        return null;
    }

    /** The innermost frame outside the JDK decides; stacks with JDK frames only are "JDK". */
    static String component(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (isJdk(type)) {
                continue;
            }
            for (String[] c : COMPONENTS) {
                if (type.startsWith(c[0])) {
                    return c[1];
                }
            }
            return packageOf(type);
        }
        return "JDK (no library frame: GC/JIT helpers, thread pools, NIO)";
    }

    private static boolean isJdk(String type) {
        return type.startsWith("java.")
                || type.startsWith("javax.")
                || type.startsWith("jdk.")
                || type.startsWith("sun.")
                || type.startsWith("com.sun.");
    }

    private static String packageOf(String type) {
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot);
    }

    private static void table(
            StringBuilder out, String title, Map<String, Integer> counts, int total, int top) {
        out.append('\n').append(title).append('\n');
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort((a, b) -> b.getValue() - a.getValue());
        Map<String, Integer> shown = new LinkedHashMap<>();
        sorted.stream().limit(top).forEach(e -> shown.put(e.getKey(), e.getValue()));
        shown.forEach(
                (k, v) ->
                        out.append(
                                String.format(
                                        Locale.ROOT,
                                        "  %5.1f%%  %s%n",
                                        100.0 * v / Math.max(1, total),
                                        k)));
    }
}
