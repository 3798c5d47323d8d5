package dev.imageingest.tools.enqueue;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code enqueue} options of a Snowflake source ({@code --snowflake}); each also reads a {@code
 * SNOWFLAKE_*} environment variable, so secrets need not appear on the command line.
 */
public final class SnowflakeOptions {
    @Option(
            names = "--account",
            defaultValue = "${env:SNOWFLAKE_ACCOUNT}",
            description = "Snowflake account identifier, e.g. myorg-myaccount (SNOWFLAKE_ACCOUNT).")
    String account;

    @Option(
            names = "--user",
            defaultValue = "${env:SNOWFLAKE_USER}",
            description = "Snowflake user (SNOWFLAKE_USER).")
    String user;

    @Option(
            names = "--role",
            defaultValue = "${env:SNOWFLAKE_ROLE}",
            description = "Snowflake role (SNOWFLAKE_ROLE).")
    String role;

    @Option(
            names = "--warehouse",
            defaultValue = "${env:SNOWFLAKE_WAREHOUSE}",
            description = "Snowflake warehouse (SNOWFLAKE_WAREHOUSE).")
    String warehouse;

    @Option(
            names = "--database",
            defaultValue = "${env:SNOWFLAKE_DATABASE}",
            description = "Snowflake database (SNOWFLAKE_DATABASE).")
    String database;

    @Option(
            names = "--schema",
            defaultValue = "${env:SNOWFLAKE_SCHEMA}",
            description = "Snowflake schema (SNOWFLAKE_SCHEMA).")
    String schema;

    @Option(
            names = "--private-key-file",
            defaultValue = "${env:SNOWFLAKE_PRIVATE_KEY_FILE}",
            description = "PKCS#8 PEM private key for key-pair auth (SNOWFLAKE_PRIVATE_KEY_FILE).")
    String privateKeyFile;

    @Option(
            names = "--private-key-passphrase",
            defaultValue = "${env:SNOWFLAKE_PRIVATE_KEY_PASSPHRASE}",
            description =
                    "Passphrase of an encrypted private key; prefer the env variable"
                            + " SNOWFLAKE_PRIVATE_KEY_PASSPHRASE.")
    String privateKeyPassphrase;

    @Option(
            names = "--password",
            defaultValue = "${env:SNOWFLAKE_PASSWORD}",
            description =
                    "Password auth instead of key-pair; prefer the env variable"
                            + " SNOWFLAKE_PASSWORD.")
    String password;

    @Option(
            names = "--snowflake-property",
            paramLabel = "KEY=VALUE",
            description = "Extra snowflake-jdbc connection property (repeatable).")
    Map<String, String> snowflakeProperties = new LinkedHashMap<>();

    /** The connection settings these options describe (checked when the source opens). */
    SnowflakeConnectionSettings settings() {
        return new SnowflakeConnectionSettings(
                account,
                user,
                role,
                warehouse,
                database,
                schema,
                password,
                privateKeyFile,
                privateKeyPassphrase,
                snowflakeProperties);
    }
}
