package dev.imageingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flink's on-disk layout of retained checkpoints and savepoints, built by hand. */
class SnapshotFinderTest {
    private static final String JOB_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String JOB_B = "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";

    @TempDir Path root;

    @Test
    void newestCompletedSnapshotAcrossJobsAndSavepoints() throws IOException {
        Path chk = root.resolve("checkpoints");
        Path sp = root.resolve("savepoints");
        completed(chk.resolve(JOB_A).resolve("chk-41"), 1_000);
        completed(chk.resolve(JOB_A).resolve("chk-42"), 2_000);
        completed(chk.resolve(JOB_B).resolve("chk-3"), 3_000); // a later job started fresh
        Files.createDirectories(chk.resolve(JOB_B).resolve("chk-4")); // in progress: no _metadata
        Files.createDirectories(chk.resolve(JOB_B).resolve("shared"));
        Files.createDirectories(chk.resolve("not-a-job-id").resolve("chk-99"));

        Snapshot latest = SnapshotFinder.latest(flink(chk), flink(sp), null).orElseThrow();
        assertThat(latest.kind()).isEqualTo(Snapshot.Kind.CHECKPOINT);
        assertThat(latest.jobId()).isEqualTo(JOB_B);
        assertThat(latest.checkpointId()).isEqualTo(3);

        completed(sp.resolve("savepoint-aaaaaa-0123456789ab"), 4_000);
        latest = SnapshotFinder.latest(flink(chk), flink(sp), null).orElseThrow();
        assertThat(latest.kind()).isEqualTo(Snapshot.Kind.SAVEPOINT);
        assertThat(latest.jobId()).isEqualTo("aaaaaa");
        assertThat(latest.path().getName()).isEqualTo("savepoint-aaaaaa-0123456789ab");
    }

    @Test
    void restrictedToOneJob() throws IOException {
        Path chk = root.resolve("checkpoints");
        Path sp = root.resolve("savepoints");
        completed(chk.resolve(JOB_A).resolve("chk-7"), 1_000);
        completed(chk.resolve(JOB_A).resolve("chk-8"), 1_000); // same second: the number decides
        completed(chk.resolve(JOB_B).resolve("chk-1"), 5_000);
        completed(sp.resolve("savepoint-b0b0b0-aaaaaaaaaaaa"), 6_000);

        Snapshot a = SnapshotFinder.latest(flink(chk), flink(sp), JOB_A).orElseThrow();
        assertThat(a.checkpointId()).isEqualTo(8);
        Snapshot b = SnapshotFinder.latest(flink(chk), flink(sp), JOB_B).orElseThrow();
        assertThat(b.kind()).isEqualTo(Snapshot.Kind.SAVEPOINT);
        assertThat(SnapshotFinder.all(flink(chk), flink(sp), null)).hasSize(4);
    }

    @Test
    void missingDirectoriesFindNothing() throws IOException {
        assertThat(SnapshotFinder.latest(flink(root.resolve("none")), null, null)).isEmpty();
    }

    @Test
    void commandLineReadsTheDirectoriesFromAClusterConfiguration() throws IOException {
        Path chk = root.resolve("checkpoints");
        Path sp = root.resolve("savepoints");
        completed(chk.resolve(JOB_A).resolve("chk-5"), 1_000);
        completed(sp.resolve("savepoint-aaaaaa-0123456789ab"), 2_000);
        Path conf = Files.createDirectories(root.resolve("conf"));
        Files.writeString(
                conf.resolve("config.yaml"),
                "execution.checkpointing.dir: "
                        + chk.toUri()
                        + "\nexecution.checkpointing.savepoint-dir: "
                        + sp.toUri()
                        + "\n");

        Run latest = run("--conf-dir", conf.toString());
        assertThat(latest.code).isEqualTo(FindSnapshot.FOUND);
        assertThat(latest.out.trim())
                .matches("savepoint\taaaaaa\tfile:.*/savepoints/savepoint-aaaaaa-0123456789ab");

        Run all = run("--conf-dir", conf.toString(), "--all", "--job-id", JOB_A);
        List<String> kinds =
                all.out.lines().map(l -> l.split("\t")[0]).collect(Collectors.toList());
        assertThat(kinds).containsExactly("checkpoint", "savepoint");

        Run none = run("--checkpoint-dir", root.resolve("empty").toUri().toString());
        assertThat(none.code).isEqualTo(FindSnapshot.NOTHING);
        assertThat(none.err).contains("No completed checkpoint or savepoint");

        assertThat(run("--conf-dir", root.resolve("empty-conf").toString()).code)
                .isEqualTo(FindSnapshot.USAGE);
        assertThat(run("--bogus", "x").code).isEqualTo(FindSnapshot.USAGE);
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code =
                FindSnapshot.run(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(
                code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void completed(Path dir, long modifiedMillis) throws IOException {
        Files.createDirectories(dir);
        Path metadata = dir.resolve(SnapshotFinder.METADATA);
        Files.write(metadata, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    }

    private static org.apache.flink.core.fs.Path flink(Path p) {
        return new org.apache.flink.core.fs.Path(p.toUri());
    }
}
