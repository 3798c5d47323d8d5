package dev.imageingest.config;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import dev.imageingest.settings.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the job configuration from, in increasing precedence:
 *
 * <ol>
 *   <li>the defaults declared in {@link IngestOptions};
 *   <li>Amazon Managed Service for Apache Flink runtime property groups (group {@value #MSF_GROUP}
 *       holds full keys; any other group {@code g} contributes {@code g.<key>});
 *   <li>a properties file given with {@code --config <file>};
 *   <li>{@code --key value} or {@code --key=value} program arguments.
 * </ol>
 *
 * <p>The Managed Flink runtime library returns an empty map off Managed Flink, so the other sources
 * always work. Unknown keys are rejected so that typos fail at start-up.
 */
public final class ConfigLoader {
    /** Managed Flink property group whose keys are used verbatim. */
    public static final String MSF_GROUP = "ImageIngest";

    private ConfigLoader() {}

    /** Loads and validates the configuration for the job's {@code main(args)}. */
    public static IngestConfig fromArgs(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        values.putAll(fromPropertyGroups(managedFlinkPropertyGroups()));
        Map<String, String> cli = parseArgs(args);
        String file = cli.remove("config");
        if (file != null) {
            values.putAll(fromFile(Path.of(file)));
        }
        values.putAll(cli);
        return IngestConfig.of(values);
    }

    /** Flattens Managed Flink property groups into configuration keys. */
    public static Map<String, String> fromPropertyGroups(Map<String, Properties> groups) {
        Map<String, String> values = new LinkedHashMap<>();
        groups.forEach(
                (group, props) ->
                        props.stringPropertyNames()
                                .forEach(
                                        name ->
                                                values.put(
                                                        MSF_GROUP.equals(group)
                                                                ? name
                                                                : group + "." + name,
                                                        props.getProperty(name).trim())));
        return values;
    }

    /** Reads a Java properties file ({@code key = value} lines). */
    public static Map<String, String> fromFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new ConfigException("config", "cannot read file " + file + ": " + e, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> values.put(k, props.getProperty(k).trim()));
        return values;
    }

    /** Parses {@code --key value} / {@code --key=value} pairs. */
    public static Map<String, String> parseArgs(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException(arg, "expected --key value, got '" + arg + "'");
            }
            String key = arg.substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                values.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.length) {
                values.put(key, args[++i]);
            } else {
                throw new ConfigException(key, "no value given");
            }
        }
        return values;
    }

    private static Map<String, Properties> managedFlinkPropertyGroups() {
        try {
            return KinesisAnalyticsRuntime.getApplicationProperties();
        } catch (IOException e) {
            throw new ConfigException(
                    MSF_GROUP, "cannot read Managed Flink application properties: " + e, e);
        }
    }
}
