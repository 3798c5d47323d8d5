package dev.imageingest.tools.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {
    private static final FileTime MODIFIED = FileTime.from(Instant.parse("2024-05-01T00:00:00Z"));

    @TempDir Path dir;

    private Path write(String name, byte[] content) throws IOException {
        Path file = Files.write(dir.resolve(name), content);
        Files.setLastModifiedTime(file, MODIFIED);
        return file;
    }

    private static byte[] filled(int size, byte value) {
        byte[] b = new byte[size];
        Arrays.fill(b, value);
        return b;
    }

    @Test
    void fingerprintIsStableForTheSameFile() throws IOException {
        Path file = write("a.csv", "bukken_id,image_type,url\n1,1,http://h/1.jpg\n".getBytes());
        assertThat(InputFiles.fingerprint(file))
                .isEqualTo(InputFiles.fingerprint(file))
                .contains("size=44", "modified=2024-05-01T00:00:00Z", "head-sha256=");
    }

    @Test
    void sameNameSizeAndTimeButOtherHeadIsAnotherFile() throws IOException {
        Path file = write("daily.csv", "bukken_id,image_type,url\n1,1,http://h/1.jpg\n".getBytes());
        String today = InputFiles.fingerprint(file);
        write("daily.csv", "bukken_id,image_type,url\n2,1,http://h/2.jpg\n".getBytes());
        assertThat(InputFiles.fingerprint(file)).isNotEqualTo(today);
    }

    @Test
    void sizeAndModificationTimeAreEachPartOfIt() throws IOException {
        Path file = write("daily.csv", filled(100, (byte) 'x'));
        String first = InputFiles.fingerprint(file);
        Files.setLastModifiedTime(file, FileTime.from(MODIFIED.toInstant().plusSeconds(1)));
        assertThat(InputFiles.fingerprint(file)).isNotEqualTo(first);
        write("daily.csv", filled(101, (byte) 'x'));
        assertThat(InputFiles.fingerprint(file)).isNotEqualTo(first);
    }

    @Test
    void onlyTheFirst64KiBAreHashed() throws IOException {
        int size = InputFiles.FINGERPRINT_HEAD_BYTES + 10;
        Path file = write("big.csv", filled(size, (byte) 'x'));
        String first = InputFiles.fingerprint(file);
        byte[] tailChanged = filled(size, (byte) 'x');
        tailChanged[size - 1] = 'y';
        write("big.csv", tailChanged);
        assertThat(InputFiles.fingerprint(file)).isEqualTo(first);
        byte[] headChanged = filled(size, (byte) 'x');
        headChanged[InputFiles.FINGERPRINT_HEAD_BYTES - 1] = 'y';
        write("big.csv", headChanged);
        assertThat(InputFiles.fingerprint(file)).isNotEqualTo(first);
    }
}
