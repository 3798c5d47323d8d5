package dev.imageingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The job jar built by {@code package}: connectors and clients inside; Flink itself and any logging
 * backend provided by the cluster, never shaded in.
 */
class ShadedJarITCase {

    @Test
    void jobJarHasTheJobAndConnectorsButNoFlinkRuntimeOrLoggingBackend() throws Exception {
        try (JarFile jarFile = new JarFile(jobJar().toFile())) {
            List<String> names = jarFile.stream().map(ZipEntry::getName).toList();
            assertThat(jarFile.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(ImageIngestJob.class.getName());
            assertThat(names)
                    .contains(
                            "dev/imageingest/ImageIngestJob.class",
                            "org/apache/flink/connector/firehose/sink/KinesisFirehoseSink.class",
                            "org/apache/flink/connector/base/source/reader/SourceReaderBase.class",
                            "software/amazon/awssdk/services/s3/S3AsyncClient.class",
                            // the image downloader's HTTP/1.1 codec and TLS
                            "io/netty/handler/codec/http/HttpClientCodec.class",
                            "io/netty/handler/ssl/SslHandler.class",
                            "dev/imageingest/fetch/http/NettyImageDownloader.class",
                            "dev/imageingest/tools/Tools.class",
                            "picocli/CommandLine.class",
                            "net/snowflake/client/jdbc/SnowflakeDriver.class");
            assertThat(names)
                    .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
                    // Jetty 12 needs Java 17; the downloader no longer uses it
                    .noneMatch(n -> n.startsWith("org/eclipse/jetty/"))
                    // slf4j-api is inside for the operator tools (Flink loads org.slf4j
                    // parent-first); a binding would be a logging backend
                    .noneMatch(n -> n.startsWith("org/slf4j/impl/"))
                    .noneMatch(n -> n.startsWith("org/apache/logging/log4j/"))
                    .noneMatch(n -> n.startsWith("ch/qos/logback/"))
                    .noneMatch(n -> n.matches("log4j2?(-test)?\\.(xml|properties)"));
        }
    }

    /**
     * Managed Flink runs Java 11: one class file newer than major 55 anywhere in the jar (the job's
     * own or a dependency's, e.g. after a version bump) fails with {@code
     * UnsupportedClassVersionError} when loaded. Multi-release entries under {@code
     * META-INF/versions/} are only loaded by newer JVMs and are fine.
     */
    @Test
    void everyClassInTheJobJarRunsOnJava11() throws Exception {
        List<String> tooNew = new ArrayList<>();
        int scanned = 0;
        try (JarFile jarFile = new JarFile(jobJar().toFile())) {
            for (JarEntry entry : Collections.list(jarFile.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class")
                        || name.startsWith(ClassFileVersions.VERSIONED_PREFIX)) {
                    continue;
                }
                scanned++;
                int major;
                try (InputStream in = jarFile.getInputStream(entry)) {
                    major = ClassFileVersions.majorVersion(in);
                }
                if (major > ClassFileVersions.JAVA_11) {
                    tooNew.add(name + " (major " + major + ")");
                }
            }
        }
        assertThat(scanned).as("classes scanned").isGreaterThan(1000);
        assertThat(tooNew)
                .as(
                        "classes newer than Java 11 in the job jar (%d of %d), by package: %s",
                        tooNew.size(), scanned, byPackage(tooNew))
                .isEmpty();
    }

    /** Offender counts per package prefix (up to 3 segments), naming the dependency at a glance. */
    private static Map<String, Long> byPackage(List<String> classes) {
        return classes.stream()
                .collect(
                        Collectors.groupingBy(
                                ShadedJarITCase::packagePrefix,
                                TreeMap::new,
                                Collectors.counting()));
    }

    private static String packagePrefix(String classEntry) {
        List<String> parts = Arrays.asList(classEntry.split("/"));
        return String.join("/", parts.subList(0, Math.min(3, parts.size() - 1)));
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(
                            p -> p.getFileName().toString().matches("flink-image-ingest-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().startsWith("original-"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("run mvn package first"));
        }
    }
}
