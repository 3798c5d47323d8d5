package dev.imageingest.bench.endpoints;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Named counters of the endpoints ({@code sqs.ReceiveMessage}, {@code images-https.handshakes},
 * ...), cheap to bump from any event loop and read as one sorted snapshot by the control endpoint.
 */
public final class Counters {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    public void add(String name, long delta) {
        counters.computeIfAbsent(name, n -> new LongAdder()).add(delta);
    }

    public void inc(String name) {
        add(name, 1);
    }

    public long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
