package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.profiles.ProfileException;
import dev.thinkrig.sizing.DataSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SupportBundleTest {

    /** A machine with two GPUs, seen through fake tools. */
    private static Probes fakeMachine(Map<String, String> env) {
        SystemFacts facts = new SystemFacts("Test CPU", 8, DataSize.ofGiB(64), DataSize.ofGiB(60), "Linux", List.of());
        return new Probes() {
            @Override
            public CommandRunner commands() {
                return (command, timeout) -> command.equals(NvidiaSmi.QUERY)
                        ? Optional.of(new CommandResult(
                                0,
                                List.of(
                                        "index, uuid, memory.total [MiB], memory.used [MiB], memory.free [MiB], "
                                                + "driver_version, compute_cap, name",
                                        "0, GPU-a, 24564, 500, 24064, 550.1, 8.9, NVIDIA GeForce RTX 4090",
                                        "1, GPU-b, 24564, 400, 24164, 550.1, 8.9, NVIDIA GeForce RTX 4090"),
                                ""))
                        : Optional.empty();
            }

            @Override
            public SystemFacts system() {
                return facts;
            }

            @Override
            public Optional<String> file(Path path) {
                return Optional.of("MemTotal: 67108864 kB\nMemAvailable: 62914560 kB\n");
            }

            @Override
            public Map<String, String> env() {
                return env;
            }
        };
    }

    @Test
    void recordThenReplay_seesTheSameMachine(@TempDir Path dir) {
        SupportBundle.Recording recording = new SupportBundle.Recording(fakeMachine(Map.of()));
        var live = MachineDetector.detect(recording, name -> Optional.empty());
        Path bundle = dir.resolve("rig");
        recording.write(bundle);

        var replayed = MachineDetector.detect(SupportBundle.replay(bundle), name -> Optional.empty());
        assertThat(replayed).isEqualTo(live);
        assertThat(replayed.accelerators()).hasSize(2);
    }

    @Test
    void replay_ofACommandTheRecordingDidNotRun_isNotInstalled(@TempDir Path dir) {
        SupportBundle.Recording recording = new SupportBundle.Recording(fakeMachine(Map.of()));
        MachineDetector.detect(recording, name -> Optional.empty());
        recording.write(dir.resolve("b"));
        assertThat(SupportBundle.replay(dir.resolve("b")).commands().run(List.of("rocm-smi"), Duration.ofSeconds(1)))
                .isEmpty();
    }

    @Test
    void liveProbes_passOnlyTheVariablesDetectionReads() {
        // regression: the first recording wrote the whole environment into bundle.json, secrets included
        Probes live = Probes.live(Map.of("CUDA_VISIBLE_DEVICES", "1", "HF_TOKEN", "hf_secret", "PATH", "/bin"));
        assertThat(live.env()).containsOnlyKeys("CUDA_VISIBLE_DEVICES");
    }

    @Test
    void write_refusesAnExistingDirectory_andLeavesNothingBehind(@TempDir Path dir) throws IOException {
        Path existing = Files.createDirectory(dir.resolve("taken"));
        SupportBundle.Recording recording = new SupportBundle.Recording(fakeMachine(Map.of()));
        // an output refusal (exit 9), not a detection failure (exit 6)
        assertThatThrownBy(() -> recording.write(existing)).isInstanceOf(BundleWriteException.class);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(existing);
        }
    }

    @Test
    void replay_rejectsFilesOutsideTheBundle(@TempDir Path dir) throws IOException {
        Path b = Files.createDirectory(dir.resolve("evil"));
        Files.writeString(
                b.resolve("bundle.json"),
                "{\"format\":1,\"env\":{},\"system\":{\"cpu\":\"x\",\"physicalCores\":1,\"memoryTotalBytes\":1024,"
                        + "\"memoryAvailableBytes\":1024,\"os\":\"Linux\",\"memoryModules\":[]},"
                        + "\"files\":{\"/proc/meminfo\":\"../../etc/passwd\"},\"commands\":[]}");
        assertThatThrownBy(() -> SupportBundle.replay(b).file(Path.of("/proc/meminfo")))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("names a file outside the support bundle");
    }

    @Test
    void replay_ofSomethingElse_saysWhat(@TempDir Path dir) throws IOException {
        Path b = Files.createDirectory(dir.resolve("notabundle"));
        Files.writeString(b.resolve("bundle.json"), "{\"hello\": 1}");
        // a malformed file (exit 5), not a detection failure (exit 6)
        assertThatThrownBy(() -> SupportBundle.replay(b))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("bundle.json");
    }

    @Test
    void replay_ofACorruptManifest_namesTheFileAndPosition(@TempDir Path dir) throws IOException {
        Path b = Files.createDirectory(dir.resolve("corrupt"));
        Files.writeString(b.resolve("bundle.json"), "{\"format\":1,\n\"system\": {\"cpu\": ");
        assertThatThrownBy(() -> SupportBundle.replay(b))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("bundle.json:2:")
                .hasMessageContaining("not a support bundle manifest");
    }

    @Test
    void replay_withoutItsSystemRecord_isMalformed_notABug(@TempDir Path dir) throws IOException {
        Path b = Files.createDirectory(dir.resolve("nosystem"));
        Files.writeString(b.resolve("bundle.json"), "{\"format\":1,\"env\":{},\"commands\":[]}");
        assertThatThrownBy(() -> SupportBundle.replay(b))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("\"system\" record is missing");
    }
}
