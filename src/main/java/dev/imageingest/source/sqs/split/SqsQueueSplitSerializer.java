package dev.imageingest.source.sqs.split;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Versioned serializer of {@link SqsQueueSplit}.
 *
 * <ul>
 *   <li>Version 1: split id, queue URL.
 *   <li>Version 2: version 1 plus the receipt handles the source used to delete after a completed
 *       checkpoint.
 *   <li>Version 3 (current): split id, queue URL. The sink deletes messages after Firehose's
 *       acknowledgement, so the source has no delete duty. Handles found in version-2 state are
 *       read and <em>dropped</em>, not deleted: their records were restored without receipts, so
 *       nothing would ever confirm their delivery to Firehose; dropped, the messages reappear after
 *       their visibility timeout and are processed again (a duplicate with the same record id,
 *       never a loss).
 * </ul>
 */
public final class SqsQueueSplitSerializer implements SimpleVersionedSerializer<SqsQueueSplit> {
    public static final SqsQueueSplitSerializer INSTANCE = new SqsQueueSplitSerializer();
    static final int CURRENT_VERSION = 3;

    @Override
    public int getVersion() {
        return CURRENT_VERSION;
    }

    @Override
    public byte[] serialize(SqsQueueSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(split.splitId());
            out.writeUTF(split.queueUrl());
        }
        return bytes.toByteArray();
    }

    @Override
    public SqsQueueSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > CURRENT_VERSION) {
            throw new IOException("Unknown SqsQueueSplit version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            String splitId = in.readUTF();
            String queueUrl = in.readUTF();
            if (version == 2) {
                int handles = in.readInt();
                for (int i = 0; i < handles; i++) {
                    in.readUTF(); // dropped: see the class comment
                }
            }
            return new SqsQueueSplit(splitId, queueUrl);
        }
    }
}
