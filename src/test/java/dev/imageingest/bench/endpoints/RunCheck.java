package dev.imageingest.bench.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imageingest.model.RecordIds;
import java.io.IOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The end-of-run correctness check, done where the data is: every message sent has exactly one path
 * record with the record id the job derives from it, every OK record's object is in S3 with the
 * recorded size and SHA-256, the bucket holds exactly the distinct images of the OK records, and
 * the queue is empty (nothing visible, nothing in flight).
 */
final class RunCheck {
    private RunCheck() {}

    static Map<String, Object> run(
            SqsQueue queue,
            DeliveredRecords records,
            Map<String, S3Handler.StoredObject> objects,
            String bucket) {
        List<String> bodies = queue.bodies();
        long missing = 0;
        long wrongId = 0;
        Set<Long> expected = new HashSet<>();
        for (String body : bodies) {
            JsonNode m;
            try {
                m = HttpReplies.JSON.readTree(body);
            } catch (IOException e) {
                continue; // not a bench message (e.g. a ceiling load); nothing to check
            }
            long bukken = m.path("bukken_id").asLong();
            expected.add(bukken);
            DeliveredRecords.Line line = records.line(bukken);
            if (line == null) {
                missing++;
            } else {
                String id =
                        RecordIds.forImage(
                                m.path("URL").asText(),
                                Long.toString(bukken),
                                m.path("image_type").asInt());
                if (!id.equals(line.recordId())) {
                    wrongId++;
                }
            }
        }
        long unexpected = 0;
        long objectMissing = 0;
        long objectMismatch = 0;
        Set<String> distinctImages = new HashSet<>();
        String prefix = "s3://" + bucket + "/";
        for (DeliveredRecords.Line line : records.all()) {
            if (!expected.contains(line.bukkenId())) {
                unexpected++;
            }
            if (!"OK".equals(line.status())) {
                continue;
            }
            distinctImages.add(line.sha256());
            S3Handler.StoredObject o =
                    line.s3Path() != null && line.s3Path().startsWith(prefix) && objects != null
                            ? objects.get(line.s3Path().substring(prefix.length()))
                            : null;
            if (o == null) {
                objectMissing++;
            } else if (o.size() != line.size()
                    || !java.util.HexFormat.of().formatHex(o.sha256()).equals(line.sha256())) {
                objectMismatch++;
            }
        }
        long[] depth = queue.depth();
        long objectCount = objects == null ? 0 : objects.size();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("messages", bodies.size());
        out.put("recordLines", records.lines());
        out.put("messagesWithRecord", bodies.size() - missing);
        out.put("missingRecords", missing);
        out.put("duplicateRecords", records.duplicates());
        out.put("unexpectedRecords", unexpected);
        out.put("wrongRecordIds", wrongId);
        out.put("unparsableLines", records.unparsable());
        out.put("statuses", records.statuses());
        out.put("distinctOkImages", distinctImages.size());
        out.put("objects", objectCount);
        out.put("okRecordsWithoutObject", objectMissing);
        out.put("okRecordsWithWrongObject", objectMismatch);
        out.put("queueVisible", depth[0]);
        out.put("queueInFlight", depth[1]);
        out.put("queueDeleted", depth[2]);
        out.put("redeliveries", queue.redeliveries());
        boolean pass =
                missing == 0
                        && records.duplicates() == 0
                        && unexpected == 0
                        && wrongId == 0
                        && records.unparsable() == 0
                        && objectMissing == 0
                        && objectMismatch == 0
                        && objectCount == distinctImages.size()
                        && depth[0] == 0
                        && depth[1] == 0;
        out.put("pass", pass);
        return out;
    }
}
