package dev.imageingest.tools.enqueue;

/**
 * One row as read from a source, fields still raw text.
 *
 * @param rowNumber 1-based position among the source's data rows (header excluded); resume offsets
 *     count these
 * @param bukkenId raw bukken_id, may be null
 * @param imageType raw image_type, may be null
 * @param url raw URL, may be null
 * @param error non-null when the row could not be read at all (bad JSON, wrong field count)
 */
public record SourceRow(
        long rowNumber, String bukkenId, String imageType, String url, String error) {

    static SourceRow of(long rowNumber, String bukkenId, String imageType, String url) {
        return new SourceRow(rowNumber, bukkenId, imageType, url, null);
    }

    static SourceRow unreadable(long rowNumber, String error) {
        return new SourceRow(rowNumber, null, null, null, error);
    }
}
