package dev.thinkrig.templates.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
}
