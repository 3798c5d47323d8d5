package dev.imageingest.bench.endpoints;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmark's S3 endpoint ({@link S3Handler}: PutObject, HeadObject, buckets) on its own Netty
 * event loop, in the calling process, for tests that store thousands of images: S3Mock stores about
 * 70 objects/s, this endpoint thousands. It keeps no bytes, only each object's size and hashes;
 * {@link #keys(String)} lists what was stored.
 */
public final class FastS3 implements AutoCloseable {
    private final NettyServers servers;
    private final S3Handler s3;
    private final int port;

    private FastS3(String... buckets) {
        Counters counters = new Counters();
        servers = new NettyServers(1, counters);
        s3 = new S3Handler(counters);
        port = servers.serve("s3", null, 64 * 1024 * 1024, s3);
        for (String b : buckets) {
            s3.createBucket(b);
        }
    }

    /** Starts the endpoint on 127.0.0.1 and a free port with {@code buckets} created. */
    public static FastS3 start(String... buckets) {
        return new FastS3(buckets);
    }

    /** {@code http://127.0.0.1:PORT} (path-style addressing). */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Keys of the objects stored in {@code bucket} so far (empty if the bucket does not exist). */
    public Set<String> keys(String bucket) {
        Map<String, S3Handler.StoredObject> objects = s3.objects(bucket);
        return objects == null ? Set.of() : new TreeSet<>(objects.keySet());
    }

    @Override
    public void close() {
        servers.close();
    }
}
