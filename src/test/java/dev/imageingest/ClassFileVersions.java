package dev.imageingest;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the class file major version, so tests can prove the job runs on Amazon Managed Flink's
 * Java 11: a class newer than {@link #JAVA_11} fails there with {@code
 * UnsupportedClassVersionError} the moment it is loaded, long after the jar was deployed.
 */
final class ClassFileVersions {
    /** Class file major version of Java 11. */
    static final int JAVA_11 = 55;

    /** Entries under this prefix are only loaded by a JVM of that version (multi-release jars). */
    static final String VERSIONED_PREFIX = "META-INF/versions/";

    private ClassFileVersions() {}

    /** The major version of the class file in {@code in} (which is read but not closed). */
    static int majorVersion(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic = data.readInt();
        if (magic != 0xCAFEBABE) {
            throw new IOException("not a class file (magic " + Integer.toHexString(magic) + ")");
        }
        data.readUnsignedShort(); // minor version
        return data.readUnsignedShort();
    }
}
