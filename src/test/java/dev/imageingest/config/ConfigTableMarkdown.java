package dev.imageingest.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * Renders the README configuration table from {@link IngestOptions}. Regenerate with {@code mvn -q
 * test-compile exec:java -Dexec.mainClass=dev.imageingest.config.ConfigTableMarkdown
 * -Dexec.classpathScope=test}.
 */
public final class ConfigTableMarkdown {
    static final String START = "<!-- config-table:start -->";
    static final String END = "<!-- config-table:end -->";

    private ConfigTableMarkdown() {}

    public static void main(String[] args) {
        System.out.print(render());
    }

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Key | Default | Description |\n|---|---|---|\n");
        for (ConfigOption<?> o : IngestOptions.all().values()) {
            sb.append("| `")
                    .append(o.key())
                    .append("` | ")
                    .append(defaultOf(o))
                    .append(" | ")
                    .append(describe(o).replace("|", "\\|"))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** Plain text of an option's description. */
    static String describe(ConfigOption<?> o) {
        return new HtmlFormatter().format(o.description());
    }

    private static String defaultOf(ConfigOption<?> o) {
        if (!o.hasDefaultValue()) {
            return "**required**";
        }
        Object v = o.defaultValue();
        String text;
        if (v instanceof Duration d) {
            text = TimeUtils.formatWithHighestUnit(d);
        } else if (v instanceof MemorySize m) {
            long b = m.getBytes();
            text =
                    b % (1 << 20) == 0
                            ? (b >> 20) + "mb"
                            : b % 1024 == 0 ? (b >> 10) + "kb" : b + "b";
        } else {
            text = String.valueOf(v);
        }
        return text.isEmpty() ? "(empty)" : "`" + text + "`";
    }
}
