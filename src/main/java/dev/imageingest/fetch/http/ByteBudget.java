package dev.imageingest.fetch.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The in-flight byte budget of one downloader ({@code fetch.in-flight-bytes}): every response body
 * held in memory is covered by a {@link Reservation} from the moment its first byte is read until
 * its record is emitted (after the S3 put) or the download fails.
 *
 * <p>Design: a body reserves once, when its first chunk arrives, the most it can hold: its {@code
 * Content-Length} when the server declared one and the body is not content-encoded, otherwise
 * {@code fetch.max-bytes}. It never asks for more later, so no download ever waits while holding a
 * partial reservation (no hold-and-wait, no deadlock). When the budget is short the request waits
 * asynchronously (FIFO, no thread blocked) with its first chunk parked, and Jetty reads nothing
 * more from that connection meanwhile (TCP back-pressure on the server). When the body is complete
 * the reservation shrinks to the actual size. Hence: <b>heap needed = budget + overhead</b>, where
 * the overhead is Jetty's network buffers (one per connection), the parked first chunks, one
 * transient copy while an unknown-length body is trimmed to size, and per-request bookkeeping.
 */
public final class ByteBudget {
    private final long capacity;
    private final ArrayDeque<Pending> waiters = new ArrayDeque<>();
    private long used;
    private long highWater;

    public ByteBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
    }

    /**
     * Reserves {@code bytes}; completes at once when they fit and nobody waits, else when earlier
     * reservations are released (FIFO). Fails for more than the whole budget.
     */
    public CompletableFuture<Reservation> reserve(long bytes) {
        if (bytes < 0 || bytes > capacity) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException(
                            bytes + " bytes exceed the budget of " + capacity));
        }
        synchronized (this) {
            if (waiters.isEmpty() && used + bytes <= capacity) {
                take(bytes);
                return CompletableFuture.completedFuture(new Reservation(bytes));
            }
            CompletableFuture<Reservation> future = new CompletableFuture<>();
            waiters.add(new Pending(bytes, future));
            return future;
        }
    }

    /**
     * Gives up a reservation request: a waiting one leaves the queue, a granted one is released.
     * Safe to call in any state and more than once.
     */
    public void abandon(CompletableFuture<Reservation> request) {
        if (request == null) {
            return;
        }
        if (request.cancel(false)) {
            synchronized (this) {
                waiters.removeIf(p -> p.future == request);
            }
            grantWaiters();
        } else if (!request.isCompletedExceptionally()) {
            request.join().release();
        }
    }

    public synchronized long used() {
        return used;
    }

    /** The most bytes ever reserved at once. */
    public synchronized long highWater() {
        return highWater;
    }

    public long capacity() {
        return capacity;
    }

    /** Requests waiting for budget. */
    public synchronized int waiting() {
        return waiters.size();
    }

    private void take(long bytes) {
        used += bytes;
        highWater = Math.max(highWater, used);
    }

    private void giveBack(long bytes) {
        synchronized (this) {
            used -= bytes;
        }
        grantWaiters();
    }

    private void grantWaiters() {
        List<Pending> granted = new ArrayList<>();
        synchronized (this) {
            while (!waiters.isEmpty()) {
                Pending head = waiters.peek();
                if (head.future.isDone()) {
                    waiters.poll();
                    continue;
                }
                if (used + head.bytes > capacity) {
                    break;
                }
                waiters.poll();
                take(head.bytes);
                granted.add(head);
            }
        }
        for (Pending p : granted) {
            Reservation r = new Reservation(p.bytes);
            if (!p.future.complete(r)) {
                r.release();
            }
        }
    }

    private record Pending(long bytes, CompletableFuture<Reservation> future) {}

    /** Bytes held against the budget; release exactly once (later calls do nothing). */
    public final class Reservation {
        private long bytes;
        private boolean released;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        public synchronized long bytes() {
            return released ? 0 : bytes;
        }

        /** Returns what the body did not need. */
        public void shrinkTo(long actual) {
            long excess;
            synchronized (this) {
                if (released || actual >= bytes) {
                    return;
                }
                excess = bytes - actual;
                bytes = actual;
            }
            giveBack(excess);
        }

        public void release() {
            long all;
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
                all = bytes;
            }
            giveBack(all);
        }
    }
}
