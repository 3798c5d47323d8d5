package dev.imageingest.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.RecordIds;

/**
 * Parses one SQS message body in the partners' format: {@code {"URL": "http://...", "bukken_id":
 * 12345, "image_type": 2}}. {@code URL} or {@code url}; {@code bukken_id} a number or a non-empty
 * string; {@code image_type} an integer. Never throws: anything else is a {@link
 * ParsedMessage.Invalid} with a short reason.
 */
public final class ImageMessageParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_URL_LENGTH = 8192;

    private ImageMessageParser() {}

    public static ParsedMessage parse(String body) {
        if (body == null || body.isBlank()) {
            return invalid(body, "empty message body");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return invalid(body, "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return invalid(body, "not a JSON object");
        }
        JsonNode url = root.has("URL") ? root.get("URL") : root.get("url");
        if (url == null || url.isNull()) {
            return invalid(body, "missing URL");
        }
        if (!url.isTextual() || url.asText().isBlank()) {
            return invalid(body, "URL is not a non-empty string");
        }
        String urlText = url.asText().trim();
        if (urlText.length() > MAX_URL_LENGTH) {
            return invalid(body, "URL longer than " + MAX_URL_LENGTH + " characters");
        }
        JsonNode bukken = root.get("bukken_id");
        String bukkenId;
        if (bukken == null || bukken.isNull()) {
            return invalid(body, "missing bukken_id");
        } else if (bukken.isIntegralNumber()) {
            bukkenId = bukken.asText();
        } else if (bukken.isTextual() && !bukken.asText().isBlank()) {
            bukkenId = bukken.asText().trim();
        } else {
            return invalid(body, "bukken_id is not a number or string");
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
