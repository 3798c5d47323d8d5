package dev.imageingest.fetch.guard;

import dev.imageingest.model.FetchStatus;

/**
 * The SSRF guard refused a URL or an address; carries {@link FetchStatus#BLOCKED_SCHEME}, {@link
 * FetchStatus#BLOCKED_ADDRESS} or {@link FetchStatus#INVALID_URL}. Never retried.
 */
public final class TargetBlocked extends Exception {
    private final FetchStatus status;

    public TargetBlocked(FetchStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public FetchStatus status() {
        return status;
    }
}
