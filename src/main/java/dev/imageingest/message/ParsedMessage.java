package dev.imageingest.message;

import dev.imageingest.model.ImageRequest;

/** Result of parsing one message body: a request to fetch, or a reason it is invalid. */
public sealed interface ParsedMessage {

    /** A well-formed image record. */
    record Valid(ImageRequest request) implements ParsedMessage {}

    /**
     * A body that cannot become a request; it ends as an {@code INVALID_MESSAGE} record.
     *
     * @param recordId hash of the raw body
     * @param body the raw body (may be null)
     * @param reason short, human-readable reason
     */
    record Invalid(String recordId, String body, String reason) implements ParsedMessage {}
}
