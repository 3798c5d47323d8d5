package dev.imageingest.fetch.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DnsResolver} with a fixed table, so tests never touch real DNS: unknown names fail like
 * NXDOMAIN. Records the names looked up.
 */
public final class StaticDns implements DnsResolver {
    private final HashMap<String, List<String>> table = new HashMap<>();
    private final List<String> lookups = new ArrayList<>();

    public StaticDns map(String host, String... addresses) {
        table.put(host, List.of(addresses));
        return this;
    }

    @Override
    public synchronized List<InetAddress> resolve(String host) throws UnknownHostException {
        lookups.add(host);
        List<String> addresses = table.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host + ": not in the test DNS table");
        }
        List<InetAddress> out = new ArrayList<>();
        for (String a : addresses) {
            out.add(InetAddress.getByName(a)); // literals only: no lookup
        }
        return out;
    }

    public synchronized List<String> lookups() {
        return List.copyOf(lookups);
    }

    public Map<String, List<String>> table() {
        return Map.copyOf(table);
    }
}
