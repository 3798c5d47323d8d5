package dev.imageingest.tools.audit;

import dev.imageingest.aws.AwsClients;
import dev.imageingest.tools.common.AwsOptions;
import dev.imageingest.tools.common.ExitCodes;
import dev.imageingest.tools.common.JsonlOutput;
import dev.imageingest.tools.common.ToolException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** {@code audit}: do the objects of the delivered OK path records exist with the recorded size? */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        header = "Check that every OK path record's object is in S3 with its size (and hash).",
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Reads delivered path records (the Firehose JSONL files, in S3 or local; gzip"
                    + " accepted) and checks with concurrent HeadObject requests that the object"
                    + " of every OK record exists at s3_path with size_bytes (and, with"
                    + " --verify-hash, the recorded sha256, streamed through GetObject).",
            "Problems (MISSING, SIZE_MISMATCH, HASH_MISMATCH, CHECK_FAILED) are written to"
                    + " --output as JSONL; non-OK records are only counted by status.",
            ""
        },
        footer = {
            "",
            "--output-format message (default) writes the job's input message (URL, bukken_id,"
                    + " image_type) plus problem, detail, record_id, s3_path: feed it to"
                    + " 'enqueue --input'. 'record' writes the path record plus audit_problem"
                    + " and audit_detail.",
            "Exit codes: 0 every OK record's object is present and matches; 1 aborted (cannot"
                    + " list or read the input, I/O error); 2 usage error; 3 problems found or"
                    + " unreadable lines."
        })
public final class AuditCommand implements Callable<Integer> {

    @Option(
            names = {"-i", "--input"},
            required = true,
            paramLabel = "SRC",
            description = "s3://bucket/prefix, a JSONL file, or a directory of them (repeatable).")
    List<String> inputs;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            defaultValue = "audit-problems.jsonl",
            description =
                    "Problem records as JSONL (created only when there are problems; default"
                            + " ${DEFAULT-VALUE}).")
    Path output;

    @Option(
            names = "--output-format",
            defaultValue = "message",
            description = "message or record (default ${DEFAULT-VALUE}).")
    String outputFormat;

    @Option(
            names = "--concurrency",
            defaultValue = "256",
            description = "Checks in flight (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--verify-hash",
            description = "Download every object (streaming) and compare its SHA-256.")
    boolean verifyHash;

    @Option(
            names = "--path-style",
            description =
                    "Path-style S3 requests (default: on when --endpoint is set, for local"
                            + " servers).")
    Boolean pathStyle;

    @Mixin AwsOptions aws;

    @Option(names = "--no-progress", description = "No progress line on stderr.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        return execute(System.out, System.err);
    }

    int execute(PrintStream out, PrintStream err) throws Exception {
        if (concurrency < 1) {
            throw ToolException.usage("--concurrency must be >= 1");
        }
        Auditor.OutputFormat format = format();
        boolean pathStyleRequests = pathStyle != null ? pathStyle : aws.endpoint() != null;
        S3AsyncClient[] client = {null};
        try (JsonlOutput problems = new JsonlOutput(output, false)) {
            try (RecordLines lines = new RecordLines(inputs, () -> s3(client, pathStyleRequests))) {
                AuditStats stats =
                        new Auditor(
                                        new ObjectChecker(
                                                s3(client, pathStyleRequests), verifyHash),
                                        concurrency,
                                        problems,
                                        format,
                                        !noProgress,
                                        err)
                                .run(lines);
                printSummary(out, lines, stats);
                return stats.problems() + stats.unreadable() > 0
                        ? ExitCodes.PROBLEMS
                        : ExitCodes.OK;
            }
        } finally {
            if (client[0] != null) {
                client[0].close();
            }
        }
    }

    private S3AsyncClient s3(S3AsyncClient[] holder, boolean pathStyleRequests) {
        if (holder[0] == null) {
            holder[0] =
                    AwsClients.s3(aws.settings(), aws.endpoint(), pathStyleRequests, concurrency);
        }
        return holder[0];
    }

    private Auditor.OutputFormat format() {
        switch (outputFormat.toLowerCase(java.util.Locale.ROOT)) {
            case "message":
                return Auditor.OutputFormat.MESSAGE;
            case "record":
                return Auditor.OutputFormat.RECORD;
            default:
                throw ToolException.usage("--output-format must be message or record");
        }
    }

    private void printSummary(PrintStream out, RecordLines lines, AuditStats stats) {
        out.println("audit summary");
        out.println("  files read:       " + lines.files());
        out.println("  records read:     " + stats.records());
        out.println("  unreadable lines: " + stats.unreadable());
        out.println(
                "  OK checked:       " + stats.checked() + (verifyHash ? " (with sha256)" : ""));
        out.println("  present:          " + stats.present());
        out.println("  missing:          " + stats.count(Problem.MISSING));
        out.println("  size mismatch:    " + stats.count(Problem.SIZE_MISMATCH));
        out.println("  hash mismatch:    " + stats.count(Problem.HASH_MISMATCH));
        out.println("  check failed:     " + stats.count(Problem.CHECK_FAILED));
        if (stats.problems() > 0) {
            out.println("  problems written: " + output);
        }
        out.println("  records by status:");
        for (Map.Entry<String, Long> e : stats.byStatus().entrySet()) {
            out.printf("    %-20s %d%n", e.getKey(), e.getValue());
        }
    }
}
