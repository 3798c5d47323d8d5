package dev.imageingest.model;

/**
 * One valid image record read from the queue.
 *
 * @param recordId deterministic id derived from (url, bukken_id, image_type), see {@link RecordIds}
 * @param url the image URL as the partner sent it
 * @param bukkenId the listing id, kept as text (partners send numbers or strings)
 * @param imageType the partner's image type code
 */
public record ImageRequest(String recordId, String url, String bukkenId, int imageType) {}
