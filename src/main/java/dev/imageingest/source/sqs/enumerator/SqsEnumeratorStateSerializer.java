package dev.imageingest.source.sqs.enumerator;

import dev.imageingest.source.sqs.split.SqsQueueSplit;
import dev.imageingest.source.sqs.split.SqsQueueSplitSerializer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned serializer of {@link SqsEnumeratorState}.
 *
 * <ul>
 *   <li>Version 1 (current): assigned reader ids; unassigned splits, each as split-serializer
 *       version + bytes.
 * </ul>
 */
public final class SqsEnumeratorStateSerializer
        implements SimpleVersionedSerializer<SqsEnumeratorState> {
    static final int CURRENT_VERSION = 1;

    private final SqsQueueSplitSerializer splitSerializer = SqsQueueSplitSerializer.INSTANCE;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(SqsEnumeratorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(state.assignedReaders().size());
            for (int reader : state.assignedReaders()) {
                out.writeInt(reader);
            }
            out.writeInt(state.unassignedSplits().size());
            for (SqsQueueSplit split : state.unassignedSplits()) {
                byte[] s = splitSerializer.serialize(split);
                out.writeInt(splitSerializer.getVersion());
                out.writeInt(s.length);
                out.write(s);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public SqsEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1) {
            throw new IOException("Unknown SqsEnumeratorState version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int readers = in.readInt();
            Set<Integer> assigned = new HashSet<>();
            for (int i = 0; i < readers; i++) {
                assigned.add(in.readInt());
            }
            int splits = in.readInt();
            List<SqsQueueSplit> unassigned = new ArrayList<>();
            for (int i = 0; i < splits; i++) {
                int splitVersion = in.readInt();
                byte[] s = new byte[in.readInt()];
                in.readFully(s);
                unassigned.add(splitSerializer.deserialize(splitVersion, s));
            }
            return new SqsEnumeratorState(assigned, unassigned);
        }
    }
}
