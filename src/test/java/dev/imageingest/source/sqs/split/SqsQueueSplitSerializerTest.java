package dev.imageingest.source.sqs.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** One test per state version: savepoints of every earlier release still restore. */
class SqsQueueSplitSerializerTest {
    private final SqsQueueSplitSerializer serializer = SqsQueueSplitSerializer.INSTANCE;

    @Test
    void version3IsCurrentAndRoundTrips() throws IOException {
        SqsQueueSplit split = new SqsQueueSplit("sqs-3", "http://q/000/images");
        assertThat(serializer.getVersion()).isEqualTo(3);
        byte[] bytes = serializer.serialize(split);
        assertThat(serializer.deserialize(3, bytes)).isEqualTo(split);
        assertThat(bytes)
                .as("split id and queue URL only")
                .isEqualTo(v1Bytes("sqs-3", "http://q/000/images"));
    }

    @Test
    void version1Restores() throws IOException {
        SqsQueueSplit split = serializer.deserialize(1, v1Bytes("sqs-0", "http://q/000/images"));
        assertThat(split).isEqualTo(new SqsQueueSplit("sqs-0", "http://q/000/images"));
    }

    @Test
    void version2RestoresAndDropsItsSealedHandles() throws IOException {
        // bytes as the release that deleted at checkpoint completion wrote them
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("sqs-1");
            out.writeUTF("http://q/000/images");
            out.writeInt(2);
            out.writeUTF("handle-a");
            out.writeUTF("handle-b");
        }
        SqsQueueSplit split = serializer.deserialize(2, bytes.toByteArray());
        assertThat(split)
                .as("the handles are dropped: those messages reappear and are processed again")
                .isEqualTo(new SqsQueueSplit("sqs-1", "http://q/000/images"));
    }

    @Test
    void unknownVersionFails() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[] {0, 1, 'a', 0, 1, 'b'}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("99");
    }

    private static byte[] v1Bytes(String splitId, String queueUrl) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(splitId);
            out.writeUTF(queueUrl);
        }
        return bytes.toByteArray();
    }
}
