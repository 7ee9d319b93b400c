package dev.thinkrig.profiles.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.profiles.ProfileException;
import dev.thinkrig.profiles.UnknownNameException;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HardwareCatalogTest {

    private final HardwareCatalog catalog = HardwareCatalog.load(Path.of("/nonexistent"));

    @Test
    void everyShippedPresetParses_andTheRequiredOnesAreThere() {
        assertThat(HardwareCatalog.shipped())
                .extracting(HardwarePreset::id)
                .containsAll(List.of(
                        "m3-ultra-96",
                        "m3-ultra-256",
                        "m3-ultra-512",
                        "m4-max-128",
                        "rtx-4090",
                        "rtx-5090",
                        "rtx-3090",
                        "dgx-spark",
                        "h100-80gb",
                        "h200",
                        "a100-80gb",
                        "strix-halo-128",
                        "cpu-only"));
        for (HardwarePreset p : HardwareCatalog.shipped()) {
            Hardware h = p.toHardware(p.id(), null);
            assertThat(h.usableMemory().bytes()).as(p.id()).isPositive();
        }
    }

    @Test
    void nTimesPreset_makesOneMachineWithNDevices() {
        Hardware h = catalog.resolve("2x-rtx-4090");
        assertThat(h.accelerators()).hasSize(2);
        assertThat(h.platform()).isEqualTo(Platform.NVIDIA);
        assertThat(h.usableMemory()).isEqualTo(DataSize.ofMiB(24564).times(2));
        assertThat(h.name()).isEqualTo("2 x NVIDIA GeForce RTX 4090");
    }

    @Test
    void unifiedMemoryPresets_cannotBeMultiplied() {
        assertThatThrownBy(() -> catalog.resolve("2x-dgx-spark"))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("unified-memory");
    }

    @Test
    void appleWorkingSet_isBelowRam_andTheWiredLimitAboveIt() {
        var gpu = catalog.resolve("m3-ultra-96").accelerators().get(0);
        assertThat(gpu.usableMemory()).isLessThan(gpu.memory());
        assertThat(gpu.wiredLimitMax())
                .hasValueSatisfying(max -> assertThat(max).isGreaterThan(gpu.usableMemory()));
    }

    @Test
    void unknownPreset_suggestsTheClosest() {
        assertThatThrownBy(() -> catalog.resolve("rtx-4080"))
                .isInstanceOf(UnknownNameException.class)
                .hasMessageContaining("rtx-4090");
    }

    @Test
    void userFile_worksLikeAPreset_andBadUnitsPointAtTheFile(@TempDir Path dir) throws IOException {
        Path rig = dir.resolve("my-rig.yaml");
        Files.writeString(rig, """
                id: my-rig
                name: My rig
                platform: nvidia
                count: 3
                accelerator:
                  name: NVIDIA GeForce RTX 3090
                  architecture: sm_86
                  memory: 24 GiB
                  usableMemory: 23 GiB
                  bandwidth: 936 GB/s
                  fp8: false
                  fp4: false
                  peerToPeer: false
                  source: my own nvidia-smi
                host:
                  memory: 128 GiB
                  cores: 24
                  source: my own free -g
                """);
        Hardware h = catalog.resolve(rig.toString());
        assertThat(h.accelerators()).hasSize(3);
        Files.writeString(dir.resolve("bad.yaml"), Files.readString(rig).replace("936 GB/s", "936 GB"));
        assertThatThrownBy(() -> catalog.resolve(dir.resolve("bad.yaml").toString()))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("bad.yaml:")
                .hasMessageContaining("unknown bandwidth unit");
    }

    private static final String RIG = """
            id: my-rig
            name: My rig
            platform: nvidia
            count: 3
            accelerator:
              name: NVIDIA GeForce RTX 3090
              architecture: sm_86
              memory: 24 GiB
              usableMemory: 23 GiB
              bandwidth: 936 GB/s
              fp8: false
              fp4: false
              peerToPeer: false
              source: my own nvidia-smi
            host:
              memory: 128 GiB
              cores: 24
              source: my own free -g
            """;

    /**
     * Every number in a user's hardware file is range-checked, at the key's line, with the range and the file's own key
     * (issue 13): before, {@code count: 100000000} built a hundred million device records (minutes, gigabytes) while
     * {@code 17x-rtx-4090} was refused; a bare {@code memory: 24564} was read as 24,564 bytes; a key given twice
     * silently kept the last; Jackson's {@code java.lang.Integer} and "out of range of int" reached the user.
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "count: 3|count: 100000000|4:1: count: a machine holds 1 to 16 devices, was 100000000",
                "count: 3|count: 0|4:1: count: a machine holds 1 to 16 devices, was 0",
                "count: 3|count: 100000000000|4:20: count: 100000000000 is too large a number",
                "count: 3|count: 2.5|4:8: count must be a whole number, was 2.5",
                "count: 3|count: many|4:8: count must be a whole number, was 'many'",
                "count: 3|count: 3\\ncount: 4|5:6: duplicate key 'count'",
                "  memory: 24 GiB|  memory: 24564|8:3: accelerator.memory: 24564 has no unit: write it with one, as in "
                        + "24564 MiB or 24 GiB",
                "  memory: 24 GiB|  memory: 99999999999 TiB|8:3: accelerator.memory must be at most 64 TiB, was "
                        + "99999999999 TiB",
                "  memory: 24 GiB|  memory: 65 TiB|8:3: accelerator.memory must be at most 64 TiB, was 65 TiB",
                "  usableMemory: 23 GiB|  usableMemory: 23|9:3: accelerator.usableMemory: 23 has no unit: write it "
                        + "with one, as in 24564 MiB or 24 GiB",
                "  bandwidth: 936 GB/s|  bandwidth: 0 GB/s|10:3: accelerator.bandwidth: a bandwidth must be positive: "
                        + "0.0",
                "  bandwidth: 936 GB/s|  bandwidth: 101 TB/s|10:3: accelerator.bandwidth must be more than 0 and at "
                        + "most 100 TB/s, was 101 TB/s",
                "  fp8: false|  fp8: maybe|11:8: accelerator.fp8 must be true or false, was 'maybe'",
                "  fp8: false|  fp8: false\\n  fp8: true|12:6: duplicate key 'fp8'",
                "  memory: 128 GiB|  memory: 128|16:3: host.memory: 128 has no unit: write it with one, as in 24564 "
                        + "MiB or 24 GiB",
                "  memory: 128 GiB|  memory: 0 GiB|16:3: host.memory must be more than 0 bytes, was 0 GiB",
                "  cores: 24|  cores: 0|17:3: host.cores must be a whole number from 1 to 4,096, was 0",
                "  cores: 24|  cores: 100000|17:3: host.cores must be a whole number from 1 to 4,096, was 100000",
                "  cores: 24|  cores: [1, 2]|17:10: host.cores must be a whole number",
                "  source: my own free -g|  source: my own free -g\\n  compute: 200000 TFLOPS|19:3: host.compute must be"
                        + " more than 0 and at most 100,000 TFLOPS, was 200000 TFLOPS",
            })
    void userFile_outOfRange_isAnErrorAtTheKeyWithTheRange(String from, String to, String message, @TempDir Path dir)
            throws IOException {
        Path rig = dir.resolve("my-rig.yaml");
        Files.writeString(rig, RIG.replace(from, to.replace("\\n", "\n")));

        assertThatThrownBy(() -> catalog.resolve(rig.toString()))
                .isInstanceOf(ProfileException.class)
                .hasMessage(rig + ":" + message);
    }

    @Test
    void userFile_sixteenDevicesAndTheLargestSizes_areRead(@TempDir Path dir) throws IOException {
        Path rig = dir.resolve("my-rig.yaml");
        Files.writeString(
                rig,
                RIG.replace("count: 3", "count: 16")
                        .replace("  memory: 24 GiB", "  memory: 64 TiB")
                        .replace("  bandwidth: 936 GB/s", "  bandwidth: 100 TB/s"));
        Hardware h = catalog.resolve(rig.toString());
        assertThat(h.accelerators()).hasSize(16);
        assertThat(h.accelerators().get(0).memory()).isEqualTo(DataSize.ofGiB(64 * 1024));
    }

    @Test
    void acceleratorByName_findsPresetFigures() {
        assertThat(catalog.acceleratorByName("NVIDIA GeForce RTX 4090"))
                .hasValueSatisfying(a -> assertThat(a.architecture()).isEqualTo("sm_89"));
        assertThat(catalog.acceleratorByName("NVIDIA Imaginary 9000")).isEmpty();
    }
}
