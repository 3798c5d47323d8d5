package dev.imageingest.aws;

/**
 * A resource the job needs is missing or unusable: the message is one line naming the resource and
 * the cause ({@link AwsErrors#describe}). It carries no stack trace of its own, so whatever prints
 * it (the Flink CLI, Managed Flink's application log) shows the line, not a nest of SDK frames; the
 * SDK error stays reachable as the suppressed exception for debugging.
 */
public final class ResourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ResourceException(String line, Throwable error) {
        super(line, null, true, false);
        if (error != null) {
            addSuppressed(error);
        }
    }
}
