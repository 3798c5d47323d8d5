package dev.imageingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/**
 * The registry gathers every stage's options: a stage's options class left out of {@link
 * IngestOptions#CLASSES} would make its keys "unknown" at start-up and drop them from the README.
 */
class IngestOptionsTest {
    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void everyClassDeclaringOptionsIsRegistered() throws IOException {
        Set<String> declaring = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (Files.readString(f).contains("ConfigOptions.key(")) {
                    String name = MAIN.relativize(f).toString().replace('/', '.');
                    declaring.add(name.substring(0, name.length() - ".java".length()));
                }
            }
        }
        Set<String> registered =
                IngestOptions.CLASSES.stream().map(Class::getName).collect(Collectors.toSet());
        assertThat(declaring).hasSizeGreaterThan(5).isEqualTo(new TreeSet<>(registered));
    }

    @Test
    void everyDeclaredOptionIsInAllInKeyOrder() throws IllegalAccessException {
        List<String> declared = new ArrayList<>();
        for (Class<?> c : IngestOptions.CLASSES) {
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (f.getType() == ConfigOption.class) {
                    declared.add(((ConfigOption<?>) f.get(null)).key());
                }
            }
        }
        assertThat(IngestOptions.all().keySet())
                .containsExactlyElementsOf(new TreeSet<>(declared))
                .hasSameSizeAs(declared); // no key declared twice
    }
}
