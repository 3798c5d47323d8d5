package dev.imageingest.tools.enqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.tools.common.ToolException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SnowflakeConnectionSettingsTest {

    @Test
    void keyPairAuthentication() {
        SnowflakeConnectionSettings s =
                new SnowflakeConnectionSettings(
                        "myorg-myaccount",
                        "ENQUEUER",
                        "LOADER",
                        "WH_XS",
                        "IMAGES",
                        "PUBLIC",
                        null,
                        "/keys/rsa_key.p8",
                        "secret",
                        Map.of("CLIENT_RESULT_CHUNK_SIZE", "48"));
        assertThat(s.jdbcUrl())
                .isEqualTo("jdbc:snowflake://myorg-myaccount.snowflakecomputing.com/");
        Properties p = s.properties();
        assertThat(p)
                .containsEntry("user", "ENQUEUER")
                .containsEntry("role", "LOADER")
                .containsEntry("warehouse", "WH_XS")
                .containsEntry("db", "IMAGES")
                .containsEntry("schema", "PUBLIC")
                .containsEntry("authenticator", "SNOWFLAKE_JWT")
                .containsEntry("private_key_file", "/keys/rsa_key.p8")
                .containsEntry("private_key_pwd", "secret")
                .containsEntry("JDBC_QUERY_RESULT_FORMAT", "JSON")
                .containsEntry("CLIENT_RESULT_CHUNK_SIZE", "48")
                .doesNotContainKey("password");
        assertThat(s.toString()).doesNotContain("secret");
    }

    @Test
    void passwordAuthenticationAndHostForms() {
        SnowflakeConnectionSettings s =
                new SnowflakeConnectionSettings(
                        "https://xy12345.eu-central-1.snowflakecomputing.com/",
                        "U",
                        null,
                        null,
                        null,
                        null,
                        "pw",
                        null,
                        null,
                        null);
        assertThat(s.jdbcUrl())
                .isEqualTo("jdbc:snowflake://xy12345.eu-central-1.snowflakecomputing.com/");
        assertThat(s.properties())
                .containsEntry("password", "pw")
                .doesNotContainKeys("authenticator", "private_key_file", "role", "warehouse");
        assertThat(s.toString()).doesNotContain("pw");
    }

    @Test
    void exactlyOneAuthenticationAndTheRequiredFields() {
        assertThatThrownBy(() -> settings("acct", "u", "pw", "/k.p8"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("exactly one of --private-key-file");
        assertThatThrownBy(() -> settings("acct", "u", null, null))
                .hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> settings(null, "u", "pw", null)).hasMessageContaining("--account");
        assertThatThrownBy(() -> settings("acct", " ", "pw", null)).hasMessageContaining("--user");
    }

    private static SnowflakeConnectionSettings settings(
            String account, String user, String password, String key) {
        return new SnowflakeConnectionSettings(
                account, user, null, null, null, null, password, key, null, null);
    }
}
