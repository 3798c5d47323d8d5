package dev.imageingest.tools.enqueue;

/**
 * The default source query: every image of the photo table that has no {@code OK} path record yet
 * (an anti-join on the record's identity: url, bukken_id, image_type). Images that failed before
 * are therefore enqueued again; images already delivered are skipped.
 */
public final class DefaultQuery {
    public static final String PHOTO_TABLE = "photo_table";
    public static final String PATH_RECORD_TABLE = "image_path_records";

    private DefaultQuery() {}

    public static String sql(String photoTable, String pathRecordTable) {
        return "SELECT p.bukken_id AS bukken_id, p.url AS url, p.image_type AS image_type"
                + " FROM "
                + photoTable
                + " p WHERE NOT EXISTS (SELECT 1 FROM "
                + pathRecordTable
                + " r WHERE r.url = p.url AND r.bukken_id = p.bukken_id"
                + " AND r.image_type = p.image_type AND r.status = 'OK')";
    }
}
