package dev.imageingest.source.sqs.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqsQueueSplitSerializerTest {
    private final SqsQueueSplitSerializer serializer = SqsQueueSplitSerializer.INSTANCE;

    @Test
    void currentVersionRoundTripsWithPendingHandles() throws IOException {
        SqsQueueSplit split =
                new SqsQueueSplit("sqs-3", "http://q/000/images", List.of("h1", "h2"));
        assertThat(serializer.getVersion()).isEqualTo(2);
        SqsQueueSplit back = serializer.deserialize(2, serializer.serialize(split));
        assertThat(back).isEqualTo(split);
        assertThat(back.pendingReceiptHandles()).containsExactly("h1", "h2");
    }

    @Test
    void version1HasNoHandles() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("sqs-0");
            out.writeUTF("http://q/000/images");
        }
        SqsQueueSplit split = serializer.deserialize(1, bytes.toByteArray());
        assertThat(split.splitId()).isEqualTo("sqs-0");
        assertThat(split.queueUrl()).isEqualTo("http://q/000/images");
        assertThat(split.pendingReceiptHandles()).isEmpty();
    }

    @Test
    void unknownVersionFails() {
        assertThatThrownBy(() -> serializer.deserialize(99, new byte[] {0, 1, 'a', 0, 1, 'b'}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("99");
    }

    @Test
    void splitIsImmutable() {
        List<String> handles = new java.util.ArrayList<>(List.of("h"));
        SqsQueueSplit split = new SqsQueueSplit("sqs-0", "q", handles);
        handles.add("later");
        assertThat(split.pendingReceiptHandles()).containsExactly("h");
        assertThatThrownBy(() -> split.pendingReceiptHandles().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
