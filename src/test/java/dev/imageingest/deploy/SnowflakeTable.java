package dev.imageingest.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The path-record table as deploy/snowflake/04_table.sql defines it, recreated in H2, and a loader
 * that follows what Snowflake's {@code COPY INTO ... MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE} does
 * with a JSON line, so the test exercises the real column mapping.
 *
 * <p>Type mapping Snowflake -> H2 (anything else fails the test, so a new type needs a decision):
 *
 * <ul>
 *   <li>{@code VARCHAR[(n)]}, {@code STRING}, {@code TEXT} -> {@code VARCHAR[(n)]}
 *   <li>{@code NUMBER(p, 0)} -> {@code NUMERIC(p, 0)}; {@code INTEGER}/{@code INT}/{@code BIGINT}
 *       (Snowflake's NUMBER(38, 0)) -> {@code NUMERIC(38, 0)}
 *   <li>{@code TIMESTAMP_TZ(p)} -> {@code TIMESTAMP(p) WITH TIME ZONE}; {@code TIMESTAMP_NTZ(p)} ->
 *       {@code TIMESTAMP(p)}
 *   <li>{@code BOOLEAN} -> {@code BOOLEAN}; {@code NOT NULL} is kept
 * </ul>
 *
 * <p>Loading one JSON value into a column, as COPY converts a VARIANT field: null -> NULL; a
 * missing field -> NULL; VARCHAR takes strings, and numbers or booleans as their text; NUMBER takes
 * integral numbers or strings holding one, within its precision; TIMESTAMP takes an ISO-8601 string
 * with offset (what AUTO detects); objects and arrays, and JSON fields without a column (Snowflake
 * would silently drop them), fail.
 */
final class SnowflakeTable {
    record Column(
            String name,
            String snowflakeType,
            String kind,
            Integer length,
            Integer precision,
            boolean notNull) {}

    private static final Pattern CREATE =
            Pattern.compile(
                    "CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([A-Za-z_][\\w.]*)\\s*\\(",
                    Pattern.CASE_INSENSITIVE);
    private static final Pattern COLUMN =
            Pattern.compile(
                    "([A-Za-z_]\\w*)\\s+([A-Za-z_]+)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\))?\\s*(NOT\\s+NULL)?",
                    Pattern.CASE_INSENSITIVE);

    final String name;
    final Map<String, Column> columns = new LinkedHashMap<>(); // lower-case name -> column

    private SnowflakeTable(String name) {
        this.name = name;
    }

    static SnowflakeTable parse(Path ddlFile) throws Exception {
        String sql = SqlFiles.stripComments(Files.readString(ddlFile));
        Matcher m = CREATE.matcher(sql);
        if (!m.find()) {
            throw new AssertionError(ddlFile + ": no CREATE TABLE");
        }
        SnowflakeTable t = new SnowflakeTable(m.group(1));
        int depth = 1;
        int start = m.end();
        int i = start;
        for (; depth > 0; i++) {
            char c = sql.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        for (String def : splitTopLevel(sql.substring(start, i - 1))) {
            Matcher c = COLUMN.matcher(def.strip());
            if (!c.matches()) {
                throw new AssertionError(
                        ddlFile + ": cannot map column definition '" + def.strip() + "'");
            }
            t.columns.put(c.group(1).toLowerCase(Locale.ROOT), column(c));
        }
        return t;
    }

    private static Column column(Matcher c) {
        String type = c.group(2).toUpperCase(Locale.ROOT);
        Integer a = c.group(3) == null ? null : Integer.valueOf(c.group(3));
        Integer b = c.group(4) == null ? null : Integer.valueOf(c.group(4));
        boolean notNull = c.group(5) != null;
        String name = c.group(1).toLowerCase(Locale.ROOT);
        return switch (type) {
            case "VARCHAR", "STRING", "TEXT" -> new Column(name, type, "VARCHAR", a, null, notNull);
            case "NUMBER", "NUMERIC", "DECIMAL" -> {
                if (b != null && b != 0) {
                    throw new AssertionError(name + ": only integral NUMBER columns are mapped");
                }
                yield new Column(name, type, "NUMBER", null, a == null ? 38 : a, notNull);
            }
            case "INTEGER", "INT", "BIGINT" -> new Column(name, type, "NUMBER", null, 38, notNull);
            case "TIMESTAMP_TZ", "TIMESTAMP_NTZ" ->
                    new Column(name, type, type, null, a == null ? 9 : a, notNull);
            case "BOOLEAN" -> new Column(name, type, "BOOLEAN", null, null, notNull);
            default ->
                    throw new AssertionError(name + ": no H2 mapping for Snowflake type " + type);
        };
    }

    /** The H2 DDL for this table, by the mapping in the class comment. */
    String h2Ddl() {
        List<String> defs = new ArrayList<>();
        for (Column c : columns.values()) {
            String type =
                    switch (c.kind()) {
                        case "VARCHAR" ->
                                c.length() == null ? "VARCHAR" : "VARCHAR(" + c.length() + ")";
                        case "NUMBER" -> "NUMERIC(" + c.precision() + ", 0)";
                        case "TIMESTAMP_TZ" -> "TIMESTAMP(" + c.precision() + ") WITH TIME ZONE";
                        case "TIMESTAMP_NTZ" -> "TIMESTAMP(" + c.precision() + ")";
                        default -> c.kind();
                    };
            defs.add(c.name() + " " + type + (c.notNull() ? " NOT NULL" : ""));
        }
        return "CREATE TABLE " + name + " (" + String.join(", ", defs) + ")";
    }

    /** Loads JSON lines the way COPY ... MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE maps them. */
    void load(Connection db, List<JsonNode> lines) throws SQLException {
        List<Column> cols = new ArrayList<>(columns.values());
        String sql =
                "INSERT INTO "
                        + name
                        + " VALUES ("
                        + String.join(", ", java.util.Collections.nCopies(cols.size(), "?"))
                        + ")";
        try (PreparedStatement insert = db.prepareStatement(sql)) {
            for (JsonNode line : lines) {
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = line.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    String key = f.getKey().toLowerCase(Locale.ROOT);
                    if (!columns.containsKey(key)) {
                        throw new AssertionError(
                                "JSON field '"
                                        + f.getKey()
                                        + "' has no column in "
                                        + name
                                        + ": COPY would drop it");
                    }
                    fields.put(key, f.getValue());
                }
                for (int i = 0; i < cols.size(); i++) {
                    insert.setObject(i + 1, convert(cols.get(i), fields.get(cols.get(i).name())));
                }
                insert.executeUpdate();
            }
        }
    }

    private static Object convert(Column c, JsonNode v) {
        if (v == null || v.isNull()) {
            if (c.notNull()) {
                throw new AssertionError(
                        c.name()
                                + " is NOT NULL but the JSON has no value: COPY would reject the file");
            }
            return null;
        }
        if (v.isContainerNode()) {
            throw new AssertionError(
                    c.name() + ": objects and arrays do not load into " + c.snowflakeType());
        }
        switch (c.kind()) {
            case "VARCHAR" -> {
                String s = v.isTextual() ? v.textValue() : v.asText();
                if (c.length() != null && s.codePointCount(0, s.length()) > c.length()) {
                    throw new AssertionError(
                            c.name() + ": '" + s + "' is longer than " + c.length());
                }
                return s;
            }
            case "NUMBER" -> {
                BigDecimal n;
                try {
                    n = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
                } catch (NumberFormatException e) {
                    throw new AssertionError(c.name() + ": '" + v + "' is not a number");
                }
                if (n.stripTrailingZeros().scale() > 0
                        || n.precision() - n.scale() > c.precision()) {
                    throw new AssertionError(
                            c.name() + ": " + v + " does not fit NUMBER(" + c.precision() + ", 0)");
                }
                return n;
            }
            case "TIMESTAMP_TZ", "TIMESTAMP_NTZ" -> {
                if (!v.isTextual()) {
                    throw new AssertionError(
                            c.name() + ": timestamps are written as ISO-8601 strings, got " + v);
                }
                try {
                    OffsetDateTime t =
                            OffsetDateTime.parse(
                                    v.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                    return c.kind().equals("TIMESTAMP_TZ") ? t : t.toLocalDateTime();
                } catch (DateTimeParseException e) {
                    throw new AssertionError(
                            c.name() + ": '" + v.textValue() + "' is not ISO-8601 with offset");
                }
            }
            case "BOOLEAN" -> {
                return v.asBoolean();
            }
            default -> throw new AssertionError(c.kind());
        }
    }

    void create(Connection db) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(h2Ddl());
        }
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(s.substring(from));
        return parts;
    }
}
