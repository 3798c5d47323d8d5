package dev.imageingest.fetch.politeness;

import java.util.concurrent.TimeoutException;

/** The image's total deadline passed while it waited for its host (permit, rate or backoff). */
public final class HostWaitTimeout extends TimeoutException {
    public HostWaitTimeout(String message) {
        super(message);
    }
}
