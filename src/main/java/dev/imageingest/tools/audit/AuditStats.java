package dev.imageingest.tools.audit;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one audit run (thread-safe). */
public final class AuditStats {
    final LongAdder records = new LongAdder();
    final LongAdder unreadable = new LongAdder();
    final LongAdder checked = new LongAdder();
    final LongAdder present = new LongAdder();
    private final Map<Problem, LongAdder> problems = new EnumMap<>(Problem.class);
    private final Map<String, LongAdder> byStatus = new ConcurrentHashMap<>();

    AuditStats() {
        for (Problem p : Problem.values()) {
            problems.put(p, new LongAdder());
        }
    }

    void status(String status) {
        byStatus.computeIfAbsent(status == null ? "(none)" : status, s -> new LongAdder())
                .increment();
    }

    void problem(Problem p) {
        problems.get(p).increment();
    }

    /** Lines read that parsed as JSON objects. */
    public long records() {
        return records.sum();
    }

    /** Lines that are not JSON objects. */
    public long unreadable() {
        return unreadable.sum();
    }

    /** OK records whose check has completed. */
    public long checked() {
        return checked.sum();
    }

    public long present() {
        return present.sum();
    }

    public long count(Problem p) {
        return problems.get(p).sum();
    }

    public long problems() {
        return problems.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Records per status, sorted by name. */
    public Map<String, Long> byStatus() {
        Map<String, Long> sorted = new TreeMap<>();
        byStatus.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }
}
