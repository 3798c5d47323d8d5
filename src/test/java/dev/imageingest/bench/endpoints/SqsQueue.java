package dev.imageingest.bench.endpoints;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * One queue with SQS's visibility semantics: a received message is invisible until it is deleted or
 * its visibility timeout passes, then visible again with a higher receive count. Each receive
 * issues a new receipt handle; like SQS, a delete with an older handle of a message that has been
 * received again "succeeds" but does not delete it. Long polls wait as {@link Waiter}s and are
 * served as soon as a message becomes visible. Thread-safe (one lock; every operation is short).
 */
public final class SqsQueue {
    /** What a delete or visibility change did. */
    public enum Outcome {
        OK,
        /** Handle of an earlier receive: SQS answers success and leaves the message alone. */
        STALE,
        /** Not a handle of this queue, or the message is gone / not in flight. */
        INVALID
    }

    /** A message as handed out by one receive. */
    public record Delivery(
            String messageId,
            String receiptHandle,
            String body,
            String md5OfBody,
            int receiveCount,
            long sentMillis,
            long firstReceiveMillis) {}

    /** A parked long poll; {@link #callback} runs once, outside the queue's lock. */
    public static final class Waiter {
        final int max;
        final int visibilitySeconds;
        final Consumer<List<Delivery>> callback;
        boolean done;

        public Waiter(int max, int visibilitySeconds, Consumer<List<Delivery>> callback) {
            this.max = max;
            this.visibilitySeconds = visibilitySeconds;
            this.callback = callback;
        }
    }

    private static final class Msg {
        final int seq;
        final String id;
        final String body;
        final String md5;
        final long sentMillis;
        int receiveCount;
        int generation;
        boolean inFlight;
        boolean deleted;
        long visibleAtNanos;
        long firstReceiveMillis;
        long lastReceiveMillis;

        Msg(int seq, String body, String md5, long sentMillis) {
            this.seq = seq;
            this.id = "m-" + seq;
            this.body = body;
            this.md5 = md5;
            this.sentMillis = sentMillis;
        }
    }

    private record Lease(long deadlineNanos, Msg msg, int generation) {}

    private final String name;
    private final String url;
    private final int defaultVisibilitySeconds;
    private final List<Msg> messages = new ArrayList<>();
    private final Map<Long, Msg> byBukkenId = new HashMap<>();
    private final ArrayDeque<Msg> visible = new ArrayDeque<>();
    private final PriorityQueue<Lease> leases =
            new PriorityQueue<>((a, b) -> Long.compare(a.deadlineNanos, b.deadlineNanos));
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private int inFlight;
    private int deleted;
    private long redeliveries;
    private long staleDeletes;

    public SqsQueue(String name, String url, int defaultVisibilitySeconds) {
        this.name = name;
        this.url = url;
        this.defaultVisibilitySeconds = defaultVisibilitySeconds;
    }

    public String name() {
        return name;
    }

    public String url() {
        return url;
    }

    /** Adds a message; returns its id and the MD5 of its body (hex), as SendMessage answers. */
    public String[] send(String body) {
        String md5 = md5Hex(body);
        List<Runnable> wakeUps;
        String id;
        synchronized (this) {
            Msg m = new Msg(messages.size(), body, md5, System.currentTimeMillis());
            messages.add(m);
            long bukken = BenchLayout.bukkenIdOf(body);
            if (bukken >= 0) {
                byBukkenId.put(bukken, m);
            }
            visible.add(m);
            id = m.id;
            wakeUps = serveWaiters(System.nanoTime());
        }
        wakeUps.forEach(Runnable::run);
        return new String[] {id, md5};
    }

    /**
     * Receives up to {@code max} visible messages, making them invisible for {@code
     * visibilitySeconds} (negative: the queue's default). Empty when none is visible.
     */
    public synchronized List<Delivery> receive(int max, int visibilitySeconds) {
        long now = System.nanoTime();
        expireLocked(now);
        return takeLocked(max, visibilitySeconds, now);
    }

    /**
     * Like {@link #receive}, but when nothing is visible parks {@code waiter} (its callback gets
     * the messages once some become visible) and returns null. The caller must arrange {@link
     * #cancel} at the wait time's end.
     */
    public synchronized List<Delivery> receiveOrWait(Waiter waiter) {
        List<Delivery> got = receive(waiter.max, waiter.visibilitySeconds);
        if (!got.isEmpty()) {
            waiter.done = true;
            return got;
        }
        waiters.add(waiter);
        return null;
    }

    /** Ends a long poll without messages; false if it was already served. */
    public synchronized boolean cancel(Waiter waiter) {
        if (waiter.done) {
            return false;
        }
        waiter.done = true;
        waiters.remove(waiter);
        return true;
    }

    public synchronized Outcome delete(String receiptHandle) {
        Msg m = lookup(receiptHandle);
        if (m == null) {
            return Outcome.INVALID;
        }
        if (m.deleted) {
            return Outcome.OK; // deleting twice is fine in SQS
        }
        if (generationOf(receiptHandle) != m.generation) {
            staleDeletes++;
            return Outcome.STALE;
        }
        if (m.inFlight) {
            inFlight--;
        } else {
            visible.remove(m); // visible again after a timeout, deleted with its latest handle
        }
        m.inFlight = false;
        m.deleted = true;
        deleted++;
        return Outcome.OK;
    }

