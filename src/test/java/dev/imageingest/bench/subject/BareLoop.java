package dev.imageingest.bench.subject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.aws.AwsClients;
import dev.imageingest.config.ConfigLoader;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.fetch.ImageValidator;
import dev.imageingest.fetch.guard.DnsResolver;
import dev.imageingest.fetch.http.DownloadResult;
import dev.imageingest.fetch.http.ImageDownloader;
import dev.imageingest.fetch.http.NettyImageDownloader;
import dev.imageingest.fetch.store.ContentKeys;
import dev.imageingest.fetch.store.S3ImageStore;
import dev.imageingest.model.FetchStatus;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.RecordIds;
import dev.imageingest.sink.FirehoseOptions;
import dev.imageingest.sink.PathRecordJson;
import dev.imageingest.source.sqs.config.SqsSourceOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseAsyncClient;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The old Python worker's loop, re-implemented in Java with the job's own parts (no Flink): each of
 * {@code --loops} loops receives up to 10 messages, downloads them concurrently with the job's
 * downloader, validates, hashes and puts each to S3 with the job's store, sends each path record to
 * Firehose with PutRecord ({@code --firehose single}) or the iteration's records in one
 * PutRecordBatch ({@code --firehose batch}), then deletes the 10 with DeleteMessageBatch. The
 * measured JVM, like {@link BenchJob}; runs until killed.
 *
 * <pre>BareLoop --config job.properties --samples F --control DIR --loops 50 --firehose single
 * </pre>
 */
public final class BareLoop {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IngestConfig config;
    private final ImageDownloader downloader;
    private final S3ImageStore store;
    private final SqsAsyncClient sqs;
    private final FirehoseAsyncClient firehose;
    private final boolean batch;
    private final String queueUrl;
    private final String stream;
    private final Duration storeTimeout = Duration.ofSeconds(60);

    private BareLoop(IngestConfig config, int loops, boolean batch) throws Exception {
        this.config = config;
        this.batch = batch;
        this.downloader =
                new NettyImageDownloader(
                        config.fetch(), config.fetch().tls(), DnsResolver.system());
        this.store = new S3ImageStore(config.s3());
        this.sqs =
                AwsClients.sqs(config.aws(), config.get(SqsSourceOptions.SQS_ENDPOINT), loops + 8);
        this.queueUrl = config.get(SqsSourceOptions.SQS_QUEUE_URL);
        this.stream = config.get(FirehoseOptions.FIREHOSE_STREAM);
        var fb =
                FirehoseAsyncClient.builder()
                        .region(Region.of(config.aws().region()))
                        .credentialsProvider(AwsClients.credentials(config.aws()))
                        .httpClient(
                                NettyNioAsyncHttpClient.builder()
                                        .protocol(Protocol.HTTP1_1)
                                        .maxConcurrency(loops * 10 + 8)
                                        .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                                        .build());
        String endpoint = config.get(FirehoseOptions.FIREHOSE_ENDPOINT);
        if (!endpoint.isBlank()) {
            fb.endpointOverride(URI.create(endpoint));
        }
        this.firehose = fb.build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = BenchJob.args(args);
        BenchJob.watchParent(a.get("parent-pid"));
        IngestConfig config = IngestConfig.of(ConfigLoader.fromFile(Path.of(a.get("config"))));
        new JvmSampler(Path.of(a.get("samples")), Path.of(a.get("control")), 250).start();
        int loops = Integer.parseInt(a.getOrDefault("loops", "50"));
        BareLoop bare = new BareLoop(config, loops, "batch".equals(a.get("firehose")));
        for (int i = 0; i < loops; i++) {
            bare.loop();
        }
        System.out.println("bare loop running: " + loops + " loops, firehose " + a.get("firehose"));
        Thread.currentThread().join();
    }

    /** One loop: iterations back to back, never nested (no growing future chain). */
    private void loop() {
        iteration()
                .whenComplete(
                        (v, e) -> {
                            if (e != null) {
                                System.err.println("bare loop iteration failed: " + e);
                            }
                            loop();
                        });
    }

    private CompletableFuture<Void> iteration() {
        return sqs.receiveMessage(
                        b ->
                                b.queueUrl(queueUrl)
                                        .maxNumberOfMessages(10)
                                        .waitTimeSeconds(20)
                                        .visibilityTimeout(
                                                (int)
                                                        config.get(
                                                                        SqsSourceOptions
                                                                                .SQS_VISIBILITY_TIMEOUT)
                                                                .toSeconds())
                                        .messageSystemAttributeNamesWithStrings(
                                                "ApproximateReceiveCount"))
                .thenCompose(this::process);
    }

