package dev.imageingest.tools.audit;

/** A parsed {@code s3://bucket/key} URI. The key may be empty (a whole bucket as a prefix). */
public record S3Location(String bucket, String key) {

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
}
