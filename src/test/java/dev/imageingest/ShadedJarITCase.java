package dev.imageingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
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
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar =
                    files.filter(
                                    p ->
                                            p.getFileName()
                                                    .toString()
                                                    .matches("flink-image-ingest-.*\\.jar"))
                            .filter(p -> !p.getFileName().toString().startsWith("original-"))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("run mvn package first"));
        }
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            List<String> names = jarFile.stream().map(ZipEntry::getName).toList();
            assertThat(jarFile.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(ImageIngestJob.class.getName());
            assertThat(names)
                    .contains(
                            "dev/imageingest/ImageIngestJob.class",
                            "org/apache/flink/connector/firehose/sink/KinesisFirehoseSink.class",
                            "org/apache/flink/connector/base/source/reader/SourceReaderBase.class",
                            "org/eclipse/jetty/client/HttpClient.class",
                            "software/amazon/awssdk/services/s3/S3AsyncClient.class",
                            "dev/imageingest/tools/Tools.class",
                            "picocli/CommandLine.class",
                            "net/snowflake/client/jdbc/SnowflakeDriver.class");
            assertThat(names)
                    .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
                    // slf4j-api is inside for the operator tools (Flink loads org.slf4j
                    // parent-first); a binding would be a logging backend
                    .noneMatch(n -> n.startsWith("org/slf4j/impl/"))
                    .noneMatch(n -> n.startsWith("org/apache/logging/log4j/"))
                    .noneMatch(n -> n.startsWith("ch/qos/logback/"))
                    .noneMatch(n -> n.matches("log4j2?(-test)?\\.(xml|properties)"));
        }
    }
}
