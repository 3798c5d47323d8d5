package dev.imageingest.bench.endpoints;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * An image size distribution such as {@code 30k:96,300k:3,1m:1}: sizes with relative weights; each
 * picked size is spread by +-20% so the pool is not a handful of identical lengths.
 */
public final class SizeMix {
    private final List<long[]> entries; // {bytes, weight}
    private final long totalWeight;
    private final String spec;

    private SizeMix(List<long[]> entries, String spec) {
        this.entries = entries;
        this.spec = spec;
        this.totalWeight = entries.stream().mapToLong(e -> e[1]).sum();
    }

    public static SizeMix parse(String spec) {
        List<long[]> entries = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split(":");
            long bytes = bytes(kv[0]);
            long weight = kv.length > 1 ? Long.parseLong(kv[1].trim()) : 1;
            if (bytes < 256 || bytes > 32L * 1024 * 1024 || weight < 1) {
                throw new IllegalArgumentException(
                        "bad image size entry '" + part + "' (256 bytes .. 32m, weight >= 1)");
            }
            entries.add(new long[] {bytes, weight});
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no image sizes in '" + spec + "'");
        }
        return new SizeMix(entries, spec);
    }

    /** {@code 30k}, {@code 1m}, {@code 500} (bytes). */
    static long bytes(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k") || v.endsWith("kb")) {
            unit = 1024;
        } else if (v.endsWith("m") || v.endsWith("mb")) {
            unit = 1024 * 1024;
        }
        return Math.round(Double.parseDouble(v.replaceAll("[a-z]+$", "")) * unit);
    }

    int pick(Random random) {
        long r = (long) (random.nextDouble() * totalWeight);
        for (long[] e : entries) {
            r -= e[1];
            if (r < 0) {
                return (int) Math.round(e[0] * (0.8 + 0.4 * random.nextDouble()));
            }
        }
        return (int) entries.get(entries.size() - 1)[0];
    }

    /** Weighted mean size in bytes (before the spread, which averages out). */
    public double meanBytes() {
        return entries.stream().mapToDouble(e -> (double) e[0] * e[1]).sum() / totalWeight;
    }

    @Override
    public String toString() {
        return spec;
    }
}
