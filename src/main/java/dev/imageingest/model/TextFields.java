package dev.imageingest.model;

/**
 * Caps on every text that reaches a path record, so one record can never come near Firehose's 1,000
 * KiB record limit (a record over it fails the sink on every restart: a crash loop).
 *
 * <p>Input fields ({@code url}, {@code bukken_id}) over their cap make the message {@code
 * INVALID_MESSAGE}; they are never cut, because the record must carry them exactly as sent. Texts
 * the job writes itself ({@code error}) are cut to {@link #MAX_ERROR_CHARS}. Worst case of one JSON
 * line: every character escaped as {@code \\uXXXX} (6 bytes), so {@code 6 x (8192 + 256 + 2048)}
 * characters plus fixed columns stay below 64 KiB, a sixteenth of the limit.
 */
public final class TextFields {
    /** Longest URL accepted from a message (as sent, untrimmed), in UTF-16 characters. */
    public static final int MAX_URL_CHARS = 8192;

    /** Longest bukken_id accepted from a message, in UTF-16 characters (as the enqueuer's cap). */
    public static final int MAX_BUKKEN_ID_CHARS = 256;

    /** Longest error text written to a record; longer ones are cut and end with "...". */
    public static final int MAX_ERROR_CHARS = 2048;

    private TextFields() {}

    /**
     * {@code text} cut to at most {@code max} characters (ending with "..." when cut), never
     * splitting a surrogate pair, with any unpaired surrogate replaced by U+FFFD so the JSON
     * generator can always encode it as UTF-8.
     */
    public static String cap(String text, int max) {
        if (text == null) {
            return null;
        }
        String cut = text;
        if (text.length() > max) {
            int end = Math.max(0, max - 3);
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            cut = text.substring(0, end) + "...";
        }
        return wellFormed(cut);
    }

    /** True when every surrogate in {@code text} is part of a pair (valid UTF-16, encodable). */
    public static boolean isWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} with unpaired surrogates replaced by U+FFFD. */
    public static String wellFormed(String text) {
        if (text == null || isWellFormed(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
