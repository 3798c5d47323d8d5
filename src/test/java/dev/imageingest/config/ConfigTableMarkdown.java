package dev.imageingest.config;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.util.TimeUtils;

/**
 * Renders the README configuration table from {@link IngestOptions}. Regenerate with {@code mvn -q
 * test-compile exec:java -Dexec.mainClass=dev.imageingest.config.ConfigTableMarkdown
 * -Dexec.classpathScope=test -Dexec.args="--write README.md"}.
 */
public final class ConfigTableMarkdown {
    static final String START = "<!-- config-table:start -->";
    static final String END = "<!-- config-table:end -->";

    private ConfigTableMarkdown() {}

    /** Prints the table, or with {@code --write README.md} replaces it in that file. */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length == 2 && args[0].equals("--write")) {
            java.nio.file.Path file = java.nio.file.Path.of(args[1]);
            String text = java.nio.file.Files.readString(file);
            int start = text.indexOf(START);
            int end = text.indexOf(END);
            if (start < 0 || end < start) {
                throw new IllegalStateException("no table markers in " + file);
            }
            java.nio.file.Files.writeString(
                    file,
                    text.substring(0, start + START.length())
                            + "\n"
                            + render()
                            + text.substring(end));
        } else {
            System.out.print(render());
        }
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
