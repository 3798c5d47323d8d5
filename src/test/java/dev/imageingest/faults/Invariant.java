package dev.imageingest.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.localstack.LocalStack;
import dev.imageingest.localstack.SampleCatalog.SampleMessage;
import dev.imageingest.retry.OutcomeClass;
import dev.imageingest.sink.PathRecordJson;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The fault tests' invariant, checked from the outside (the delivered JSONL, the image bucket and
 * the queue): every message sent has at least one path record with its expected status, distinct
 * record ids equal messages, the OK records name exactly the objects in the image bucket, and the
 * queue is empty. Duplicates are allowed (at-least-once) and counted.
 */
final class Invariant {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Invariant() {}

    /** Whether every message has a delivered record (for awaiting the end of a run). */
    static boolean allDelivered(LocalStack stack, List<SampleMessage> samples) {
        Set<String> ids = new HashSet<>();
        for (String line : stack.readDeliveredLines()) {
            ids.add(parse(line).get(PathRecordJson.RECORD_ID).asText());
        }
        return samples.stream().allMatch(s -> ids.contains(s.recordId()));
    }

    /** Asserts the invariant with the image bucket on the stack's S3; returns the duplicates. */
    static int check(LocalStack stack, List<SampleMessage> samples) {
        Set<String> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();
        stack.s3()
                .client()
                .listObjectsV2Paginator(b -> b.bucket(LocalStack.IMAGE_BUCKET))
                .contents()
                .subscribe(o -> stored.add("s3://" + LocalStack.IMAGE_BUCKET + "/" + o.key()))
                .join();
        return check(stack, samples, stored);
    }

    /**
     * Asserts the invariant, {@code stored} being the image bucket's objects as {@code
     * s3://bucket/key}; returns the number of duplicate records.
     */
    static int check(LocalStack stack, List<SampleMessage> samples, Set<String> stored) {
        List<JsonNode> records = new ArrayList<>();
        for (String line : stack.readDeliveredLines()) {
            records.add(parse(line));
        }
        Map<String, List<JsonNode>> byId =
                records.stream()
                        .collect(
                                Collectors.groupingBy(
                                        r -> r.get(PathRecordJson.RECORD_ID).asText()));
        Set<String> sent =
                samples.stream().map(SampleMessage::recordId).collect(Collectors.toSet());
        assertThat(sent).as("sample record ids are distinct").hasSize(samples.size());
        assertThat(byId.keySet()).as("distinct record ids == messages, none lost").isEqualTo(sent);
        for (SampleMessage s : samples) {
            for (JsonNode r : byId.get(s.recordId())) {
                String status = r.get(PathRecordJson.STATUS).asText();
                if (status.equals("POISON_MESSAGE")
                        && OutcomeClass.of(s.expected()).transientOutcome()) {
                    // a message on its last receive that also came back once more (a lost
                    // receive answer, a kill, a restore) is poison at the next: dead-lettered
                    // either way, which is the outcome a transient failure gets at the end
                    continue;
                }
                assertThat(status).as("status of %s", s.body()).isEqualTo(s.expected().name());
            }
        }
        Set<String> okPaths = new HashSet<>();
        records.stream()
                .filter(r -> r.get(PathRecordJson.STATUS).asText().equals("OK"))
                .forEach(r -> okPaths.add(r.get(PathRecordJson.S3_PATH).asText()));
        assertThat(stored)
                .as("OK objects in S3 == distinct good images recorded")
                .isEqualTo(okPaths);
        assertThat(stack.queueDepth()).as("queue empty at the end").isZero();
        return records.size() - byId.size();
    }

    /** Messages per record id delivered more than once. */
    static Map<String, Integer> duplicates(LocalStack stack) {
        Map<String, Integer> counts = new HashMap<>();
        for (String line : stack.readDeliveredLines()) {
            counts.merge(parse(line).get(PathRecordJson.RECORD_ID).asText(), 1, Integer::sum);
        }
        counts.values().removeIf(c -> c == 1);
        return counts;
    }

    private static JsonNode parse(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