    /** Sets a received message's remaining invisibility; 0 makes it visible at once. */
    public Outcome changeVisibility(String receiptHandle, int seconds) {
        List<Runnable> wakeUps = List.of();
        Outcome outcome;
        synchronized (this) {
            Msg m = lookup(receiptHandle);
            if (m == null || m.deleted || !m.inFlight) {
                outcome = Outcome.INVALID;
            } else if (generationOf(receiptHandle) != m.generation) {
                outcome = Outcome.STALE;
            } else {
                long now = System.nanoTime();
                m.visibleAtNanos = now + seconds * 1_000_000_000L;
                leases.add(new Lease(m.visibleAtNanos, m, m.generation));
                if (seconds == 0) {
                    expireLocked(now);
                    wakeUps = serveWaiters(now);
                }
                outcome = Outcome.OK;
            }
        }
        wakeUps.forEach(Runnable::run);
        return outcome;
    }

    /** Makes messages whose visibility timeout passed visible again and serves long polls. */
    public void expire() {
        List<Runnable> wakeUps;
        synchronized (this) {
            long now = System.nanoTime();
            if (expireLocked(now) == 0) {
                return;
            }
            wakeUps = serveWaiters(now);
        }
        wakeUps.forEach(Runnable::run);
    }

    /** Visible, in flight, deleted, total sent. */
    public synchronized long[] depth() {
        return new long[] {visible.size(), inFlight, deleted, messages.size()};
    }

    public synchronized long redeliveries() {
        return redeliveries;
    }

    public synchronized long staleDeletes() {
        return staleDeletes;
    }

    /** Latest receive time (epoch ms) of the message with this bukken id; 0 if never received. */
    public synchronized long lastReceiveMillis(long bukkenId) {
        Msg m = byBukkenId.get(bukkenId);
        return m == null ? 0 : m.lastReceiveMillis;
    }

    /** Every body sent so far, in send order (for the end-of-run check). */
    public synchronized List<String> bodies() {
        List<String> out = new ArrayList<>(messages.size());
        messages.forEach(m -> out.add(m.body));
        return out;
    }

    private List<Delivery> takeLocked(int max, int visibilitySeconds, long now) {
        int seconds = visibilitySeconds < 0 ? defaultVisibilitySeconds : visibilitySeconds;
        List<Delivery> out = new ArrayList<>(Math.min(max, visible.size()));
        long millis = System.currentTimeMillis();
        while (out.size() < max && !visible.isEmpty()) {
            Msg m = visible.poll();
            m.receiveCount++;
            if (m.receiveCount > 1) {
                redeliveries++;
            }
            m.generation++;
            m.inFlight = true;
            inFlight++;
            m.visibleAtNanos = now + seconds * 1_000_000_000L;
            if (m.firstReceiveMillis == 0) {
                m.firstReceiveMillis = millis;
            }
            m.lastReceiveMillis = millis;
            leases.add(new Lease(m.visibleAtNanos, m, m.generation));
            out.add(
                    new Delivery(
                            m.id,
                            name + "." + m.seq + "." + m.generation,
                            m.body,
                            m.md5,
                            m.receiveCount,
                            m.sentMillis,
                            m.firstReceiveMillis));
        }
        return out;
    }

    private int expireLocked(long now) {
        int moved = 0;
        while (!leases.isEmpty() && leases.peek().deadlineNanos <= now) {
            Lease l = leases.poll();
            Msg m = l.msg;
            if (m.inFlight
                    && !m.deleted
                    && m.generation == l.generation
                    && m.visibleAtNanos == l.deadlineNanos) {
                m.inFlight = false;
                inFlight--;
                visible.add(m);
                moved++;
            }
        }
        return moved;
    }

    /** Hands visible messages to parked long polls; the callbacks run after the lock is left. */
    private List<Runnable> serveWaiters(long now) {
        if (waiters.isEmpty() || visible.isEmpty()) {
            return List.of();
        }
        List<Runnable> wakeUps = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext() && !visible.isEmpty(); ) {
            Waiter w = it.next();
            it.remove();
            w.done = true;
            List<Delivery> got = takeLocked(w.max, w.visibilitySeconds, now);
            wakeUps.add(() -> w.callback.accept(got));
        }
        return wakeUps;
    }

    private Msg lookup(String handle) {
        String[] parts = handle == null ? new String[0] : handle.split("\\.");
        if (parts.length != 3 || !parts[0].equals(name)) {
            return null;
        }
        try {
            int seq = Integer.parseInt(parts[1]);
            return seq >= 0 && seq < messages.size() ? messages.get(seq) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int generationOf(String handle) {
        try {
            return Integer.parseInt(handle.substring(handle.lastIndexOf('.') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String md5Hex(String body) {
        try {
            byte[] d =
                    MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
