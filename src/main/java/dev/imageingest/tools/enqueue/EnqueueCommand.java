package dev.imageingest.tools.enqueue;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.tools.common.AwsOptions;
import dev.imageingest.tools.common.JsonlOutput;
import dev.imageingest.tools.common.ToolException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/** {@code enqueue}: image records from Snowflake, a JDBC database or a CSV/JSONL file to SQS. */
@Command(
        name = "enqueue",
        mixinStandardHelpOptions = true,
        header = "Send image records (Snowflake, JDBC, CSV or JSONL) to SQS.",
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Reads image records and sends one SQS message per image in the job's input format"
                    + " {\"URL\": ..., \"bukken_id\": ..., \"image_type\": ...}, ten per"
                    + " SendMessageBatch, many batches in flight.",
            "Sources: --input FILE (CSV with header columns bukken_id,image_type,url in any order,"
                    + " or JSONL; gzip accepted), --snowflake, or --jdbc-url.",
            "Default query (Snowflake/JDBC): images of --photo-table without an OK record in"
                    + " --path-record-table:",
            "  SELECT p.bukken_id AS bukken_id, p.url AS url, p.image_type AS image_type FROM"
                    + " photo_table p WHERE NOT EXISTS (SELECT 1 FROM image_path_records r WHERE"
                    + " r.url = p.url AND r.bukken_id = p.bukken_id AND r.image_type ="
                    + " p.image_type AND r.status = 'OK')",
            ""
        },
        footer = {
            "",
            "Resuming (--input only): row numbers count data rows from 1 (CSV header and blank"
                    + " lines excluded). --resume-from N skips rows 1..N; the --state-file records"
                    + " the highest N below which every row is finished and resumes from it. It"
                    + " also records the file's size, modification time and a hash of its first"
                    + " 64 KiB, so another file under the same name is refused.",
            "Resuming Snowflake/JDBC: just re-run. A query's row order is not stable between"
                    + " runs (and the default query's result shrinks as images land), so row"
                    + " offsets are refused there. The default query is itself the resume point:"
                    + " it skips images that already have an OK record; rows sent but not yet"
                    + " processed are sent again and de-duplicated downstream by record_id and"
                    + " content key. A custom --sql must exclude finished images itself.",
            "FIFO queues (.fifo URL): MessageGroupId = bukken_id, MessageDeduplicationId ="
                    + " record_id; a record sent again within SQS's 5-minute deduplication"
                    + " window is accepted and counted as sent, but SQS does not deliver it again.",
            "Failed rows (refused by SQS after all attempts) go to --failed-output as input"
                    + " messages plus \"row\" and \"error\": feed the file back with --input.",
            "Exit codes: 0 all rows sent; 1 aborted (source, SQS or I/O error; the summary names"
                    + " the resume point); 2 usage error; 3 finished, but some rows were invalid"
                    + " or failed."
        })
