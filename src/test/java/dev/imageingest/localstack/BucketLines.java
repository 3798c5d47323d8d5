package dev.imageingest.localstack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads every line of every object in a bucket of write-once objects (Firehose deliveries), each
 * object once: later calls fetch only objects that appeared since.
 */
public final class BucketLines {
    private final S3AsyncClient s3;
    private final String bucket;
    private final Map<String, List<String>> byKey = new ConcurrentHashMap<>();

    public BucketLines(S3AsyncClient s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Every line of every object, objects in listing (key) order. */
    public List<String> read() {
        List<S3Object> objects = list(s3, bucket);
        List<CompletableFuture<Void>> reads = new ArrayList<>();
        for (S3Object o : objects) {
            if (!byKey.containsKey(o.key())) {
                reads.add(
                        s3.getObject(
                                        b -> b.bucket(bucket).key(o.key()),
                                        AsyncResponseTransformer.toBytes())
                                .thenAccept(
                                        r ->
                                                byKey.put(
                                                        o.key(),
                                                        r.asString(StandardCharsets.UTF_8)
                                                                .lines()
                                                                .toList())));
            }
        }
        CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).join();
        List<String> lines = new ArrayList<>();
        objects.forEach(o -> lines.addAll(byKey.get(o.key())));
        return lines;
    }

    /** Every object of a bucket. */
    public static List<S3Object> list(S3AsyncClient s3, String bucket) {
        List<S3Object> objects = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().subscribe(objects::add).join();
        return objects;
    }
}
