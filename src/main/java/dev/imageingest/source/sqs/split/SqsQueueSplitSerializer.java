package dev.imageingest.source.sqs.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned serializer of {@link SqsQueueSplit}.
 *
 * <ul>
 *   <li>Version 1: split id, queue URL.
 *   <li>Version 2 (current): version 1 plus the pending receipt handles.
 * </ul>
 */
public final class SqsQueueSplitSerializer implements SimpleVersionedSerializer<SqsQueueSplit> {
    public static final SqsQueueSplitSerializer INSTANCE = new SqsQueueSplitSerializer();
    static final int CURRENT_VERSION = 2;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(SqsQueueSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(split, out);
        }
        return bytes.toByteArray();
    }

    /** Writes the current version's fields (also used inside the enumerator state). */
    static void write(SqsQueueSplit split, DataOutputStream out) throws IOException {
        out.writeUTF(split.splitId());
        out.writeUTF(split.queueUrl());
        out.writeInt(split.pendingReceiptHandles().size());
        for (String handle : split.pendingReceiptHandles()) {
            out.writeUTF(handle);
        }
    }

    @Override
    public SqsQueueSplit deserialize(int version, byte[] serialized) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            return read(version, in);
        }
    }

    static SqsQueueSplit read(int version, DataInputStream in) throws IOException {
        String splitId = in.readUTF();
        String queueUrl = in.readUTF();
        List<String> handles = new ArrayList<>();
        switch (version) {
            case 1:
                break;
            case 2:
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    handles.add(in.readUTF());
                }
                break;
            default:
                throw new IOException("Unknown SqsQueueSplit version " + version);
        }
        return new SqsQueueSplit(splitId, queueUrl, handles);
    }
}
