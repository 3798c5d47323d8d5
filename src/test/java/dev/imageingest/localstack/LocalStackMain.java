package dev.imageingest.localstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * The {@link LocalStack} as a process of its own, for jobs running in other processes (a Flink
 * cluster started by deploy/cluster/). Prints one line {@value #READY} followed by the endpoints as
 * JSON ({@link StackEndpoints}) once every server is up, and optionally writes a job properties
 * file pointing at the stack (for {@code submit.sh --config FILE}).
 *
 * <pre>java -cp TEST_CLASSPATH dev.imageingest.localstack.LocalStackMain [--job-config FILE]</pre>
 *
 * Stops (flushing the Firehose emulation first) on SIGTERM / Ctrl-C, and when its standard input
 * closes, so a test that dies never leaves the stack behind.
 */
public final class LocalStackMain {
    public static final String READY = "LOCALSTACK-READY ";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final PrintStream OUT =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    private LocalStackMain() {}

    public static void main(String[] args) throws Exception {
        Path jobConfig = null;
        if (args.length == 2 && args[0].equals("--job-config")) {
            jobConfig = Path.of(args[1]);
        } else if (args.length != 0) {
            System.err.println("usage: LocalStackMain [--job-config FILE]");
            System.exit(2);
        }
        LocalStack stack = LocalStack.start();
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        if (jobConfig != null) {
            writeProperties(stack.jobConfig(), jobConfig);
        }
        StackEndpoints endpoints =
                new StackEndpoints(
                        stack.sqs().endpoint(),
                        stack.queueUrl(),
                        stack.s3().endpoint(),
                        stack.firehose().endpoint(),
                        stack.images().url(""),
                        LocalStack.IMAGE_BUCKET,
                        LocalStack.RECORD_BUCKET);
        OUT.println(READY + MAPPER.writeValueAsString(endpoints));
        // until stdin closes (the parent is gone) or a signal runs the shutdown hook
        while (System.in.read() >= 0) {
            // ignore input
        }
        System.exit(0);
    }

    private static void writeProperties(Map<String, String> values, Path file) throws IOException {
        Properties props = new Properties();
        props.putAll(values);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(w, "job configuration for the local stack");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Where the servers of a stack listen; what a process that uses the stack needs to know. */
    public record StackEndpoints(
            String sqs,
            String queueUrl,
            String s3,
            String firehose,
            String imageHost,
            String imageBucket,
            String recordBucket) {

        /** Parses the JSON after {@link #READY}. */
        public static StackEndpoints parse(String line) throws IOException {
            if (!line.startsWith(READY)) {
                throw new IllegalArgumentException("not a ready line: " + line);
            }
            return MAPPER.readValue(line.substring(READY.length()), StackEndpoints.class);
        }
    }
}
