package dev.imageingest.localstack;

import dev.imageingest.message.ImageMessageParser;
import dev.imageingest.message.ParsedMessage;
import dev.imageingest.model.FetchStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Sample SQS message bodies in the partners' format for an {@link ImageHost}, with the status each
 * one must end in. The mix is deterministic by position: of every 20 messages, 17 are good images
 * (85%, JPEG and PNG, {@code URL}/{@code url}, numeric and string {@code bukken_id}), 2 point at
 * failing URLs (10%: 404, 410, 500, HTML page, truncated JPEG, in rotation) and 1 is invalid (5%:
 * not JSON, no URL, {@code bukken_id} of the wrong type, in rotation). Every body is distinct, so
 * every message has its own record id.
 */
public final class SampleCatalog {
    private SampleCatalog() {}

    /**
     * One sample message.
     *
     * @param recordId the {@code record_id} its path record carries
     */
    public record SampleMessage(String body, FetchStatus expected, String recordId) {}

    /** The first {@code n} messages of the catalog. */
    public static List<SampleMessage> generate(ImageHost host, int n) {
        List<SampleMessage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(message(host, i));
        }
        return out;
    }

    /**
     * The first {@code n} messages of the catalog, pointing at no more than {@code distinctImages}
     * different images (an even number): message {@code i} shows image {@code i % distinctImages},
     * with a {@code bukken_id} of its own, so every message still has its own record id while the
     * image bucket holds at most that many objects.
     */
    public static List<SampleMessage> generate(ImageHost host, int n, int distinctImages) {
        return generate(host, n, distinctImages, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #generate(ImageHost, int, int)}, with no more than {@code maxTransient} messages
     * pointing at an always-failing ({@code 500}) URL; the others of that slot point at missing
     * images ({@code 404}). Transient failures go back to the queue until their receives run out,
     * and the host's politeness pause serialises requests to a host that only fails, so their
     * number, not the message count, decides how long a run's tail is.
     */
    public static List<SampleMessage> generate(
            ImageHost host, int n, int distinctImages, int maxTransient) {
        if (distinctImages % 2 != 0) {
            throw new IllegalArgumentException("distinctImages must be even: " + distinctImages);
        }
        List<SampleMessage> out = new ArrayList<>(n);
        int transientLeft = maxTransient;
        for (int i = 0; i < n; i++) {
            SampleMessage m = message(host, i, i % distinctImages);
            if (m.expected() == FetchStatus.HTTP_5XX && transientLeft-- <= 0) {
                m = failing(host, "/missing/s" + i, 100_000 + i, FetchStatus.HTTP_404);
            }
            out.add(m);
        }
        return out;
    }

    static SampleMessage message(ImageHost host, int i) {
        return message(host, i, i);
    }

    private static SampleMessage message(ImageHost host, int i, int image) {
        int slot = i % 20;
        int round = i / 20;
        long bukkenId = 100_000 + i;
        int imageType = 1 + i % 5;
        if (slot < 17) {
            String ext = i % 2 == 0 ? "jpg" : "png";
            return of(
                    json(
                            (i / 2) % 2 == 0 ? "URL" : "url",
                            // half over https: verified against the stack's own CA
                            (i / 4) % 2 == 0
                                    ? host.httpsUrl("/img/s" + image + "." + ext)
                                    : host.url("/img/s" + image + "." + ext),
                            (i / 3) % 2 == 0 ? Long.toString(bukkenId) : "\"B-" + bukkenId + "\"",
                            imageType),
                    FetchStatus.OK);
        }
        if (slot < 19) {
            return switch ((round * 2 + slot - 17) % 5) {
                case 0 -> failing(host, "/missing/s" + i, bukkenId, FetchStatus.HTTP_404);
                case 1 -> failing(host, "/gone/s" + i, bukkenId, FetchStatus.HTTP_410);
                case 2 -> failing(host, "/error/s" + i, bukkenId, FetchStatus.HTTP_5XX);
                case 3 -> failing(host, "/html/s" + i, bukkenId, FetchStatus.NOT_AN_IMAGE);
                default ->
                        failing(
                                host,
                                "/truncated/s" + image + ".jpg",
                                bukkenId,
                                FetchStatus.NOT_AN_IMAGE);
            };
        }
        String body =
                switch (round % 3) {
                    case 0 -> "image " + i + " is not JSON";
                    case 1 -> "{\"bukken_id\": " + bukkenId + ", \"image_type\": 1}";
                    default ->
                            "{\"URL\": \""
                                    + host.url("/img/s" + i + ".jpg")
                                    + "\", \"bukken_id\": true, \"image_type\": 1}";
                };
        return of(body, FetchStatus.INVALID_MESSAGE);
    }

    private static SampleMessage failing(
            ImageHost host, String path, long bukkenId, FetchStatus expected) {
        String url = bukkenId % 2 == 0 ? host.httpsUrl(path) : host.url(path);
        return of(json("URL", url, Long.toString(bukkenId), 3), expected);
    }

    private static String json(String urlKey, String url, String bukkenJson, int imageType) {
        return "{\""
                + urlKey
                + "\": \""
                + url
                + "\", \"bukken_id\": "
                + bukkenJson
                + ", \"image_type\": "
                + imageType
                + "}";
    }

    /** A message with the status it must end in; its record id is the job's for that body. */
    public static SampleMessage of(String body, FetchStatus expected) {
        return new SampleMessage(body, expected, recordId(body));
    }

    /** The {@code record_id} the job gives the message {@code body}, valid or not. */
    public static String recordId(String body) {
        ParsedMessage parsed = ImageMessageParser.parse(body);
        return parsed instanceof ParsedMessage.Valid v
                ? v.request().recordId()
                : ((ParsedMessage.Invalid) parsed).recordId();
    }
}
