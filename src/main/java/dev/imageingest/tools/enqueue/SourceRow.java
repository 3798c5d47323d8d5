package dev.imageingest.tools.enqueue;

import java.util.Objects;

/** One row as read from a source, fields still raw text. */
public final class SourceRow {
    /**
     * 1-based position among the source's data rows (header excluded); resume offsets count these
     */
    private final long rowNumber;

    /** raw bukken_id, may be null */
    private final String bukkenId;

    /** raw image_type, may be null */
    private final String imageType;

    /** raw URL, may be null */
    private final String url;

    /** non-null when the row could not be read at all (bad JSON, wrong field count) */
    private final String error;

    public SourceRow(long rowNumber, String bukkenId, String imageType, String url, String error) {
        this.rowNumber = rowNumber;
        this.bukkenId = bukkenId;
        this.imageType = imageType;
        this.url = url;
        this.error = error;
    }

    public long rowNumber() {
        return rowNumber;
    }

    public String bukkenId() {
        return bukkenId;
    }

    public String imageType() {
        return imageType;
    }

    public String url() {
        return url;
    }

    public String error() {
        return error;
    }

    static SourceRow of(long rowNumber, String bukkenId, String imageType, String url) {
        return new SourceRow(rowNumber, bukkenId, imageType, url, null);
    }

    static SourceRow unreadable(long rowNumber, String error) {
        return new SourceRow(rowNumber, null, null, null, error);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SourceRow)) {
            return false;
        }
        SourceRow that = (SourceRow) o;
        return rowNumber == that.rowNumber
                && Objects.equals(bukkenId, that.bukkenId)
                && Objects.equals(imageType, that.imageType)
                && Objects.equals(url, that.url)
                && Objects.equals(error, that.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rowNumber, bukkenId, imageType, url, error);
    }

    @Override
    public String toString() {
        return "SourceRow[rowNumber="
                + rowNumber
                + ", bukkenId="
                + bukkenId
                + ", imageType="
                + imageType
                + ", url="
                + url
                + ", error="
                + error
                + "]";
    }
}
