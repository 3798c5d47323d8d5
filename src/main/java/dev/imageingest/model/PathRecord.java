package dev.imageingest.model;

/**
 * The output row for one input message: one JSON line per image, delivered by Firehose to S3 and
 * loaded by Snowpipe ({@code MATCH_BY_COLUMN_NAME}). Failures carry a null {@code s3Path}.
 *
 * <p>Nullable fields: everything except {@code recordId}, {@code status} and {@code processedAt}.
 */
public record PathRecord(
        String recordId,
        String bukkenId,
        Integer imageType,
        String url,
        FetchStatus status,
        String s3Path,
        String sha256,
        String contentType,
        Long sizeBytes,
        Integer width,
        Integer height,
        Integer httpStatus,
        Integer attempts,
        String error,
        long processedAt) {

    /** A failure record for a parsed request. */
    public static PathRecord failure(
            ImageRequest request,
            FetchStatus status,
            Integer httpStatus,
            int attempts,
            String error,
            long now) {
        return new PathRecord(
                request.recordId(),
                request.bukkenId(),
                request.imageType(),
                request.url(),
                status,
                null,
                null,
                null,
                null,
                null,
                null,
                httpStatus,
                attempts,
                error,
                now);
    }

    /** The record of a message that could not be parsed into a request. */
    public static PathRecord invalidMessage(String recordId, String error, long now) {
        return new PathRecord(
                recordId,
                null,
                null,
                null,
                FetchStatus.INVALID_MESSAGE,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                error,
                now);
    }

    public boolean ok() {
        return status == FetchStatus.OK;
    }
}
