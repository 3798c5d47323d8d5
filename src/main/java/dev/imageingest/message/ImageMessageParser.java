package dev.imageingest.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.RecordIds;
import dev.imageingest.model.TextFields;

/**
 * Parses one SQS message body in the partners' format: {@code {"URL": "http://...", "bukken_id":
 * 12345, "image_type": 2}}. Never throws: anything else is a {@link ParsedMessage.Invalid} with a
 * short reason. The rules:
 *
 * <ul>
 *   <li>exactly one JSON object: trailing garbage, a second object or a duplicate key is invalid;
 *   <li>{@code URL} or {@code url} (not both): a non-blank string of at most {@link
 *       TextFields#MAX_URL_CHARS} characters, kept <em>exactly as sent</em> (the record's {@code
 *       url} column must equal the source table's, or the enqueuer's anti-join never matches); the
 *       downloader trims and encodes its own copy;
 *   <li>{@code bukken_id}: an integer (kept as its digits) or a non-blank string (kept as sent, not
 *       trimmed) of at most {@link TextFields#MAX_BUKKEN_ID_CHARS} characters; the record always
 *       writes it as a JSON string;
 *   <li>{@code image_type}: an integer that fits in 32 bits;
 *   <li>strings must be valid UTF-16 (a lone {@code \ud800} escape is refused: it cannot be written
 *       as UTF-8).
 * </ul>
 */
public final class ImageMessageParser {
    private static final ObjectMapper MAPPER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build();

    private ImageMessageParser() {}

    public static ParsedMessage parse(String body) {
        if (body == null || body.isBlank()) {
            return invalid(body, "empty message body");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return invalid(body, "not one JSON object: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return invalid(body, "not a JSON object");
        }
        if (root.has("URL") && root.has("url")) {
            return invalid(body, "both URL and url given");
        }
        JsonNode url = root.has("URL") ? root.get("URL") : root.get("url");
        if (url == null || url.isNull()) {
            return invalid(body, "missing URL");
        }
        if (!url.isTextual() || url.asText().isBlank()) {
            return invalid(body, "URL is not a non-empty string");
        }
        String urlText = url.asText();
        if (urlText.length() > TextFields.MAX_URL_CHARS) {
            return invalid(body, "URL longer than " + TextFields.MAX_URL_CHARS + " characters");
        }
        if (!TextFields.isWellFormed(urlText)) {
            return invalid(body, "URL contains an unpaired surrogate");
        }
        JsonNode bukken = root.get("bukken_id");
        String bukkenId;
        if (bukken == null || bukken.isNull()) {
            return invalid(body, "missing bukken_id");
        } else if (bukken.isIntegralNumber()) {
            bukkenId = bukken.asText();
        } else if (bukken.isTextual() && !bukken.asText().isBlank()) {
            bukkenId = bukken.asText();
        } else {
            return invalid(body, "bukken_id is not a number or string");
        }
        if (bukkenId.length() > TextFields.MAX_BUKKEN_ID_CHARS) {
            return invalid(
                    body,
                    "bukken_id longer than " + TextFields.MAX_BUKKEN_ID_CHARS + " characters");
        }
        if (!TextFields.isWellFormed(bukkenId)) {
            return invalid(body, "bukken_id contains an unpaired surrogate");
        }
        JsonNode type = root.get("image_type");
        if (type == null || type.isNull()) {
            return invalid(body, "missing image_type");
        }
        if (!type.isIntegralNumber() || !type.canConvertToInt()) {
            return invalid(body, "image_type is not an integer");
        }
        int imageType = type.intValue();
        return new ParsedMessage.Valid(
                new ImageRequest(
                        RecordIds.forImage(urlText, bukkenId, imageType),
                        urlText,
                        bukkenId,
                        imageType));
    }

    private static ParsedMessage invalid(String body, String reason) {
        return new ParsedMessage.Invalid(
                RecordIds.forRawMessage(body == null ? "" : body), body, reason);
    }
}
