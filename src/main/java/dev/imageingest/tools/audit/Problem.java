package dev.imageingest.tools.audit;

/** What is wrong with an OK record's object. */
public enum Problem {
    /** No object at s3_path (HTTP 404). */
    MISSING,
    /** The object's size differs from size_bytes. */
    SIZE_MISMATCH,
    /** The object's SHA-256 differs from sha256 (only with --verify-hash). */
    HASH_MISMATCH,
    /** The object could not be checked: no or bad s3_path, access denied, S3 errors. */
    CHECK_FAILED
}
