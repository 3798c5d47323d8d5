package dev.imageingest.pipeline;

import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.PathRecord;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Counts every path record by status (metric group {@code status}, one counter per {@link
 * FetchStatus} name) and passes it on. Runs on the task thread, after the fetch and parse outputs
 * are merged, so it sees every outcome exactly once per delivery.
 */
public class CountStatuses extends RichMapFunction<PathRecord, PathRecord> {
    private transient Map<FetchStatus, Counter> counters;

    @Override
    public void open(OpenContext openContext) {
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("status");
        counters = new EnumMap<>(FetchStatus.class);
        for (FetchStatus s : FetchStatus.values()) {
            counters.put(s, group.counter(s.name()));
        }
    }

    @Override
    public PathRecord map(PathRecord record) {
        counters.get(record.status()).inc();
        return record;
    }
}
