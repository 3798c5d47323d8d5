package dev.imageingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every compiled main class targets Java 11 (class file major 55): the pom's {@code
 * maven.compiler.release} must not drift upwards, or the job stops loading on Managed Flink. The
 * jar as a whole, dependencies included, is checked by {@link ShadedJarITCase}.
 */
class MainClassesJava11Test {

    @Test
    void everyMainClassIsJava11() throws Exception {
        Path classes =
                Path.of(
                        ImageIngestJob.class
                                .getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI());
        assertThat(classes).isDirectory();
        List<Path> all;
        try (Stream<Path> files = Files.walk(classes)) {
            all = files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
        }
        // the scan must have something to scan: the job, the source, the tools...
        assertThat(all).hasSizeGreaterThan(50);
        List<String> tooNew =
                all.stream()
                        .filter(p -> major(p) > ClassFileVersions.JAVA_11)
                        .map(p -> classes.relativize(p) + " (major " + major(p) + ")")
                        .collect(Collectors.toList());
        assertThat(tooNew).as("main classes newer than Java 11").isEmpty();
    }

    private static int major(Path classFile) {
        try (InputStream in = Files.newInputStream(classFile)) {
            return ClassFileVersions.majorVersion(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
