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

    @Test
    void acceleratorByName_findsPresetFigures() {
        assertThat(catalog.acceleratorByName("NVIDIA GeForce RTX 4090"))
                .hasValueSatisfying(a -> assertThat(a.architecture()).isEqualTo("sm_89"));
        assertThat(catalog.acceleratorByName("NVIDIA Imaginary 9000")).isEmpty();
    }
}
