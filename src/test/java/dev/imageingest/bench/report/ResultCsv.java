package dev.imageingest.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results CSV: one row per run, columns in the order of the row map. A file whose header
 * differs (older columns) is moved aside rather than mixed.
 */
public final class ResultCsv {
    private ResultCsv() {}

    public static void append(Path file, Map<String, Object> row) throws IOException {
        String header = String.join(",", row.keySet());
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file);
            if (!lines.isEmpty() && !lines.get(0).equals(header)) {
                Files.move(
                        file,
                        file.resolveSibling(
                                file.getFileName() + "." + System.currentTimeMillis() + ".old"));
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        List<String> out = new ArrayList<>();
        if (!Files.exists(file)) {
            out.add(header);
        }
        List<String> cells = new ArrayList<>();
        row.values().forEach(v -> cells.add(cell(v)));
        out.add(String.join(",", cells));
        Files.write(file, out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Rows of a results CSV as column -> text maps. */
    public static List<Map<String, String>> read(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = split(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.size(); i++) {
                row.put(header[i], cells.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        String s =
                v instanceof Double d
                        ? (Math.abs(d) >= 100
                                ? String.format(Locale.ROOT, "%.0f", d)
                                : String.format(Locale.ROOT, "%.2f", d))
                        : v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
