package dev.imageingest.tools.enqueue;

import dev.imageingest.tools.common.ToolException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Connection URL and properties for snowflake-jdbc. Exactly one of password or key-pair
 * authentication: key-pair sets {@code authenticator=SNOWFLAKE_JWT}, {@code private_key_file} and
 * (for an encrypted key) {@code private_key_pwd}. Results are requested as JSON ({@code
 * JDBC_QUERY_RESULT_FORMAT=JSON}) because the driver's Arrow format needs {@code --add-opens} on
 * Java 17; {@code extra} properties override anything set here.
 */
public final class SnowflakeConnectionSettings {
    /**
     * account identifier ({@code myorg-myaccount} or legacy {@code xy12345.eu-west-1}), or a full
     * host name ending in {@code .snowflakecomputing.com}
     */
    private final String account;

    private final String user;
    private final String role;
    private final String warehouse;
    private final String database;
    private final String schema;
    private final String password;
    private final String privateKeyFile;
    private final String privateKeyPassphrase;
    private final Map<String, String> extra;

    public SnowflakeConnectionSettings(
            String account,
            String user,
            String role,
            String warehouse,
            String database,
            String schema,
            String password,
            String privateKeyFile,
            String privateKeyPassphrase,
            Map<String, String> extra) {
        if (blank(account)) {
            throw ToolException.usage("Snowflake needs --account (or SNOWFLAKE_ACCOUNT)");
        }
        if (blank(user)) {
            throw ToolException.usage("Snowflake needs --user (or SNOWFLAKE_USER)");
        }
        if (blank(password) == blank(privateKeyFile)) {
            throw ToolException.usage(
                    "Snowflake needs exactly one of --private-key-file (key-pair) or --password"
                            + " (SNOWFLAKE_PRIVATE_KEY_FILE / SNOWFLAKE_PASSWORD)");
        }
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        this.account = account;
        this.user = user;
        this.role = role;
        this.warehouse = warehouse;
        this.database = database;
        this.schema = schema;
        this.password = password;
        this.privateKeyFile = privateKeyFile;
        this.privateKeyPassphrase = privateKeyPassphrase;
        this.extra = extra;
    }

    public String account() {
        return account;
    }

    public String user() {
        return user;
    }

    public String role() {
        return role;
    }

    public String warehouse() {
        return warehouse;
    }

    public String database() {
        return database;
    }

    public String schema() {
        return schema;
    }

    public String password() {
        return password;
    }

    public String privateKeyFile() {
        return privateKeyFile;
    }

    public String privateKeyPassphrase() {
        return privateKeyPassphrase;
    }

    public Map<String, String> extra() {
        return extra;
    }

    private static final String DOMAIN = ".snowflakecomputing.com";

    public String jdbcUrl() {
        String host = account.trim();
        host = host.replaceFirst("^(?i)https?://", "").replaceFirst("/.*$", "");
        if (!host.toLowerCase(Locale.ROOT).endsWith(DOMAIN)) {
            host = host + DOMAIN;
        }
        return "jdbc:snowflake://" + host + "/";
    }

    public Properties properties() {
        Properties p = new Properties();
        p.setProperty("user", user);
        putIfSet(p, "role", role);
        putIfSet(p, "warehouse", warehouse);
        putIfSet(p, "db", database);
        putIfSet(p, "schema", schema);
        if (!blank(privateKeyFile)) {
            p.setProperty("authenticator", "SNOWFLAKE_JWT");
            p.setProperty("private_key_file", privateKeyFile);
            putIfSet(p, "private_key_pwd", privateKeyPassphrase);
        } else {
            p.setProperty("password", password);
        }
        p.setProperty("JDBC_QUERY_RESULT_FORMAT", "JSON");
        p.setProperty("application", "flink-image-ingest-enqueue");
        extra.forEach(p::setProperty);
        return p;
    }

    private static void putIfSet(Properties p, String key, String value) {
        if (!blank(value)) {
            p.setProperty(key, value);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        // never print the password or passphrase
        return "Snowflake[" + jdbcUrl() + ", user=" + user + ", role=" + role + "]";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SnowflakeConnectionSettings)) {
            return false;
        }
        SnowflakeConnectionSettings that = (SnowflakeConnectionSettings) o;
        return Objects.equals(account, that.account)
                && Objects.equals(user, that.user)
                && Objects.equals(role, that.role)
                && Objects.equals(warehouse, that.warehouse)
                && Objects.equals(database, that.database)
                && Objects.equals(schema, that.schema)
                && Objects.equals(password, that.password)
                && Objects.equals(privateKeyFile, that.privateKeyFile)
                && Objects.equals(privateKeyPassphrase, that.privateKeyPassphrase)
                && Objects.equals(extra, that.extra);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                account,
                user,
                role,
                warehouse,
                database,
                schema,
                password,
                privateKeyFile,
                privateKeyPassphrase,
                extra);
    }
}
