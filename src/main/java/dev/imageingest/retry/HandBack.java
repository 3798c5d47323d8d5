package dev.imageingest.retry;

import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.SqsReceipt;

/**
 * A message to return to SQS for a later try: its receipt and how long it should stay invisible.
 * Emitted by {@code RouteOutcomes} instead of a path record; carried out by {@link HandBackSink}.
 */
public final class HandBack {
    private SqsReceipt receipt;
    private int visibilitySeconds;
    private FetchStatus status;

    /** For Flink's POJO serializer only. */
    public HandBack() {}

    public HandBack(SqsReceipt receipt, int visibilitySeconds, FetchStatus status) {
        this.receipt = receipt;
        this.visibilitySeconds = visibilitySeconds;
        this.status = status;
    }

    public SqsReceipt receipt() {
        return receipt;
    }

    public int visibilitySeconds() {
        return visibilitySeconds;
    }

    /** The transient outcome that made the message come back. */
    public FetchStatus status() {
        return status;
    }

    public void setReceipt(SqsReceipt receipt) {
        this.receipt = receipt;
    }

    public void setVisibilitySeconds(int visibilitySeconds) {
        this.visibilitySeconds = visibilitySeconds;
    }

    public void setStatus(FetchStatus status) {
        this.status = status;
    }

    @Override
    public String toString() {
        return "HandBack[" + receipt + ", " + visibilitySeconds + " s, " + status + "]";
    }
}
