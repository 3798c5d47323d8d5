package dev.imageingest.fetch.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The in-flight byte budget of one downloader ({@code fetch.in-flight-bytes}): every response body
 * held in memory is covered by a {@link Reservation} from the moment its first byte is read until
 * its record is emitted (after the S3 put) or the download fails. Bytes reserved never exceed the
 * capacity, so <b>heap needed = budget + overhead</b> (Jetty's network buffers, one parked chunk
 * per waiting download, one transient copy while a body is trimmed to size, bookkeeping).
 *
 * <p>The capacity is split into a <em>general pool</em> ({@code capacity - maxBody}) and a
 * <em>growth reserve</em> of {@code maxBody} bytes:
 *
 * <ul>
 *   <li>{@link #reserve} takes bytes from the general pool: a body's exact length when known, else
 *       a small initial amount. Waiting requests are served FIFO.
 *   <li>{@link Reservation#growTo} (bodies of unknown length) takes more from the general pool when
 *       it fits and nobody waits to grow; otherwise it joins the growth queue (FIFO). The head of
 *       that queue takes the <em>growth token</em> when it is free: the token holder grows from the
 *       reserve, which always covers it (a body never exceeds {@code maxBody}), so it never waits
 *       again. The token returns when its holder is released, or earlier once its body is complete
 *       ({@link Reservation#shrinkTo}) and its reserve bytes fit in the general pool.
 * </ul>
 *
 * <p>No deadlock although growers hold bytes while they wait: a waiting grower waits only for the
 * token (or for general bytes), and the token holder waits for nothing here: it finishes its
 * download and its S3 put (both bounded by their own timeouts) and then gives the token back.
 * Growers are served before new reservations, so started bodies finish first. All waits are
 * asynchronous: no thread is blocked. A {@code maxBody} body needs the general pool too, so the
 * capacity must be at least {@code 2 x maxBody}.
 */
public final class ByteBudget {
    private final long capacity;
    private final long maxBody;
    private final long generalCapacity;
    private final ArrayDeque<Pending> waiters = new ArrayDeque<>();
    private final ArrayDeque<Growth> growers = new ArrayDeque<>();
    private long generalUsed;
    private long reserveUsed;
    private Reservation tokenHolder;
    private long highWater;

    /**
     * @param capacity bytes that may be reserved at once, at least {@code 2 x maxBody}
     * @param maxBody the largest body ({@code fetch.max-bytes}), also the growth reserve
     */
    public ByteBudget(long capacity, long maxBody) {
        if (maxBody < 1 || capacity / 2 < maxBody) {
            throw new IllegalArgumentException(
                    "capacity " + capacity + " must be at least twice the body limit " + maxBody);
        }
        this.capacity = capacity;
        this.maxBody = maxBody;
        this.generalCapacity = capacity - maxBody;
    }

    /**
     * Reserves {@code bytes} from the general pool; completes at once when they fit and nobody
     * waits, else when earlier reservations are released (FIFO, after waiting growers). Fails for
     * more than {@code maxBody}.
     */
    public CompletableFuture<Reservation> reserve(long bytes) {
        if (bytes < 0 || bytes > maxBody) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException(
                            bytes + " bytes exceed the body limit of " + maxBody));
        }
        synchronized (this) {
            if (waiters.isEmpty() && growers.isEmpty() && generalUsed + bytes <= generalCapacity) {
                Reservation r = new Reservation();
                takeGeneral(r, bytes);
                return CompletableFuture.completedFuture(r);
            }
            CompletableFuture<Reservation> future = new CompletableFuture<>();
            waiters.add(new Pending(bytes, future));
            return future;
        }
    }

    /**
     * Gives up a reservation request: a waiting one leaves the queue, a granted one is released
     * (with any growth it waits for). Safe to call in any state and more than once.
     */
    public void abandon(CompletableFuture<Reservation> request) {
        if (request == null) {
            return;
        }
        if (request.cancel(false)) {
            synchronized (this) {
                waiters.removeIf(p -> p.future == request);
            }
            serve();
        } else if (!request.isCompletedExceptionally()) {
            request.join().release();
        }
    }

    /** Bytes reserved now (general pool and growth reserve). */
    public synchronized long used() {
        return generalUsed + reserveUsed;
    }

    /** Bytes of the growth reserve in use (by the token holder). */
    public synchronized long reserveUsed() {
        return reserveUsed;
    }

    /** The most bytes ever reserved at once. */
    public synchronized long highWater() {
        return highWater;
    }

    public long capacity() {
        return capacity;
    }

    /** Requests waiting for budget: new reservations and growths. */
    public synchronized int waiting() {
        return waiters.size() + growers.size();
    }

    /** Growths waiting in the growth queue. */
    public synchronized int growing() {
        return growers.size();
    }

    private void takeGeneral(Reservation r, long bytes) {
        r.general += bytes;
        generalUsed += bytes;
        highWater = Math.max(highWater, generalUsed + reserveUsed);
    }

    private void takeReserve(Reservation r, long bytes) {
        r.reserve += bytes;
        reserveUsed += bytes;
        highWater = Math.max(highWater, generalUsed + reserveUsed);
    }

    /**
     * Hands out what fits now: token, growths, then new reservations. Completes outside the lock.
     */
    private void serve() {
        List<Pending> granted = new ArrayList<>();
        List<Growth> grown = new ArrayList<>();
        synchronized (this) {
            Reservation holder = tokenHolder;
            if (holder != null
                    && holder.complete
                    && generalUsed + holder.reserve <= generalCapacity) {
                // the finished holder's body moves to the general pool: the token is free again
                generalUsed += holder.reserve;
                reserveUsed -= holder.reserve;
                holder.general += holder.reserve;
                holder.reserve = 0;
                tokenHolder = null;
            }
            while (!growers.isEmpty()) {
                Growth head = growers.peek();
                long need = head.total - head.r.held();
                if (generalUsed + need <= generalCapacity) {
                    takeGeneral(head.r, need);
                } else if (tokenHolder == null) {
                    tokenHolder = head.r;
                    takeReserve(head.r, need);
                } else {
                    break;
                }
                growers.poll();
                head.r.pending = null;
                grown.add(head);
            }
            while (growers.isEmpty() && !waiters.isEmpty()) {
                Pending head = waiters.peek();
                if (head.future.isDone()) {
                    waiters.poll();
                    continue;
                }
                if (generalUsed + head.bytes > generalCapacity) {
                    break;
                }
                waiters.poll();
                Reservation r = new Reservation();
                takeGeneral(r, head.bytes);
                granted.add(new Pending(head.bytes, head.future, r));
            }
        }
        for (Growth g : grown) {
            g.future.complete(null);
        }
        for (Pending p : granted) {
            if (!p.future.complete(p.granted)) {
                p.granted.release();
            }
        }
    }

    /** A reservation request waiting in line (and, once served, what it was granted). */
    private static final class Pending {
        final long bytes;
        final CompletableFuture<Reservation> future;
        final Reservation granted;

        Pending(long bytes, CompletableFuture<Reservation> future) {
            this(bytes, future, null);
        }

        Pending(long bytes, CompletableFuture<Reservation> future, Reservation granted) {
            this.bytes = bytes;
            this.future = future;
            this.granted = granted;
        }
    }

    /** A reservation waiting to grow to {@code total} bytes. */
    private static final class Growth {
        final Reservation r;
        final long total;
        final CompletableFuture<Void> future;

        Growth(Reservation r, long total, CompletableFuture<Void> future) {
            this.r = r;
            this.total = total;
            this.future = future;
        }
    }

    /**
     * Bytes held against the budget by one body. Grows while the body is read ({@link #growTo}), is
     * trimmed once complete ({@link #shrinkTo}), is released exactly once (later calls do nothing).
     * All state is guarded by the budget.
     */
    public final class Reservation {
        private long general;
        private long reserve;
        private boolean complete;
        private boolean released;
        private Growth pending;

        private Reservation() {}

        public long bytes() {
            synchronized (ByteBudget.this) {
                return released ? 0 : held();
            }
        }

        private long held() {
            return general + reserve;
        }

        /**
         * Makes this reservation cover {@code total} bytes (at most {@code maxBody}); completes at
         * once when they fit, else when this body reaches the head of the growth queue and takes
         * the token or finds room (never blocks). Fails when released meanwhile, after {@link
         * #shrinkTo}, or while another growth of this reservation waits.
         */
        public CompletableFuture<Void> growTo(long total) {
            Growth waiting;
            synchronized (ByteBudget.this) {
                if (released || complete || pending != null || total > maxBody) {
                    return CompletableFuture.failedFuture(
                            new IllegalStateException(
                                    "cannot grow to "
                                            + total
                                            + " bytes (released, complete, already growing or"
                                            + " over the body limit "
                                            + maxBody
                                            + ")"));
                }
                long need = total - held();
                if (need <= 0) {
                    return CompletableFuture.completedFuture(null);
                }
                if (tokenHolder == this) {
                    // general + reserve <= maxBody: the reserve always covers its holder
                    takeReserve(this, need);
                    return CompletableFuture.completedFuture(null);
                }
                if (growers.isEmpty() && generalUsed + need <= generalCapacity) {
                    takeGeneral(this, need);
                    return CompletableFuture.completedFuture(null);
                }
                waiting = new Growth(this, total, new CompletableFuture<>());
                pending = waiting;
                growers.add(waiting);
            }
            serve(); // the token may be free
            return waiting.future;
        }

        /**
         * Marks the body complete at {@code actual} bytes and returns the rest; no growth after
         * this. Returns reserve bytes first, so the growth token frees as early as possible.
         */
        public void shrinkTo(long actual) {
            Growth cancelled;
            synchronized (ByteBudget.this) {
                if (released) {
                    return;
                }
                complete = true;
                cancelled = dropPending();
                long excess = Math.max(0, held() - Math.max(0, actual));
                long fromReserve = Math.min(excess, reserve);
                reserve -= fromReserve;
                reserveUsed -= fromReserve;
                general -= excess - fromReserve;
                generalUsed -= excess - fromReserve;
                if (tokenHolder == this && reserve == 0) {
                    tokenHolder = null;
                }
            }
            cancel(cancelled);
            serve();
        }

        public void release() {
            Growth cancelled;
            synchronized (ByteBudget.this) {
                if (released) {
                    return;
                }
                released = true;
                cancelled = dropPending();
                generalUsed -= general;
                reserveUsed -= reserve;
                general = 0;
                reserve = 0;
                if (tokenHolder == this) {
                    tokenHolder = null;
                }
            }
            cancel(cancelled);
            serve();
        }

        private Growth dropPending() {
            Growth g = pending;
            if (g != null) {
                growers.remove(g);
                pending = null;
            }
            return g;
        }

        private void cancel(Growth g) {
            if (g != null) {
                g.future.completeExceptionally(
                        new CancellationException("reservation released while growing"));
            }
        }
    }
}
