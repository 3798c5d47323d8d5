package dev.imageingest.bench;

import dev.imageingest.bench.endpoints.SizeMix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of {@link Benchmark}; {@link #USAGE} documents them. */
final class BenchOptions implements Cloneable {
    static final String USAGE =
            String.join(
                    "\n",
                    "Benchmark [options]   (mvn -q test-compile exec:exec@bench -Dbench.args=\"...\")",
                    "  --messages N          messages per run (200000: the JIT is warm long before the end)",
                    "  --capacity N          fetch.capacity, images in flight per fetch subtask (256)",
                    "  --parallelism P       job parallelism = MiniCluster slots (2)",
                    "  --latency MS          image host latency per request (100)",
                    "  --jitter MS           +- uniform jitter on that latency (20)",
                    "  --hosts N             image host names img1..imgN.bench.test (3)",
                    "  --https-fraction F    share of image URLs on https (0.9)",
                    "  --sizes SPEC          image sizes with weights (30k:96,300k:3,1m:1)",
                    "  --pool N              distinct pooled images (512); every URL is still unique",
                    "  --png-every N         every N-th pool image is a PNG (10)",
                    "  --warmup N            images counted as warm-up (min(20000, messages/5))",
                    "  --subject S           job | bare | bare-batch: what to measure (job)",
                    "  --compare             run job, bare and bare-batch on the same settings",
                    "  --loops N             bare loop: concurrent loops (capacity*parallelism/10)",
                    "  --set key=value       any job configuration key (repeatable)",
                    "  --job-heap SIZE       -Xmx of the measured JVM (1g)",
                    "  --endpoints-heap SIZE -Xmx of the endpoints JVM (1g)",
                    "  --endpoint-threads N  Netty event loops of the endpoints (2)",
                    "  --no-ceiling          skip measuring each endpoint's own ceiling first",
                    "  --ceiling-only        only measure the endpoint ceilings",
                    "  --ceiling-seconds S   measuring time per endpoint (6)",
                    "  --jfr                 JFR profile of the warm phase (warm-up end .. last 2%)",
                    "  --sweep               sweep --capacities x --latencies (each a full run)",
                    "  --capacities LIST     sweep capacities (64,256,1024,2000)",
                    "  --latencies LIST      sweep latencies in ms (20,100)",
                    "  --out DIR             output directory (target/bench)",
                    "  --csv FILE            results CSV, one row per run (OUT/results.csv)",
                    "  --label TEXT          free text in the CSV's notes column",
                    "  --timeout-min M       give up on a run after M minutes (60)",
                    "  --replot DIR          re-draw the plots of a finished run directory, and those of",
                    "                        --csv against capacity; runs nothing");

    int messages = 200_000;
    int capacity = 256;
    int parallelism = 2;
    int latencyMillis = 100;
    int jitterMillis = 20;
    int hosts = 3;
    double httpsFraction = 0.9;
    String sizes = "30k:96,300k:3,1m:1";
    int pool = 512;
    int pngEvery = 10;
    int warmup = -1;
    String subject = "job";
    boolean compare;
    int loops = -1;
    Map<String, String> set = new LinkedHashMap<>();
    String jobHeap = "1g";
    String endpointsHeap = "1g";
    int endpointThreads = 2;
    boolean ceiling = true;
    boolean ceilingOnly;
    int ceilingSeconds = 6;
    boolean jfr;
    boolean sweep;
    List<Integer> capacities = List.of(64, 256, 1024, 2000);
    List<Integer> latencies = List.of(20, 100);
    Path out = Path.of("target", "bench");
    Path csv;
    String label = "";
    int timeoutMinutes = 60;
    boolean help;
    Path replot;

    static BenchOptions parse(String[] args) {
        BenchOptions o = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            int used = 1;
            switch (a) {
                case "--messages" -> o.messages = positive(a, v);
                case "--capacity" -> o.capacity = positive(a, v);
                case "--parallelism" -> o.parallelism = positive(a, v);
                case "--latency" -> o.latencyMillis = millis(a, v);
                case "--jitter" -> o.jitterMillis = millis(a, v);
                case "--hosts" -> o.hosts = positive(a, v);
                case "--https-fraction" -> o.httpsFraction = fraction(a, v);
                case "--sizes" -> o.sizes = SizeMix.parse(need(a, v)).toString();
                case "--pool" -> o.pool = positive(a, v);
                case "--png-every" -> o.pngEvery = Integer.parseInt(need(a, v));
                case "--warmup" -> o.warmup = positive(a, v);
                case "--subject" -> o.subject = subject(need(a, v));
                case "--loops" -> o.loops = positive(a, v);
                case "--set" -> {
                    String[] kv = need(a, v).split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("--set needs key=value, got " + v);
                    }
                    o.set.put(kv[0].trim(), kv[1].trim());
                }
                case "--job-heap" -> o.jobHeap = need(a, v);
                case "--endpoints-heap" -> o.endpointsHeap = need(a, v);
                case "--endpoint-threads" -> o.endpointThreads = positive(a, v);
                case "--ceiling-seconds" -> o.ceilingSeconds = positive(a, v);
                case "--capacities" -> o.capacities = ints(a, v);
                case "--latencies" -> o.latencies = ints(a, v);
                case "--out" -> o.out = Path.of(need(a, v));
                case "--csv" -> o.csv = Path.of(need(a, v));
                case "--label" -> o.label = need(a, v);
                case "--timeout-min" -> o.timeoutMinutes = positive(a, v);
                case "--replot" -> o.replot = Path.of(need(a, v));
                default -> {
                    used = 0;
                    switch (a) {
                        case "--compare" -> o.compare = true;
                        case "--no-ceiling" -> o.ceiling = false;
                        case "--ceiling-only" -> o.ceilingOnly = true;
                        case "--jfr" -> o.jfr = true;
                        case "--sweep" -> o.sweep = true;
                        case "--help", "-h" -> o.help = true;
                        default -> throw new IllegalArgumentException("unknown option " + a);
                    }
                }
            }
            i += used;
        }
        if (o.csv == null) {
            o.csv = o.out.resolve("results.csv");
        }
        return o;
    }

    int warmupImages() {
        return warmup > 0 ? Math.min(warmup, messages / 2) : Math.min(20_000, messages / 5);
    }

    /** Records at the end left out of the steady window (the drain: the queue runs dry). */
    int tailImages() {
        return Math.max(200, messages / 50);
    }

    int bareLoops() {
        return loops > 0 ? loops : Math.max(1, capacity * parallelism / 10);
    }

    BenchOptions with(int capacity, int latencyMillis, String subject) {
        BenchOptions c = copy();
        c.capacity = capacity;
        c.latencyMillis = latencyMillis;
        c.subject = subject;
        return c;
    }

    BenchOptions copy() {
        try {
            BenchOptions c = (BenchOptions) clone();
            c.set = new LinkedHashMap<>(set);
            return c;
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String need(String option, String v) {
        if (v == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return v;
    }

    private static int positive(String option, String v) {
        int n = Integer.parseInt(need(option, v).replace("_", ""));
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return n;
    }

    private static int millis(String option, String v) {
        int n = Integer.parseInt(need(option, v).replaceAll("ms$", ""));
        if (n < 0) {
            throw new IllegalArgumentException(option + " must be >= 0");
        }
        return n;
    }

    private static double fraction(String option, String v) {
        double f = Double.parseDouble(need(option, v));
        if (f < 0 || f > 1) {
            throw new IllegalArgumentException(option + " must be in 0..1");
        }
        return f;
    }

    private static String subject(String v) {
        if (!List.of("job", "bare", "bare-batch").contains(v)) {
            throw new IllegalArgumentException("--subject is job, bare or bare-batch");
        }
        return v;
    }

    private static List<Integer> ints(String option, String v) {
        List<Integer> out = new ArrayList<>();
        for (String s : need(option, v).split(",")) {
            out.add(Integer.parseInt(s.trim().replaceAll("ms$", "")));
        }
        return List.copyOf(out);
    }
}