public final class EnqueueCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    // ---- file source ----
    @Option(
            names = {"-i", "--input"},
            paramLabel = "FILE",
            description = "CSV or JSONL file (gzip detected by content).")
    Path input;

    @Option(
            names = "--format",
            defaultValue = "auto",
            description =
                    "auto, csv or jsonl; auto: .jsonl/.ndjson/.json (optionally .gz) is JSONL, else"
                            + " CSV.")
    String format;

    @Option(
            names = "--delimiter",
            defaultValue = ",",
            description = "CSV field delimiter (default '${DEFAULT-VALUE}'; \\t for tab).")
    String delimiter;

    // ---- Snowflake source ----
    @Option(names = "--snowflake", description = "Read from Snowflake (snowflake-jdbc).")
    boolean snowflake;

    @Mixin SnowflakeOptions snowflakeOptions;

    // ---- generic JDBC source ----
    @Option(
            names = "--jdbc-url",
            description = "Any JDBC URL whose driver is on the class path (e.g. for testing).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", description = "JDBC user.")
    String jdbcUser;

    @Option(
            names = "--jdbc-password",
            defaultValue = "${env:JDBC_PASSWORD}",
            description = "JDBC password (JDBC_PASSWORD).")
    String jdbcPassword;

    // ---- query ----
    @Option(names = "--sql", description = "Query returning bukken_id, url, image_type.")
    String sql;

    @Option(names = "--sql-file", paramLabel = "FILE", description = "Read the query from a file.")
    Path sqlFile;

    @Option(
            names = "--photo-table",
            defaultValue = DefaultQuery.PHOTO_TABLE,
            description = "Table of the default query (default ${DEFAULT-VALUE}).")
    String photoTable;

    @Option(
            names = "--path-record-table",
            defaultValue = DefaultQuery.PATH_RECORD_TABLE,
            description =
                    "Path-record table of the default query's anti-join (default"
                            + " ${DEFAULT-VALUE}).")
    String pathRecordTable;

    @Option(
            names = "--fetch-size",
            defaultValue = "10000",
            description = "JDBC fetch size (rows held in memory; default ${DEFAULT-VALUE}).")
    int fetchSize;

    @Option(
            names = "--count",
            description = "Run SELECT COUNT(*) over the query first, for an ETA.")
    boolean count;

    // ---- target ----
    @Option(
            names = "--queue-url",
            defaultValue = "${env:ENQUEUE_QUEUE_URL}",
            description = "SQS queue URL (ENQUEUE_QUEUE_URL).")
    String queueUrl;

    @Option(names = "--queue-name", description = "SQS queue name, resolved with GetQueueUrl.")
    String queueName;

    @Mixin AwsOptions aws;

    // ---- sending ----
    @Option(
            names = "--concurrency",
            defaultValue = "64",
            description = "SendMessageBatch requests in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--max-attempts",
            defaultValue = "5",
            description =
                    "Attempts per message for transient failures before it is written to"
                            + " --failed-output (default ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(
            names = "--retry-backoff-ms",
            defaultValue = "200",
            description = "First retry delay, doubled per attempt (default ${DEFAULT-VALUE}).")
    long retryBackoffMs;

    // ---- control ----
    @Option(names = "--dry-run", description = "Read and validate only; send nothing.")
    boolean dryRun;

    @Option(
            names = "--limit",
            defaultValue = "0",
            description = "Read at most N rows after the resume point (0 = all).")
    long limit;

    @Option(
            names = "--resume-from",
            paramLabel = "ROW",
            description =
                    "Skip rows 1..ROW (overrides the state file). --input only; for"
                            + " Snowflake/JDBC re-run instead (see below).")
    Long resumeFrom;

    @Option(
            names = "--state-file",
            paramLabel = "FILE",
            description =
                    "Resume from and record the highest row below which all rows are finished;"
                            + " refused for another file. --input only; for Snowflake/JDBC re-run"
                            + " instead (see below).")
    Path stateFile;

    @Option(
            names = "--failed-output",
            paramLabel = "FILE",
            defaultValue = "enqueue-failed.jsonl",
            description =
                    "Rows SQS refused, as input messages + row + error (created only when"
                            + " needed; default ${DEFAULT-VALUE}).")
    Path failedOutput;

    @Option(
            names = "--invalid-output",
            paramLabel = "FILE",
            description = "Also write invalid rows (row, error, raw fields) to this JSONL file.")
    Path invalidOutput;

    @Option(names = "--no-progress", description = "No progress line on stderr.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        return execute(System.out, System.err);
    }

    /** Runs with the parsed options; returns the exit code. */
    int execute(PrintStream out, PrintStream err) throws Exception {
        validateOptions();
        try (RowSource source = openSource()) {
            StateFile state =
                    stateFile == null || dryRun
                            ? null
                            : new StateFile(stateFile, source.identity());
            long from = resumeFrom != null ? resumeFrom : state != null ? state.completedRows() : 0;
            if (from > 0) {
                err.println("enqueue: resuming after row " + from);
            }
            boolean append = from > 0;
            try (RowReports reports =
                    new RowReports(
                            new JsonlOutput(failedOutput, append),
                            invalidOutput == null ? null : new JsonlOutput(invalidOutput, append),
                            err)) {
                Enqueuer enqueuer =
                        new Enqueuer(
                                new Enqueuer.Settings(from, limit, !noProgress),
                                reports,
                                state,
                                err);
                Enqueuer.Result result;
                boolean fifo = false;
                if (dryRun) {
                    result = enqueuer.run(source, null);
                } else {
                    try (SqsAsyncClient sqs =
                                    AwsClients.sqs(aws.settings(), aws.endpoint(), concurrency);
                            BatchSender sender =
                                    new BatchSender(
                                            sqs,
                                            resolveQueueUrl(sqs),
                                            concurrency,
                                            maxAttempts,
                                            Duration.ofMillis(retryBackoffMs),
                                            enqueuer.listener())) {
                        fifo = sender.fifo();
                        result = enqueuer.run(source, sender);
                    }
                }
                new EnqueueSummary(dryRun, input != null, stateFile, failedOutput, invalidOutput)
                        .print(out, source, result, fifo);
                return result.exitCode();
            }
        }
    }

    private void validateOptions() {
        int sources = (input != null ? 1 : 0) + (snowflake ? 1 : 0) + (jdbcUrl != null ? 1 : 0);
        if (sources != 1) {
            throw ToolException.usage(
                    "give exactly one source: --input, --snowflake or --jdbc-url");
        }
        if (sql != null && sqlFile != null) {
            throw ToolException.usage("give --sql or --sql-file, not both");
        }
        if (!dryRun && blank(queueUrl) == blank(queueName)) {
            throw ToolException.usage("give exactly one of --queue-url or --queue-name");
        }
        if (concurrency < 1 || maxAttempts < 1 || fetchSize < 1 || limit < 0) {
            throw ToolException.usage(
                    "--concurrency, --max-attempts and --fetch-size must be >= 1, --limit >= 0");
        }
        if (input == null && (resumeFrom != null || stateFile != null)) {
            throw ToolException.usage(
                    "--resume-from and --state-file work with --input only. A query's row order"
                            + " is not stable between runs (and the default query's result shrinks"
                            + " as images land), so skipping N rows would skip unsent images. To"
                            + " resume --snowflake/--jdbc-url, re-run the same command: the default"
                            + " query skips images that already have an OK record; rows sent but not"
                            + " yet processed are sent again and de-duplicated downstream by"
                            + " record_id and content key.");
        }
        if (resumeFrom != null && resumeFrom < 0) {
            throw ToolException.usage("--resume-from must be >= 0");
        }
    }

    private RowSource openSource() throws IOException {
        if (input != null) {
            if (!Files.isRegularFile(input)) {
                throw ToolException.usage("no such file: " + input);
            }
            return isJsonl() ? new JsonlRowSource(input) : new CsvRowSource(input, delimiterChar());
        }
        String query = query();
        if (snowflake) {
            SnowflakeConnectionSettings settings = snowflakeOptions.settings();
            return new JdbcRowSource(
                    connect(settings.jdbcUrl(), settings.properties()),
                    query,
                    fetchSize,
                    count,
                    "snowflake:" + settings.jdbcUrl());
        }
        Properties props = new Properties();
        if (jdbcUser != null) {
            props.setProperty("user", jdbcUser);
        }
        if (jdbcPassword != null) {
            props.setProperty("password", jdbcPassword);
        }
        return new JdbcRowSource(connect(jdbcUrl, props), query, fetchSize, count, jdbcUrl);
    }

    private static Connection connect(String url, Properties props) {
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw new ToolException("cannot connect to " + url + ": " + e.getMessage(), e);
        }
    }

    private String query() throws IOException {
        if (sqlFile != null) {
            return Files.readString(sqlFile, StandardCharsets.UTF_8)
                    .trim()
                    .replaceAll(";\\s*$", "");
        }
        return sql != null ? sql : DefaultQuery.sql(photoTable, pathRecordTable);
    }

    private boolean isJsonl() {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "csv":
                return false;
            case "jsonl":
                return true;
            case "auto":
                String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
                name = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
                return name.endsWith(".jsonl")
                        || name.endsWith(".ndjson")
                        || name.endsWith(".json");
            default:
                throw ToolException.usage("--format must be auto, csv or jsonl");
        }
    }

    private char delimiterChar() {
        String d = "\\t".equals(delimiter) ? "\t" : delimiter;
        if (d.length() != 1 || d.charAt(0) == '"' || d.charAt(0) == '\n' || d.charAt(0) == '\r') {
            throw ToolException.usage("--delimiter must be one character other than a quote");
        }
        return d.charAt(0);
    }

    private String resolveQueueUrl(SqsAsyncClient sqs) {
        if (!blank(queueUrl)) {
            return queueUrl;
        }
        try {
            return sqs.getQueueUrl(b -> b.queueName(queueName)).join().queueUrl();
        } catch (CompletionException e) {
            throw new ToolException(
                    "cannot resolve queue " + queueName + ": " + e.getCause().getMessage(), e);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
