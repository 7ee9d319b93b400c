package dev.thinkrig.templates.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputDirectoryTest {

    private static final List<GeneratedFile> FILES = List.of(
            new GeneratedFile("docker-compose.yml", "services: {}\n", GeneratedFile.READABLE),
            new GeneratedFile(".env", "SECRET=\n", GeneratedFile.PRIVATE),
            new GeneratedFile("start.sh", "#!/bin/sh\n", GeneratedFile.EXECUTABLE));

    @Test
    void write_newDirectory_filesWithTheirModesAndAManifest(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("out");
        OutputDirectory.Result result = OutputDirectory.write(dir, FILES, false);

        assertThat(result.written()).hasSize(3);
        assertThat(Files.readString(dir.resolve("docker-compose.yml"))).isEqualTo("services: {}\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(".env"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("start.sh"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.readAllLines(dir.resolve(OutputDirectory.MANIFEST)))
                .contains(OutputDirectory.sha256("services: {}\n".getBytes(StandardCharsets.UTF_8))
                        + "  docker-compose.yml");
        try (var entries = Files.list(dir)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("no temporary file left behind")
                    .containsExactlyInAnyOrder("docker-compose.yml", ".env", "start.sh", OutputDirectory.MANIFEST);
        }
    }

    @Test
    void write_overItsOwnUnchangedFiles_replacesThem(@TempDir Path dir) throws IOException {
        OutputDirectory.write(dir, FILES, false);
        OutputDirectory.write(
                dir, List.of(new GeneratedFile("docker-compose.yml", "services: {x: {}}\n", "rw-r--r--")), false);
        assertThat(Files.readString(dir.resolve("docker-compose.yml"))).isEqualTo("services: {x: {}}\n");
        // files of the earlier run that this run does not write, unchanged, are removed
        assertThat(dir.resolve(".env")).doesNotExist();
        assertThat(dir.resolve("start.sh")).doesNotExist();
    }

    @Test
    void write_directoryWithAForeignFile_refusesAndWritesNothing(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> OutputDirectory.write(dir, FILES, false))
                .isInstanceOf(OutputException.class)
                .hasMessageContaining("notes.txt")
                .hasMessageContaining("--force")
                .matches(e -> ((OutputException) e).foreignFiles());
        assertThat(dir.resolve("docker-compose.yml")).doesNotExist();
    }

    @Test
    void write_ownFileChangedByTheUser_isProtectedUntilForced(@TempDir Path dir) throws IOException {
        OutputDirectory.write(dir, FILES, false);
        Files.writeString(dir.resolve("docker-compose.yml"), "services: {edited: {}}\n");
        Files.writeString(dir.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> OutputDirectory.write(dir, FILES, false))
                .isInstanceOf(OutputException.class)
                .hasMessageContaining("docker-compose.yml")
                .hasMessageContaining("keep.txt");

        OutputDirectory.write(dir, FILES.subList(0, 1), true);
        assertThat(Files.readString(dir.resolve("docker-compose.yml"))).isEqualTo("services: {}\n");
        assertThat(Files.readString(dir.resolve("keep.txt")))
                .as("--force never deletes foreign files")
                .isEqualTo("mine");
    }

    @Test
    void write_pathIsAFile_refuses(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("out"), "x");
        assertThatThrownBy(() -> OutputDirectory.write(file, FILES, true)).isInstanceOf(OutputException.class);
    }

    @Test
    void generatedFile_nameEscapingOrDeeperThanOneDirectory_isRefused() {
        assertThatThrownBy(() -> new GeneratedFile("../x", "", GeneratedFile.READABLE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GeneratedFile("a/b/c", "", GeneratedFile.READABLE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GeneratedFile("/x", "", GeneratedFile.READABLE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GeneratedFile("a/..", "", GeneratedFile.READABLE))
                .isInstanceOf(IllegalArgumentException.class);
        // one node directory and a file: node-2/docker-compose.yml
        new GeneratedFile("node-2/docker-compose.yml", "", GeneratedFile.READABLE);
    }

    // issue 13: a write that failed on its third file left the first two and no manifest, and the next run refused
    // the directory; the files are staged beside it and moved into place only once all of them were written
    private static final List<GeneratedFile> NODES = List.of(
            new GeneratedFile("node-1/docker-compose.yml", "services: {head: {}}\n", GeneratedFile.READABLE),
            new GeneratedFile("node-1/.env", "A=1\n", GeneratedFile.PRIVATE),
            new GeneratedFile("node-2/docker-compose.yml", "services: {worker: {}}\n", GeneratedFile.READABLE),
            new GeneratedFile("node-2/.env", "A=2\n", GeneratedFile.PRIVATE),
            new GeneratedFile("README.md", "# two nodes\n", GeneratedFile.READABLE));

    /** A writer that writes the first {@code good} files and fails on the next. */
    private static OutputDirectory.FileWriter failingAfter(int good) {
        int[] calls = {0};
        return (file, bytes, mode) -> {
            if (++calls[0] > good) {
                throw new java.io.IOException("No space left on device (injected)");
            }
            Files.write(file, bytes);
        };
    }

    @Test
    void write_failsOnTheThirdFile_newDirectoryIsNotCreatedAndNothingIsLeft(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("out");

        assertThatThrownBy(() -> OutputDirectory.write(dir, FILES, false, failingAfter(2)))
                .isInstanceOf(OutputException.class)
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("nothing of this run was written");

        assertThat(dir).doesNotExist();
        assertThat(snapshot(tmp)).as("no staging directory left beside it").isEmpty();
    }

    @Test
    void write_failsOnTheThirdFile_earlierRunIsLeftAsItWas(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("out");
        OutputDirectory.write(dir, FILES, false);
        Map<String, String> before = snapshot(tmp);

        assertThatThrownBy(() -> OutputDirectory.write(dir, NODES, false, failingAfter(2)))
                .isInstanceOf(OutputException.class);

        assertThat(snapshot(tmp)).isEqualTo(before);
        // and the next run is not refused
        OutputDirectory.write(dir, NODES, false);
        assertThat(Files.readString(dir.resolve("node-2/.env"))).isEqualTo("A=2\n");
        assertThat(dir.resolve("start.sh")).as("the earlier run's stale file").doesNotExist();
    }

    @Test
    void write_forcedOverAFileWhereANodeDirectoryGoes_undoesTheFilesMovedBeforeIt(@TempDir Path tmp)
            throws IOException {
        Path dir = tmp.resolve("out");
        OutputDirectory.write(dir, FILES, false);
        Files.writeString(dir.resolve("node-2"), "a foreign file where node-2/ goes");
        Map<String, String> before = snapshot(tmp);

        // node-1/ and its two files are moved in before node-2/docker-compose.yml fails on the real file system
        assertThatThrownBy(() -> OutputDirectory.write(dir, NODES, true))
                .isInstanceOf(OutputException.class)
                .hasMessageContaining("node-2");

        assertThat(snapshot(tmp)).isEqualTo(before);
    }

    @Test
    void write_overAnEarlierRun_replacesStaleAndManifestAndLeavesNoStaging(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("out");
        OutputDirectory.write(dir, NODES, false);
        OutputDirectory.Result result = OutputDirectory.write(dir, FILES, false);

        assertThat(result.removed())
                .containsExactlyInAnyOrder(
                        dir.resolve("node-1/docker-compose.yml"),
                        dir.resolve("node-1/.env"),
                        dir.resolve("node-2/docker-compose.yml"),
                        dir.resolve("node-2/.env"),
                        dir.resolve("README.md"));
        assertThat(snapshot(tmp).keySet())
                .containsExactlyInAnyOrder(
                        "out/",
                        "out/docker-compose.yml rw-r--r--",
                        "out/.env rw-------",
                        "out/start.sh rwxr-xr-x",
                        "out/" + OutputDirectory.MANIFEST + " rw-r--r--",
                        "out/node-1/", // emptied, as before: an empty node directory is not foreign
                        "out/node-2/");
        assertThat(OutputDirectory.readManifest(dir)).containsOnlyKeys("docker-compose.yml", ".env", "start.sh");
    }

    /** Every entry under {@code root}: a file's path and mode with its content, a directory's path. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (var walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
                String name = root.relativize(p).toString();
                if (Files.isDirectory(p)) {
                    all.put(name + "/", "");
                } else {
                    all.put(
                            name + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)),
                            Files.readString(p));
                }
            }
        }
        return all;
    }
}
