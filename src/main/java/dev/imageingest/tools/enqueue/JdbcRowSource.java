package dev.imageingest.tools.enqueue;

import dev.imageingest.model.RecordIds;
import dev.imageingest.tools.common.ToolException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows of a SQL query returning columns labelled {@code bukken_id}, {@code url} and {@code
 * image_type} (any case, any order, extra columns ignored). Streams with a forward-only result set
 * and the given fetch size, so at most one fetch is held in memory. Owns the connection.
 */
public final class JdbcRowSource implements RowSource {
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;
    private final String description;
    private final long total;
    private final int bukkenColumn;
    private final int typeColumn;
    private final int urlColumn;
    private long rowNumber;

    /**
     * @param countFirst run {@code SELECT COUNT(*)} over the query first, so progress can show an
     *     ETA (costs one more query)
     */
    public JdbcRowSource(
            Connection connection, String sql, int fetchSize, boolean countFirst, String label) {
        this.connection = connection;
        this.description = label + " sql#" + sqlHash(sql);
        try {
            this.total = countFirst ? count(connection, sql) : -1;
            connection.setAutoCommit(false); // some drivers only stream inside a transaction
            statement =
                    connection.createStatement(
                            ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(fetchSize);
            rows = statement.executeQuery(sql);
            ResultSetMetaData meta = rows.getMetaData();
            List<String> labels = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                labels.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            List<String> missing = new ArrayList<>();
            for (String required : CsvRowSource.REQUIRED) {
                if (!labels.contains(required)) {
                    missing.add(required);
                }
            }
            if (!missing.isEmpty()) {
                throw new ToolException(
                        "the query returns no column(s) "
                                + missing
                                + "; it returns "
                                + labels
                                + " (alias them: SELECT ... AS bukken_id, ... AS url, ... AS"
                                + " image_type)");
            }
            bukkenColumn = labels.indexOf("bukken_id") + 1;
            typeColumn = labels.indexOf("image_type") + 1;
            urlColumn = labels.indexOf("url") + 1;
        } catch (SQLException e) {
            closeQuietly();
            throw new ToolException("query failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM (" + sql + ") q")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Override
    public SourceRow next() {
        try {
            if (!rows.next()) {
                return null;
            }
            rowNumber++;
            return SourceRow.of(
                    rowNumber,
                    rows.getString(bukkenColumn),
                    rows.getString(typeColumn),
                    rows.getString(urlColumn));
        } catch (SQLException e) {
            throw new ToolException(
                    "reading row " + (rowNumber + 1) + " failed: " + e.getMessage(), e);
        }
    }

    /** The row count when {@code countFirst} was set, else -1. */
    public long total() {
        return total;
    }

    @Override
    public double fractionRead() {
        return total <= 0 ? Double.NaN : Math.min(1.0, (double) rowNumber / total);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            connection.close(); // closes statement and result set
        } catch (SQLException ignored) {
            // nothing left to do with a connection we are giving up
        }
    }

    private static String sqlHash(String sql) {
        return RecordIds.Hashing.sha256Hex(sql.trim().getBytes(StandardCharsets.UTF_8))
                .substring(0, 12);
    }
}
