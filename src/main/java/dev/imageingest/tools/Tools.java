package dev.imageingest.tools;

import dev.imageingest.tools.audit.AuditCommand;
import dev.imageingest.tools.common.ExitCodes;
import dev.imageingest.tools.common.ToolException;
import dev.imageingest.tools.enqueue.EnqueueCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the operator tools shipped in the job jar: {@code java -cp <jar>
 * dev.imageingest.tools.Tools <enqueue|audit> --help}. Has no Flink or logging-backend dependency;
 * the tools print to stdout/stderr themselves. Exit codes are listed in {@link ExitCodes}.
 */
@Command(
        name = "tools",
        mixinStandardHelpOptions = true,
        description = "Operator tools for the image ingest pipeline.",
        subcommands = {EnqueueCommand.class, AuditCommand.class, CommandLine.HelpCommand.class},
        footer = {
            "",
            "Exit codes: 0 success, 1 aborted by an error, 2 usage error,"
                    + " 3 finished but problems were found (see the summary)."
        })
public final class Tools implements Runnable {

    /** snowflake-jdbc logs to java.util.logging at INFO; keep only its warnings (held strongly). */
    private static final java.util.logging.Logger SNOWFLAKE_LOG =
            java.util.logging.Logger.getLogger("net.snowflake");

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        QuietSlf4j.init();
        SNOWFLAKE_LOG.setLevel(java.util.logging.Level.WARNING);
        // snowflake-jdbc bundles AWS SDK v1, which announces its end of support on stderr
        System.setProperty("aws.java.v1.disableDeprecationAnnouncement", "true");
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (used by tests). */
    public static int run(String... args) {
        return new CommandLine(new Tools())
                .setExecutionExceptionHandler(
                        (e, cmd, parsed) -> {
                            cmd.getErr().println("error: " + describe(e));
                            return e instanceof ToolException
                                    ? ((ToolException) e).exitCode()
                                    : ExitCodes.ERROR;
                        })
                .execute(args);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.toString() : message;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: enqueue or audit");
    }
}
