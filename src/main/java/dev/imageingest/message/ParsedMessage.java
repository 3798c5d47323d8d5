package dev.imageingest.message;

import dev.imageingest.model.ImageRequest;
import java.util.Objects;

/** Result of parsing one message body: a request to fetch, or a reason it is invalid. */
public interface ParsedMessage {

    /** A well-formed image record. */
    static final class Valid implements ParsedMessage {
        private final ImageRequest request;

        public Valid(ImageRequest request) {
            this.request = request;
        }

        public ImageRequest request() {
            return request;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Valid)) {
                return false;
            }
            Valid that = (Valid) o;
            return Objects.equals(request, that.request);
        }

        @Override
        public int hashCode() {
            return Objects.hash(request);
        }

        @Override
        public String toString() {
            return "Valid[request=" + request + "]";
        }
    }

    /** A body that cannot become a request; it ends as an {@code INVALID_MESSAGE} record. */
    static final class Invalid implements ParsedMessage {
        /** hash of the raw body */
        private final String recordId;

        /** the raw body (may be null) */
        private final String body;

        /** short, human-readable reason */
        private final String reason;

        public Invalid(String recordId, String body, String reason) {
            this.recordId = recordId;
            this.body = body;
            this.reason = reason;
        }

        public String recordId() {
            return recordId;
        }

        public String body() {
            return body;
        }

        public String reason() {
            return reason;
        }

        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Invalid)) {
                return false;
            }
            Invalid that = (Invalid) o;
            return Objects.equals(recordId, that.recordId)
                    && Objects.equals(body, that.body)
                    && Objects.equals(reason, that.reason);
        }

        @Override
        public int hashCode() {
            return Objects.hash(recordId, body, reason);
        }

        @Override
        public String toString() {
            return "Invalid[recordId=" + recordId + ", body=" + body + ", reason=" + reason + "]";
        }
    }
}
