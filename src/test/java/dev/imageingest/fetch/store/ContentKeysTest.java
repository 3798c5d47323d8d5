package dev.imageingest.fetch.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.imageingest.model.RecordIds;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentKeysTest {
    private static final String SHA =
            RecordIds.Hashing.sha256Hex("hello".getBytes(StandardCharsets.UTF_8));

    @Test
    void keyIsDerivedFromTheContentHash() {
        assertThat(SHA).startsWith("2cf24dba");
        assertThat(ContentKeys.imageKey("images", SHA, "jpg"))
                .isEqualTo("images/2c/f2/" + SHA + ".jpg");
    }

    @Test
    void prefixSlashesAreNormalised() {
        assertThat(ContentKeys.imageKey("/a/b/", SHA, "png"))
                .isEqualTo("a/b/2c/f2/" + SHA + ".png");
        assertThat(ContentKeys.imageKey("", SHA, "png")).isEqualTo("2c/f2/" + SHA + ".png");
    }

    @Test
    void sameBytesSameKey() {
        String again = RecordIds.Hashing.sha256Hex("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(ContentKeys.imageKey("p", again, "gif"))
                .isEqualTo(ContentKeys.imageKey("p", SHA, "gif"));
    }

    @Test
    void rejectsNonDigests() {
        assertThatThrownBy(() -> ContentKeys.imageKey("p", "abc", "jpg"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void s3Uri() {
        assertThat(ContentKeys.s3Uri("b", "k/x.jpg")).isEqualTo("s3://b/k/x.jpg");
    }
}
