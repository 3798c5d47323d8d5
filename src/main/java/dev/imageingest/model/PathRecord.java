package dev.imageingest.model;

import java.util.Objects;

/**
 * The output row for one input message: one JSON line per image, delivered by Firehose to S3 and
 * loaded by Snowpipe ({@code MATCH_BY_COLUMN_NAME}). Failures carry a null {@code s3Path}.
 *
 * <p>Nullable fields: everything except {@code recordId}, {@code status} and {@code processedAt}.
 */
public final class PathRecord {
    private String recordId;
    private String bukkenId;
    private Integer imageType;
    private String url;
    private FetchStatus status;
    private String s3Path;
    private String sha256;
    private String contentType;
    private Long sizeBytes;
    private Integer width;
    private Integer height;
    private Integer httpStatus;
    private Integer attempts;
    private String error;
    private long processedAt;

    /**
     * Where the message came from and how to delete it (delivery metadata, not part of the value:
     * excluded from equals and from the JSON); null when the record did not come from SQS.
     */
    private SqsReceipt receipt;

    /**
     * For Flink's POJO serializer only (it needs a public no-argument constructor and setters to
     * avoid the Kryo fallback, which the job disables); application code uses the full constructor.
     */
    public PathRecord() {}

    public PathRecord(
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
        this.recordId = recordId;
        this.bukkenId = bukkenId;
        this.imageType = imageType;
        this.url = url;
        this.status = status;
        this.s3Path = s3Path;
        this.sha256 = sha256;
        this.contentType = contentType;
        this.sizeBytes = sizeBytes;
        this.width = width;
        this.height = height;
        this.httpStatus = httpStatus;
        this.attempts = attempts;
        this.error = error;
        this.processedAt = processedAt;
    }

    public String recordId() {
        return recordId;
    }

    public String bukkenId() {
        return bukkenId;
    }

    public Integer imageType() {
        return imageType;
    }

    public String url() {
        return url;
    }

    public FetchStatus status() {
        return status;
    }

    public String s3Path() {
        return s3Path;
    }

    public String sha256() {
        return sha256;
    }

    public String contentType() {
        return contentType;
    }

    public Long sizeBytes() {
        return sizeBytes;
    }

    public Integer width() {
        return width;
    }

    public Integer height() {
        return height;
    }

    public Integer httpStatus() {
        return httpStatus;
    }

    public Integer attempts() {
        return attempts;
    }

    public String error() {
        return error;
    }

    public long processedAt() {
        return processedAt;
    }

    public void setRecordId(String recordId) {
        this.recordId = recordId;
    }

    public void setBukkenId(String bukkenId) {
        this.bukkenId = bukkenId;
    }

    public void setImageType(Integer imageType) {
        this.imageType = imageType;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setStatus(FetchStatus status) {
        this.status = status;
    }

    public void setS3Path(String s3Path) {
        this.s3Path = s3Path;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }

    public void setContentType(String contentType) {
        this.contentType = contentType;
    }

    public void setSizeBytes(Long sizeBytes) {
        this.sizeBytes = sizeBytes;
    }

    public void setWidth(Integer width) {
        this.width = width;
    }

    public void setHeight(Integer height) {
        this.height = height;
    }

    public void setHttpStatus(Integer httpStatus) {
        this.httpStatus = httpStatus;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public void setError(String error) {
        this.error = error;
    }

    public void setProcessedAt(long processedAt) {
        this.processedAt = processedAt;
    }

    /** A failure record for a parsed request. */
    public static PathRecord failure(
            ImageRequest request,
            FetchStatus status,
            Integer httpStatus,
            int attempts,
            String error,
            long now) {
        PathRecord record =
                new PathRecord(
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
        record.setReceipt(request.receipt());
        return record;
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

    public SqsReceipt receipt() {
        return receipt;
    }

    public void setReceipt(SqsReceipt receipt) {
        this.receipt = receipt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PathRecord)) {
            return false;
        }
        PathRecord that = (PathRecord) o;
        return Objects.equals(recordId, that.recordId)
                && Objects.equals(bukkenId, that.bukkenId)
                && Objects.equals(imageType, that.imageType)
                && Objects.equals(url, that.url)
                && Objects.equals(status, that.status)
                && Objects.equals(s3Path, that.s3Path)
                && Objects.equals(sha256, that.sha256)
                && Objects.equals(contentType, that.contentType)
                && Objects.equals(sizeBytes, that.sizeBytes)
                && Objects.equals(width, that.width)
                && Objects.equals(height, that.height)
                && Objects.equals(httpStatus, that.httpStatus)
                && Objects.equals(attempts, that.attempts)
                && Objects.equals(error, that.error)
                && processedAt == that.processedAt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                recordId,
                bukkenId,
                imageType,
                url,
                status,
                s3Path,
                sha256,
                contentType,
                sizeBytes,
                width,
                height,
                httpStatus,
                attempts,
                error,
                processedAt);
    }

    @Override
    public String toString() {
        return "PathRecord[recordId="
                + recordId
                + ", bukkenId="
                + bukkenId
                + ", imageType="
                + imageType
                + ", url="
                + url
                + ", status="
                + status
                + ", s3Path="
                + s3Path
                + ", sha256="
                + sha256
                + ", contentType="
                + contentType
                + ", sizeBytes="
                + sizeBytes
                + ", width="
                + width
                + ", height="
                + height
                + ", httpStatus="
                + httpStatus
                + ", attempts="
                + attempts
                + ", error="
                + error
                + ", processedAt="
                + processedAt
                + "]";
    }
}
