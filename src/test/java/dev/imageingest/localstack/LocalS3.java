package dev.imageingest.localstack;

import com.adobe.testing.s3mock.S3MockApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * An in-process S3Mock server (HTTP on 127.0.0.1 and a free port, objects in a temporary directory
 * deleted on {@link #close()}). Clients must use path-style addressing.
 */
public final class LocalS3 implements AutoCloseable {
    /** Tomcat logs through java.util.logging; held strongly so the levels stick. */
    private static final List<Logger> QUIET_LOGGERS =
            Stream.of("org.apache.catalina", "org.apache.coyote", "org.apache.tomcat")
                    .map(Logger::getLogger)
                    .peek(l -> l.setLevel(Level.SEVERE))
                    .toList();

    private final S3MockApplication app;
    private final Path root;
    private final String endpoint;
    private final S3AsyncClient client;

    private LocalS3(S3MockApplication app, Path root) {
        this.app = app;
        this.root = root;
        this.endpoint = "http://127.0.0.1:" + app.getHttpPort();
        this.client = LocalAws.s3(endpoint);
    }

    /** Starts a server with the given buckets already created. */
    public static LocalS3 start(String... buckets) {
        QUIET_LOGGERS.forEach(l -> l.setLevel(Level.SEVERE));
        Path root;
        try {
            root = Files.createTempDirectory("local-s3-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> props = new HashMap<>();
        props.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
        props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
        props.put(S3MockApplication.PROP_ROOT_DIRECTORY, root.toString());
        props.put(S3MockApplication.PROP_INITIAL_BUCKETS, String.join(",", buckets));
        props.put("com.adobe.testing.s3mock.store.retainFilesOnExit", false);
        props.put(S3MockApplication.PROP_SILENT, true);
        props.put("server.address", "127.0.0.1");
        props.put("spring.main.banner-mode", "off");
        props.put("spring.main.log-startup-info", false);
        props.put("logging.level.root", "WARN");
        props.put("spring.jmx.enabled", false);
        // close() stops it, in order: the Firehose emulator flushes into it on shutdown
        props.put("spring.main.register-shutdown-hook", false);
        return new LocalS3(S3MockApplication.start(props), root);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String endpoint() {
        return endpoint;
    }

    /** Creates a bucket; an existing bucket is fine. */
    public void createBucket(String bucket) {
        try {
            client.createBucket(b -> b.bucket(bucket)).join();
        } catch (CompletionException e) {
            if (!(e.getCause() instanceof BucketAlreadyOwnedByYouException)) {
                throw new IllegalStateException("cannot create bucket " + bucket, e.getCause());
            }
        }
    }

    /** A path-style client for this server, owned by it (closed by {@link #close()}). */
    public S3AsyncClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        app.stop();
        deleteRecursively(root);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
