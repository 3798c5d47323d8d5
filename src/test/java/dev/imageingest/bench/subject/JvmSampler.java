package dev.imageingest.bench.subject;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Runs inside the measured JVM (the job or the bare loop) and appends one CSV line per period to a
 * file: process CPU time (from the OperatingSystemMXBean, i.e. user + system time of every thread,
 * not wall time), GC count and time, heap used and committed, old-generation occupancy after the
 * last collection (live heap), RSS and its high-water mark ({@code /proc/self/status}), JIT time.
 *
 * <p>It also starts and stops a JFR recording when the driver creates {@code jfr.start} / {@code
 * jfr.stop} in the control directory, so a profile covers exactly the warm phase.
 */
public final class JvmSampler implements AutoCloseable {
    public static final String HEADER =
            "epoch_ms,cpu_ns,gc_count,gc_ms,heap_used,heap_committed,old_after_gc,rss_kb,hwm_kb,jit_ms,threads";

    private final Path file;
    private final Path control;
    private final long periodMillis;
    private final Thread thread;
    private volatile boolean running = true;
    private Recording recording;

    public JvmSampler(Path file, Path control, long periodMillis) {
        this.file = file;
        this.control = control;
        this.periodMillis = periodMillis;
        this.thread = new Thread(this::run, "bench-jvm-sampler");
        thread.setDaemon(true);
    }

    public JvmSampler start() {
        thread.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "bench-jvm-sampler-final"));
        return this;
    }

    private void run() {
        // a FileOutputStream, not a channel: an interrupt must not close the file mid-run
        try (BufferedWriter out =
                new BufferedWriter(
                        new java.io.OutputStreamWriter(
                                new java.io.FileOutputStream(file.toFile()),
                                StandardCharsets.UTF_8))) {
            out.write(HEADER);
            out.newLine();
            while (running) {
                out.write(sample());
                out.newLine();
                out.flush();
                jfrControl();
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    break;
                }
            }
            out.write(sample());
            out.newLine();
        } catch (IOException e) {
            System.err.println("bench sampler stopped: " + e);
        }
    }

    static String sample() {
        long cpu =
                ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime();
        long gcCount = 0;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcMillis += Math.max(0, gc.getCollectionTime());
        }
        long used = 0;
        long committed = 0;
        long oldAfterGc = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() != MemoryType.HEAP) {
                continue;
            }
            used += pool.getUsage().getUsed();
            committed += pool.getUsage().getCommitted();
            if (pool.getName().contains("Old") && pool.getCollectionUsage() != null) {
                oldAfterGc += pool.getCollectionUsage().getUsed();
            }
        }
        long[] rss = procStatus();
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        return System.currentTimeMillis()
                + ","
                + cpu
                + ","
                + gcCount
                + ","
                + gcMillis
                + ","
                + used
                + ","
                + committed
                + ","
                + oldAfterGc
                + ","
                + rss[0]
                + ","
                + rss[1]
                + ","
                + jit
                + ","
                + Thread.activeCount();
    }

    /** VmRSS and VmHWM in kB (0 where /proc is not available). */
    static long[] procStatus() {
        long[] out = new long[2];
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String l : lines) {
                if (l.startsWith("VmRSS:")) {
                    out[0] = Long.parseLong(l.replaceAll("[^0-9]", ""));
                } else if (l.startsWith("VmHWM:")) {
                    out[1] = Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: RSS unknown
        }
        return out;
    }

    private void jfrControl() {
        if (control == null) {
            return;
        }
        try {
            if (recording == null && Files.exists(control.resolve("jfr.start"))) {
                recording = new Recording(Configuration.getConfiguration("profile"));
                recording.setName("bench-warm");
                recording.start();
                Files.writeString(
                        control.resolve("jfr.started"), Long.toString(System.currentTimeMillis()));
            } else if (recording != null && Files.exists(control.resolve("jfr.stop"))) {
                recording.stop();
                recording.dump(control.resolve("warm.jfr"));
                recording.close();
                recording = null;
                Files.writeString(
                        control.resolve("jfr.done"), Long.toString(System.currentTimeMillis()));
                Files.delete(control.resolve("jfr.start"));
            }
        } catch (Exception e) {
            System.err.println("bench JFR control failed: " + e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(periodMillis + 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
