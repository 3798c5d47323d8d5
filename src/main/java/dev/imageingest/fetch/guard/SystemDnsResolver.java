package dev.imageingest.fetch.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** {@link DnsResolver} on the JVM's (blocking) {@link InetAddress#getAllByName}. */
enum SystemDnsResolver implements DnsResolver {
    INSTANCE;

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }
}
