package dev.imageingest.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reading deploy/snowflake/*.sql: comments stripped, statements split on ';' outside quotes. */
final class SqlFiles {
    static final Path DIR = Path.of("deploy/snowflake");

    private SqlFiles() {}

    /** Removes {@code --} comments (outside single-quoted strings). */
    static String stripComments(String sql) {
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                while (i < sql.length() && sql.charAt(i) != '\n') {
                    i++;
                }
                out.append('\n');
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The statements of a file, without comments. */
    static List<String> statements(Path file) throws IOException {
        String sql = stripComments(Files.readString(file));
        List<String> list = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == ';' && !quoted) {
                addIfNotBlank(list, sql.substring(from, i));
                from = i + 1;
            }
        }
        addIfNotBlank(list, sql.substring(from));
        return list;
    }

    /**
     * Statements to run on H2: everything except Snowflake session commands ({@code USE ROLE},
     * {@code USE SCHEMA}), which only choose the role and schema the objects are created in.
     */
    static List<String> portableStatements(Path file) throws IOException {
        return statements(file).stream()
                .filter(s -> !s.toUpperCase(Locale.ROOT).startsWith("USE "))
                .toList();
    }

    private static void addIfNotBlank(List<String> list, String s) {
        String t = s.strip();
        if (!t.isEmpty()) {
            list.add(t.replaceAll("\\s+", " "));
        }
    }
}
