package dev.imageingest.source.sqs.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.source.sqs.split.SqsQueueSplit;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqsEnumeratorStateSerializerTest {
    private final SqsEnumeratorStateSerializer serializer = new SqsEnumeratorStateSerializer();

    @Test
    void version1RoundTrips() throws IOException {
        SqsEnumeratorState state =
                new SqsEnumeratorState(
                        Set.of(0, 2), List.of(new SqsQueueSplit("sqs-1", "http://q")));
        assertThat(serializer.getVersion()).isEqualTo(1);
        assertThat(serializer.deserialize(1, serializer.serialize(state))).isEqualTo(state);
        assertThat(serializer.deserialize(1, serializer.serialize(SqsEnumeratorState.empty())))
                .isEqualTo(SqsEnumeratorState.empty());
    }

    @Test
    void unknownVersionFails() {
        assertThatThrownBy(() -> serializer.deserialize(2, new byte[8]))
                .isInstanceOf(IOException.class);
    }
}
