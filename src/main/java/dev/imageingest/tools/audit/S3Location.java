package dev.imageingest.tools.audit;

import java.util.Objects;

/** A parsed {@code s3://bucket/key} URI. The key may be empty (a whole bucket as a prefix). */
public final class S3Location {
    private final String bucket;
    private final String key;

    public S3Location(String bucket, String key) {
        this.bucket = bucket;
        this.key = key;
    }

    public String bucket() {
        return bucket;
    }

    public String key() {
        return key;
    }

    /** Parses {@code s3://bucket/key}; null when the text is not such a URI. */
    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            return null;
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        return bucket.isEmpty() ? null : new S3Location(bucket, key);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof S3Location)) {
            return false;
        }
        S3Location that = (S3Location) o;
        return Objects.equals(bucket, that.bucket) && Objects.equals(key, that.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(bucket, key);
    }
}
