package dev.imageingest.tools.audit;

import dev.imageingest.model.RecordIds;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.ResponsePublisher;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Checks an OK record's object without blocking: {@code HeadObject} for existence and size, or,
 * with hash verification, a streaming {@code GetObject} whose bytes are hashed as they arrive
 * (never held in memory). The future never fails: errors become {@link Problem#CHECK_FAILED}.
 */
public final class ObjectChecker {
    private final S3AsyncClient s3;
    private final boolean verifyHash;

    public ObjectChecker(S3AsyncClient s3, boolean verifyHash) {
        this.s3 = s3;
        this.verifyHash = verifyHash;
    }

    public CompletableFuture<CheckResult> check(AuditedRecord record) {
        S3Location location = S3Location.parse(record.s3Path());
        if (location == null || location.key().isEmpty()) {
            return CompletableFuture.completedFuture(
                    CheckResult.problem(
                            Problem.CHECK_FAILED,
                            "OK record without a valid s3_path: " + record.s3Path()));
        }
        CompletableFuture<CheckResult> result;
        try {
            result = verifyHash ? getAndHash(location, record) : head(location, record);
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        return result.exceptionally(ObjectChecker::fromError);
    }

    private CompletableFuture<CheckResult> head(S3Location location, AuditedRecord record) {
        return s3.headObject(b -> b.bucket(location.bucket()).key(location.key()))
                .thenApply(head -> compareSize(record, head.contentLength()));
    }

    private CompletableFuture<CheckResult> getAndHash(S3Location location, AuditedRecord record) {
        return s3.getObject(
                        b -> b.bucket(location.bucket()).key(location.key()),
                        AsyncResponseTransformer.<GetObjectResponse>toPublisher())
                .thenCompose(publisher -> digest(publisher, record));
    }

    private static CompletableFuture<CheckResult> digest(
            ResponsePublisher<GetObjectResponse> publisher, AuditedRecord record) {
        MessageDigest sha256 = RecordIds.Hashing.newSha256();
        long[] bytes = {0};
        return publisher
                .subscribe(
                        buffer -> {
                            bytes[0] += buffer.remaining();
                            sha256.update(buffer);
                        })
                .thenApply(
                        done -> {
                            CheckResult size = compareSize(record, bytes[0]);
                            if (size.problem() != null) {
                                return size;
                            }
                            String actual = RecordIds.Hashing.hex(sha256.digest());
                            String expected = record.sha256();
                            if (expected == null) {
                                return CheckResult.problem(
                                        Problem.CHECK_FAILED, "OK record without sha256");
                            }
                            if (!actual.equals(expected.toLowerCase(Locale.ROOT))) {
                                return CheckResult.problem(
                                        Problem.HASH_MISMATCH,
                                        "sha256 " + actual + ", recorded " + expected);
                            }
                            return CheckResult.PRESENT;
                        });
    }

    private static CheckResult compareSize(AuditedRecord record, Long actual) {
        Long expected = record.sizeBytes();
        if (expected != null && actual != null && !expected.equals(actual)) {
            return CheckResult.problem(
                    Problem.SIZE_MISMATCH, "size " + actual + ", recorded " + expected);
        }
        return CheckResult.PRESENT;
    }

    private static CheckResult fromError(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        int status = t instanceof S3Exception ? ((S3Exception) t).statusCode() : 0;
        if (t instanceof NoSuchKeyException || status == 404) {
            return CheckResult.problem(Problem.MISSING, "no such object");
        }
        if (status == 403) {
            return CheckResult.problem(
                    Problem.CHECK_FAILED,
                    "access denied (HTTP 403; without s3:ListBucket a missing key also answers"
                            + " 403)");
        }
        return CheckResult.problem(
                Problem.CHECK_FAILED, t.getClass().getSimpleName() + ": " + t.getMessage());
    }
}
