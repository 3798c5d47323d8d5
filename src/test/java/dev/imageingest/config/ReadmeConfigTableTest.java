package dev.imageingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README's configuration table must be exactly what {@link IngestOptions} declares. */
class ReadmeConfigTableTest {
    @Test
    void readmeTableMatchesTheOptions() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf(ConfigTableMarkdown.START);
        int end = readme.indexOf(ConfigTableMarkdown.END);
        assertThat(start).as("README has the config table markers").isNotNegative();
        assertThat(end).isGreaterThan(start);
        String table = readme.substring(start + ConfigTableMarkdown.START.length(), end).strip();
        assertThat(table)
                .as("README config table is stale; regenerate it (see ConfigTableMarkdown)")
                .isEqualTo(ConfigTableMarkdown.render().strip());
    }
}