    private CompletableFuture<Void> process(ReceiveMessageResponse response) {
        List<Message> messages = response.messages();
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<PathRecord>> records = new ArrayList<>(messages.size());
        for (Message m : messages) {
            CompletableFuture<PathRecord> r = fetchAndStore(m.body());
            records.add(batch ? r : r.thenCompose(rec -> putRecord(rec).thenApply(x -> rec)));
        }
        CompletableFuture<Void> all =
                CompletableFuture.allOf(records.toArray(CompletableFuture[]::new));
        if (batch) {
            all = all.thenCompose(v -> putRecordBatch(records));
        }
        // like the worker: delete after success; on a failure, hand the batch back at once
        // (visibility 0) rather than leave it invisible for the whole visibility timeout
        return all.handle((v, e) -> e)
                .thenCompose(e -> e == null ? delete(messages) : release(messages, e));
    }

    private CompletableFuture<Void> release(List<Message> messages, Throwable cause) {
        System.err.println("bare loop iteration failed, messages returned to the queue: " + cause);
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            entries.add(
                    ChangeMessageVisibilityBatchRequestEntry.builder()
                            .id(Integer.toString(i))
                            .receiptHandle(messages.get(i).receiptHandle())
                            .visibilityTimeout(0)
                            .build());
        }
        return sqs.changeMessageVisibilityBatch(b -> b.queueUrl(queueUrl).entries(entries))
                .thenApply(x -> null);
    }

    /** Parse, download, validate, hash, put: what the job's parse and fetch operators do. */
    private CompletableFuture<PathRecord> fetchAndStore(String body) {
        ImageRequest request;
        try {
            JsonNode m = JSON.readTree(body);
            String url = m.path("URL").asText().trim();
            String bukken = m.path("bukken_id").asText();
            int type = m.path("image_type").asInt();
            request = new ImageRequest(RecordIds.forImage(url, bukken, type), url, bukken, type);
        } catch (Exception e) {
            return CompletableFuture.completedFuture(
                    PathRecord.invalidMessage(
                            RecordIds.forRawMessage(body),
                            e.toString(),
                            System.currentTimeMillis()));
        }
        return downloader
                .download(request.url())
                .thenCompose(d -> store(request, d).whenComplete((r, e) -> d.release()));
    }

    private CompletableFuture<PathRecord> store(ImageRequest request, DownloadResult d) {
        long now = System.currentTimeMillis();
        if (!d.ok()) {
            return CompletableFuture.completedFuture(
                    PathRecord.failure(
                            request, d.status(), d.httpStatus(), d.attempts(), d.error(), now));
        }
        byte[] body = d.body();
        ImageValidator.Verdict v = ImageValidator.validate(body, config.fetch().maxPixels());
        if (!v.ok()) {
            return CompletableFuture.completedFuture(
                    PathRecord.failure(
                            request, v.status(), d.httpStatus(), d.attempts(), v.error(), now));
        }
        byte[] digest = RecordIds.Hashing.sha256(body);
        String sha = HexFormat.of().formatHex(digest);
        String key = ContentKeys.imageKey(config.s3().keyPrefix(), sha, v.format().extension());
        return store.put(key, body, v.format().contentType(), digest, storeTimeout)
                .handle(
                        (path, e) ->
                                e == null
                                        ? new PathRecord(
                                                request.recordId(),
                                                request.bukkenId(),
                                                request.imageType(),
                                                request.url(),
                                                FetchStatus.OK,
                                                path,
                                                sha,
                                                v.format().contentType(),
                                                (long) body.length,
                                                v.width(),
                                                v.height(),
                                                d.httpStatus(),
                                                d.attempts(),
                                                null,
                                                System.currentTimeMillis())
                                        : PathRecord.failure(
                                                request,
                                                FetchStatus.STORE_FAILED,
                                                d.httpStatus(),
                                                d.attempts(),
                                                e.toString(),
                                                System.currentTimeMillis()));
    }

    private CompletableFuture<Void> putRecord(PathRecord r) {
        return firehose.putRecord(
                        b ->
                                b.deliveryStreamName(stream)
                                        .record(
                                                Record.builder()
                                                        .data(
                                                                SdkBytes.fromByteArrayUnsafe(
                                                                        PathRecordJson.toJsonLine(
                                                                                r)))
                                                        .build()))
                .thenApply(x -> null);
    }

    private CompletableFuture<Void> putRecordBatch(List<CompletableFuture<PathRecord>> records) {
        List<Record> batchRecords = new ArrayList<>(records.size());
        records.forEach(
                f ->
                        batchRecords.add(
                                Record.builder()
                                        .data(
                                                SdkBytes.fromByteArrayUnsafe(
                                                        PathRecordJson.toJsonLine(f.join())))
                                        .build()));
        return firehose.putRecordBatch(b -> b.deliveryStreamName(stream).records(batchRecords))
                .thenApply(x -> null);
    }

    private CompletableFuture<Void> delete(List<Message> messages) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            entries.add(
                    DeleteMessageBatchRequestEntry.builder()
                            .id(Integer.toString(i))
                            .receiptHandle(messages.get(i).receiptHandle())
                            .build());
        }
        return sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries))
                .thenApply(x -> null);
    }
}
