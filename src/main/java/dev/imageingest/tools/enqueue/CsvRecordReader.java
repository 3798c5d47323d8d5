package dev.imageingest.tools.enqueue;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming RFC 4180 reader: one record at a time from a {@link Reader}. Fields may be quoted;
 * inside quotes the delimiter, CR and LF are literal and {@code ""} is one quote. Records end at
 * LF, CRLF or CR.
 */
public final class CsvRecordReader {
    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[64 * 1024];
    private int pos;
    private int limit;
    private long recordsRead;

    public CsvRecordReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** Number of records returned so far (the header included). */
    public long recordsRead() {
        return recordsRead;
    }

    /**
     * The next record's fields, or null at the end of input. A blank line is a record with one
     * empty field.
     *
     * @throws CsvFormatException for a quote that is never closed or text after a closing quote
     */
    public List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        recordsRead++;
        List<String> fields = new ArrayList<>(8);
        StringBuilder field = new StringBuilder(64);
        while (true) {
            if (c == '"' && field.length() == 0) {
                c = readQuoted(field);
            }
            if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                c = read();
                continue;
            }
            if (c == '\n' || c == -1) {
                fields.add(field.toString());
                return fields;
            }
            if (c == '\r') {
                int n = read();
                if (n != '\n' && n != -1) {
                    pos--; // CR alone ends the record; keep the next char
                }
                fields.add(field.toString());
                return fields;
            }
            field.append((char) c);
            c = read();
        }
    }

    /**
     * Reads a quoted field body after the opening quote; returns the char after the closing one.
     */
    private int readQuoted(StringBuilder field) throws IOException {
        while (true) {
            int c = read();
            if (c == -1) {
                throw new CsvFormatException(
                        "record " + recordsRead + ": quoted field is never closed");
            }
            if (c == '"') {
                int n = read();
                if (n == '"') {
                    field.append('"');
                    continue;
                }
                if (n != delimiter && n != '\n' && n != '\r' && n != -1) {
                    throw new CsvFormatException(
                            "record " + recordsRead + ": unexpected text after a closing quote");
                }
                return n;
            }
            field.append((char) c);
        }
    }

    private int read() throws IOException {
        if (pos == limit) {
            int n = in.read(buffer, 0, buffer.length);
            if (n <= 0) {
                return -1;
            }
            pos = 0;
            limit = n;
        }
        return buffer[pos++];
    }

    /** The input is not valid CSV from this point on. */
    public static final class CsvFormatException extends IOException {
        public CsvFormatException(String message) {
            super(message);
        }
    }
}
