package dev.imageingest.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link LocalRunner}, split three ways so that Flink settings no longer
 * collide with the job's keys (the job refuses unknown keys such as {@code --rest.port}):
 *
 * <ul>
 *   <li>{@code -D key=value} or {@code -Dkey=value}: a Flink setting ({@code -D rest.port=8082});
 *   <li>{@code --local.state-dir DIR} and {@code --local.resume true|false}: the runner's own
 *       options (checkpoint and savepoint root, automatic resume);
 *   <li>everything else, in order: the job's arguments ({@code --config FILE}, {@code --key
 *       value}), exactly as {@code flink run} would pass them.
 * </ul>
 */
public final class RunnerArguments {
    static final String PREFIX = "--local.";
    static final String STATE_DIR = "state-dir";
    static final String RESUME = "resume";
    static final Path DEFAULT_STATE_DIR = Path.of("local-state");

    private final Map<String, String> flink;
    private final Path stateDir;
    private final boolean resume;
    private final List<String> jobArgs;

    private RunnerArguments(
            Map<String, String> flink, Path stateDir, boolean resume, List<String> jobArgs) {
        this.flink = Collections.unmodifiableMap(flink);
        this.stateDir = stateDir;
        this.resume = resume;
        this.jobArgs = Collections.unmodifiableList(jobArgs);
    }

    /**
     * Splits the arguments.
     *
     * @throws IllegalArgumentException for a malformed {@code -D} or runner option
     */
    public static RunnerArguments parse(String[] args) {
        Map<String, String> flink = new LinkedHashMap<>();
        Path stateDir = DEFAULT_STATE_DIR;
        boolean resume = true;
        List<String> job = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-D")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("-D needs key=value");
                }
                putSetting(flink, args[++i]);
            } else if (arg.startsWith("-D")) {
                putSetting(flink, arg.substring(2));
            } else if (arg.startsWith(PREFIX)) {
                String option = arg.substring(PREFIX.length());
                String value;
                int eq = option.indexOf('=');
                if (eq >= 0) {
                    value = option.substring(eq + 1);
                    option = option.substring(0, eq);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                if (option.equals(STATE_DIR)) {
                    if (value.isBlank()) {
                        throw new IllegalArgumentException(arg + " needs a directory");
                    }
                    stateDir = Path.of(value);
                } else if (option.equals(RESUME)) {
                    resume = parseBoolean(PREFIX + RESUME, value);
                } else {
                    throw new IllegalArgumentException(
                            "unknown runner option "
                                    + PREFIX
                                    + option
                                    + " (known: "
                                    + PREFIX
                                    + STATE_DIR
                                    + ", "
                                    + PREFIX
                                    + RESUME
                                    + ")");
                }
            } else {
                job.add(arg);
            }
        }
        return new RunnerArguments(flink, stateDir, resume, job);
    }

    private static void putSetting(Map<String, String> flink, String setting) {
        int eq = setting.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException(
                    "-D needs key=value (e.g. -D rest.port=8082), got '" + setting + "'");
        }
        flink.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
    }

    private static boolean parseBoolean(String option, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(option + " must be true or false, got '" + value + "'");
    }

    /** Flink settings given with {@code -D}, in order. */
    public Map<String, String> flinkSettings() {
        return flink;
    }

    /** Root of the runner's checkpoints and savepoints (default {@code local-state}). */
    public Path stateDir() {
        return stateDir;
    }

    /** Whether to resume from the latest snapshot found (default true). */
    public boolean resume() {
        return resume;
    }

    /** The job's arguments, for {@code ConfigLoader.fromArgs}. */
    public String[] jobArgs() {
        return jobArgs.toArray(new String[0]);
    }
}
