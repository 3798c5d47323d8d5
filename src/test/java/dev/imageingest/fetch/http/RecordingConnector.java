package dev.imageingest.fetch.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.io.ClientConnector;

/** A Jetty connector that records every address a connection is attempted to. */
final class RecordingConnector extends ClientConnector {
    private final List<InetSocketAddress> attempts = new CopyOnWriteArrayList<>();

    @Override
    public void connect(SocketAddress address, Map<String, Object> context) {
        attempts.add((InetSocketAddress) address);
        super.connect(address, context);
    }

    List<InetSocketAddress> attempts() {
        return List.copyOf(attempts);
    }
}
