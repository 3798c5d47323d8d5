package dev.imageingest.fetch.guard;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Looks up every address of a host name. Implementations may block (the JDK's lookup does); the
 * guard only calls them on its own small DNS executor, never on a caller's or a Flink task thread.
 * Serializable so a Flink function can carry it (tests map names such as {@code evil.test} to
 * loopback or metadata addresses without real DNS).
 */
@FunctionalInterface
public interface DnsResolver extends Serializable {

    /** All addresses of {@code host} (never empty); throws when the name does not resolve. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * Addresses of {@code host} known without a lookup (a cache), or null. A non-null answer lets
     * the guard skip its DNS executor; the addresses are checked all the same.
     */
    default List<InetAddress> cached(String host) {
        return null;
    }

    /** The JVM's resolver ({@link InetAddress#getAllByName}). */
    static DnsResolver system() {
        return SystemDnsResolver.INSTANCE;
    }
}
