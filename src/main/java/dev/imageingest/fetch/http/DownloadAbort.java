package dev.imageingest.fetch.http;

import dev.imageingest.model.FetchStatus;

/** A download stopped on purpose (too large, blocked address, ...), carrying its status. */
public final class DownloadAbort extends Exception {
    private final FetchStatus status;

    public DownloadAbort(FetchStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public FetchStatus status() {
        return status;
    }
}
