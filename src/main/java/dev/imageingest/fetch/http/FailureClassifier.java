package dev.imageingest.fetch.http;

import dev.imageingest.fetch.guard.TargetBlocked;
import dev.imageingest.model.FetchStatus;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The one place where download outcomes are mapped to {@link FetchStatus}: HTTP status codes by
 * {@link #forHttpStatus(int)}, transport failures by {@link #forFailure(Throwable)}.
 */
public final class FailureClassifier {
    private FailureClassifier() {}

    /**
     * Maps a final HTTP status code of an image response.
     *
     * <ul>
     *   <li>2xx: OK (the body is then validated separately);
     *   <li>404 and 410: their own statuses, never retried (the image is gone);
     *   <li>408 (request timeout) counts as a TIMEOUT, retried;
     *   <li>429: retried after Retry-After, HTTP_429 when attempts run out;
     *   <li>other 4xx: HTTP_4XX, never retried;
     *   <li>5xx: HTTP_5XX, retried;
     *   <li>1xx and 3xx reaching here (a redirect without Location): HTTP_UNEXPECTED.
     * </ul>
     */
    public static FetchStatus forHttpStatus(int code) {
        if (code >= 200 && code < 300) {
            return FetchStatus.OK;
        }
        switch (code) {
            case 404:
                return FetchStatus.HTTP_404;
            case 410:
                return FetchStatus.HTTP_410;
            case 408:
                return FetchStatus.TIMEOUT;
            case 429:
                return FetchStatus.HTTP_429;
            default:
                if (code >= 400 && code < 500) {
                    return FetchStatus.HTTP_4XX;
                } else if (code >= 500 && code < 600) {
                    return FetchStatus.HTTP_5XX;
                }
                return FetchStatus.HTTP_UNEXPECTED;
        }
    }

    /**
     * Maps a transport failure, looking through wrapping exceptions: our own {@link DownloadAbort}s
     * keep their status; timeouts (connect, handshake, idle, total), DNS, connect, TLS (any
     * certificate or protocol failure, including a certificate that does not name the URL's host),
     * malformed responses and resets get theirs; anything else is a CONNECTION_RESET when it is an
     * I/O error, INTERNAL_ERROR otherwise.
     */
    public static FetchStatus forFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DownloadAbort) {
                return ((DownloadAbort) t).status();
            }
            if (t instanceof TargetBlocked) {
                return ((TargetBlocked) t).status();
            }
            if (t instanceof TimeoutException
                    || t instanceof SocketTimeoutException
                    || t instanceof ConnectTimeoutException
                    || t instanceof SslHandshakeTimeoutException) {
                // checked before ConnectException and SSLException, which they extend
                return FetchStatus.TIMEOUT;
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return FetchStatus.DNS_FAILURE;
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return FetchStatus.CONNECT_FAILURE;
            }
            if (t instanceof SSLException || t instanceof CertificateException) {
                return FetchStatus.TLS_FAILURE;
            }
            if (t instanceof DecoderException || t instanceof TooLongFrameException) {
                return FetchStatus.BAD_RESPONSE;
            }
            if (t instanceof EOFException || t instanceof ClosedChannelException) {
                return FetchStatus.CONNECTION_RESET;
            }
            if (t.getCause() == null && t instanceof java.io.IOException) {
                return FetchStatus.CONNECTION_RESET;
            }
        }
        return FetchStatus.INTERNAL_ERROR;
    }

    /**
     * The {@link Error} in a failure's cause chain, or null. An {@code OutOfMemoryError}, a {@code
     * StackOverflowError}, a broken class path: nothing about the image, so never a record. It must
     * fail the task instead, so the job restarts from its checkpoint and the message is processed
     * again (a record would delete the message and hide the fault).
     */
    public static Error fatal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Error) {
                return (Error) t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** Short description of a failure for the {@code error} column. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
