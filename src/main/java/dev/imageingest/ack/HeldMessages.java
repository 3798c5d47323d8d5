package dev.imageingest.ack;

import dev.imageingest.model.SqsReceipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages one source reader has emitted and not yet seen deleted, with the time each stays
 * invisible, so the reader can extend their visibility before SQS would hand them to someone else.
 *
 * <p>The sink deletes messages, the source extends them; they meet here. Every live registry is
 * known JVM-wide, so a delete in the sink ({@link #released}) removes the handle from the reader
 * that holds it. In the production graph source and sink are chained into one task, so they share a
 * JVM. If they ever do not, nothing breaks: SQS rejects the extension of a deleted message and the
 * reader drops it then ({@link #drop}).
 *
 * <p>Elements the async fetch operator restores from a checkpoint or savepoint were received by a
 * reader that no longer exists: nothing extends them, so they would reappear while the restored job
 * still works on them. {@link #adopt} hands each to a live registry of the same queue, whose reader
 * extends it from then on.
 *
 * <p>Bounded by what the job holds un-deleted (async capacity, sink buffer, one checkpoint's
 * worth). Thread-safe.
 */
public final class HeldMessages implements AutoCloseable {
    private static final Set<HeldMessages> LIVE = ConcurrentHashMap.newKeySet();

    private final String queueUrl;
    private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();

    private HeldMessages(String queueUrl) {
        this.queueUrl = queueUrl;
    }

    /**
     * A new registry for the messages a reader of {@code queueUrl} receives, live (reachable by
     * {@link #released} and {@link #adopt}) until closed.
     */
    public static HeldMessages open(String queueUrl) {
        HeldMessages registry = new HeldMessages(queueUrl);
        LIVE.add(registry);
        return registry;
    }

    /**
     * Makes sure a message the job works on is held by some live registry: if none holds it (it was
     * restored from a checkpoint, its reader is gone), a registry of its queue adopts it as due for
     * extension now. Returns whether it was adopted; false when it is already held, or when no
     * reader of its queue runs in this JVM (then it may reappear: a duplicate, never a loss).
     */
    public static boolean adopt(SqsReceipt receipt) {
        HeldMessages home = null;
        for (HeldMessages registry : LIVE) {
            if (registry.held.containsKey(receipt.receiptHandle())) {
                return false;
            }
            if (home == null && registry.queueUrl.equals(receipt.queueUrl())) {
                home = registry;
            }
        }
        if (home == null) {
            return false;
        }
        home.hold(receipt, System.currentTimeMillis());
        return true;
    }

    /** The sink deleted this message: no reader needs to keep it invisible any longer. */
    public static void released(SqsReceipt receipt) {
        for (HeldMessages registry : LIVE) {
            registry.held.remove(receipt.receiptHandle());
        }
    }

    /** Starts tracking a message received at {@code receivedAt}, invisible until {@code until}. */
    public void hold(SqsReceipt receipt, long invisibleUntil) {
        held.put(
                receipt.receiptHandle(),
                new Held(
                        receipt.queueUrl(),
                        receipt.receiptHandle(),
                        receipt.receivedAt(),
                        invisibleUntil));
    }

    /** Messages whose invisibility ends before {@code deadline}. */
    public List<Held> endingBefore(long deadline) {
        List<Held> due = new ArrayList<>();
        for (Held h : held.values()) {
            if (h.invisibleUntil < deadline) {
                due.add(h);
            }
        }
        return due;
    }

    /** SQS extended the message: it stays invisible until {@code until}. */
    public void extended(String receiptHandle, long until) {
        held.computeIfPresent(
                receiptHandle,
                (k, h) -> new Held(h.queueUrl, h.receiptHandle, h.receivedAt, until));
    }

    /** Stop tracking: SQS no longer knows the handle (deleted elsewhere) or it cannot be held. */
    public void drop(String receiptHandle) {
        held.remove(receiptHandle);
    }

    public int size() {
        return held.size();
    }

    @Override
    public void close() {
        LIVE.remove(this);
        held.clear();
    }

    /** One tracked message. Immutable. */
    public static final class Held {
        public final String queueUrl;
        public final String receiptHandle;
        public final long receivedAt;
        public final long invisibleUntil;

        Held(String queueUrl, String receiptHandle, long receivedAt, long invisibleUntil) {
            this.queueUrl = queueUrl;
            this.receiptHandle = receiptHandle;
            this.receivedAt = receivedAt;
            this.invisibleUntil = invisibleUntil;
        }
    }
}
