package dev.imageingest.tools.enqueue;

import dev.imageingest.tools.common.ToolException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The partners' CSV: a header row naming at least {@code bukken_id}, {@code image_type} and {@code
 * url} (any order, any case, extra columns ignored), then one image per record. Blank lines are
 * skipped; an empty file has no rows. A record with a different field count than the header is an
 * unreadable row.
 */
public final class CsvRowSource extends FileRowSource {
    static final List<String> REQUIRED = List.of("bukken_id", "image_type", "url");

    private final CsvRecordReader csv;
    private final int width;
    private final int bukkenColumn;
    private final int typeColumn;
    private final int urlColumn;
    private long rowNumber;

    public CsvRowSource(Path path, char delimiter) throws IOException {
        super("csv", path);
        this.csv = new CsvRecordReader(file.reader(), delimiter);
        List<String> header = nextNonBlank();
        if (header == null) {
            width = 0;
            bukkenColumn = typeColumn = urlColumn = -1;
            return;
        }
        List<String> names = new ArrayList<>();
        for (String h : header) {
            names.add(h.trim().toLowerCase(Locale.ROOT));
        }
        List<String> missing = new ArrayList<>();
        for (String required : REQUIRED) {
            if (!names.contains(required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            file.close();
            throw new ToolException(
                    path
                            + ": CSV header lacks column(s) "
                            + missing
                            + "; found "
                            + header
                            + " (need bukken_id, image_type, url in any order)");
        }
        width = header.size();
        bukkenColumn = names.indexOf("bukken_id");
        typeColumn = names.indexOf("image_type");
        urlColumn = names.indexOf("url");
    }

    @Override
    public SourceRow next() throws IOException {
        if (width == 0) {
            return null;
        }
        List<String> fields = nextNonBlank();
        if (fields == null) {
            return null;
        }
        rowNumber++;
        if (fields.size() != width) {
            return SourceRow.unreadable(
                    rowNumber,
                    "expected " + width + " fields as in the header, got " + fields.size());
        }
        return SourceRow.of(
                rowNumber, fields.get(bukkenColumn), fields.get(typeColumn), fields.get(urlColumn));
    }

    private List<String> nextNonBlank() throws IOException {
        List<String> fields;
        do {
            fields = csv.next();
        } while (fields != null && fields.size() == 1 && fields.get(0).isBlank());
        return fields;
    }
}
