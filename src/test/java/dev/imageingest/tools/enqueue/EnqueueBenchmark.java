package dev.imageingest.tools.enqueue;

import dev.imageingest.localstack.LocalSqs;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmark harness (not a test). Run the enqueuer from the shaded jar in its own JVM against one
 * of the servers started here, so its rate and CPU can be measured on their own:
 *
 * <pre>
 * EnqueueBenchmark csv FILE ROWS      write a CSV of ROWS image records
 * EnqueueBenchmark fake PORT          fast SQS-protocol sink (see FakeSqsServer), runs until killed
 * EnqueueBenchmark elasticmq          in-process ElasticMQ with queue "bench", runs until killed
 * </pre>
 */
public final class EnqueueBenchmark {
    private EnqueueBenchmark() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "csv" -> writeCsv(Path.of(args[1]), Integer.parseInt(args[2]));
            case "fake" -> FakeSqsServer.main(new String[] {args.length > 1 ? args[1] : "9399"});
            case "elasticmq" -> {
                LocalSqs sqs = LocalSqs.start();
                System.out.println(
                        "elasticmq at " + sqs.endpoint() + " queue " + sqs.createQueue("bench"));
                Thread.currentThread().join();
            }
            default -> throw new IllegalArgumentException("csv | fake | elasticmq");
        }
    }

    private static void writeCsv(Path file, int rows) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("bukken_id,image_type,url\n");
            for (int i = 1; i <= rows; i++) {
                out.write(
                        (100_000 + i)
                                + ","
                                + (i % 5)
                                + ",https://img.partner.example/photos/"
                                + (i % 997)
                                + "/"
                                + i
                                + ".jpg\n");
            }
        }
        System.out.println("wrote " + rows + " rows to " + file);
    }
}
