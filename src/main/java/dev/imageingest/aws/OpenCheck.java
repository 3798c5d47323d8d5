package dev.imageingest.aws;

import java.io.Serializable;

/**
 * A check an operator runs as it opens (on the TaskManager), e.g. that its delivery stream exists.
 * Shipped with the operator, hence serializable. Throws {@link ResourceException} when the resource
 * is missing or forbidden; only logs when it cannot be reached right now (the operator's own
 * retries deal with that).
 */
@FunctionalInterface
public interface OpenCheck extends Serializable {
    void run();

    /** No check. */
    static OpenCheck none() {
        return () -> {};
    }
}
