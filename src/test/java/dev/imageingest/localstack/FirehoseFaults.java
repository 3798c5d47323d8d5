package dev.imageingest.localstack;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for {@link FirehoseEmulator}: consulted once per request before it is applied.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface FirehoseFaults {

    /** No faults: every valid request succeeds. */
    FirehoseFaults NONE = (operation, stream, records) -> Fault.NONE;

    /**
     * Decides the fate of one request.
     *
     * @param operation e.g. {@code PutRecordBatch}
     * @param stream the delivery stream named in the request (may be null)
     * @param records number of records in the request (0 for non-put operations)
     */
    Fault decide(String operation, String stream, int records);

    /** What happens to one request. */
    sealed interface Fault {
        Fault NONE = new None();

        /** The request is processed normally. */
        record None() implements Fault {}

        /** The whole request fails with a service error (nothing is buffered). */
        record Error(int httpStatus, String errorType, String message) implements Fault {}

        /**
         * A PutRecordBatch succeeds partially: every {@code everyNth} record (1 = all) is rejected
         * with {@code ServiceUnavailableException} and counted in {@code FailedPutCount}.
         */
        record PartialFailure(int everyNth) implements Fault {}
    }

    /** Fails the next {@code n} put requests with HTTP 503 ServiceUnavailableException. */
    static FirehoseFaults failNextPuts(int n) {
        AtomicInteger left = new AtomicInteger(n);
        return (op, stream, records) ->
                op.startsWith("PutRecord") && left.getAndDecrement() > 0
                        ? new Fault.Error(
                                503, "ServiceUnavailableException", "Slow down (injected fault).")
                        : Fault.NONE;
    }

    /** Rejects every {@code everyNth} record of the next {@code n} PutRecordBatch requests. */
    static FirehoseFaults partialFailures(int n, int everyNth) {
        AtomicInteger left = new AtomicInteger(n);
        return (op, stream, records) ->
                op.equals("PutRecordBatch") && left.getAndDecrement() > 0
                        ? new Fault.PartialFailure(everyNth)
                        : Fault.NONE;
    }
}
