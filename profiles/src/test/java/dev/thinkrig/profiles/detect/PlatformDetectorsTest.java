package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.profiles.hardware.HardwareCatalog;
import dev.thinkrig.sizing.Bandwidth;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformDetectorsTest {

    private static final HardwareCatalog PRESETS = HardwareCatalog.load(Path.of("/nonexistent"));

    private static String fixture(String path) throws IOException {
        try (InputStream in = PlatformDetectorsTest.class.getResourceAsStream("/fixtures/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static SystemFacts facts(String os, long gib) {
        return new SystemFacts("test CPU", 12, DataSize.ofGiB(gib), DataSize.ofGiB(gib - 8), os, List.of());
    }

    @Test
    void systemProfilerJson_withTheZshMark_readsTheChip() throws IOException {
        AppleSilicon.Chip chip = AppleSilicon.parseHardware(
                fixture("macos/sphardware-json-macbook-pro-m2-japanese-blog-with-zsh-eol-mark.txt"));
        assertThat(chip.name()).isEqualTo("Apple M2");
        assertThat(chip.memory()).isEqualTo("16 GB");
    }

    @Test
    void sysctlLines_readTheWiredLimit() throws IOException {
        Map<String, String> values =
                AppleSilicon.parseSysctl(fixture("macos/sysctl-iogpu-wired-limit-118000-german-guide.txt")
                        .lines()
                        .toList());
        assertThat(values).containsEntry("iogpu.wired_limit_mb", "118000");
    }

    @Test
    void m3Ultra96_defaultWorkingSet_isTheMeasuredOne_withRoomToRaise() {
        Hardware h = AppleSilicon.build(
                facts("macOS 15.4", 96),
                new AppleSilicon.Chip("Apple M3 Ultra", "96 GB"),
                Map.of("hw.memsize", "103079215104", "iogpu.wired_limit_mb", "0"),
                PRESETS::acceleratorByName);
        assertThat(h.platform()).isEqualTo(Platform.APPLE);
        var gpu = h.accelerators().get(0);
        assertThat(gpu.usableMemory().bytes()).isEqualTo(83_494_174_720L); // recommendedMaxWorkingSetSize, M3 Ultra 96
        assertThat(gpu.wiredLimitMax()).contains(DataSize.ofGiB(88));
        assertThat(gpu.bandwidth()).contains(Bandwidth.ofGBps(819)); // from the M3 Ultra presets
    }

    @Test
    void raisedWiredLimit_replacesTheDefault() {
        Hardware h = AppleSilicon.build(
                facts("macOS 15.4", 128),
                new AppleSilicon.Chip("Apple M4 Max", "128 GB"),
                Map.of("hw.memsize", "137438953472", "iogpu.wired_limit_mb", "118000"),
                PRESETS::acceleratorByName);
        assertThat(h.accelerators().get(0).usableMemory()).isEqualTo(DataSize.ofMiB(118000));
    }

    @Test
    void unmeasuredRamSize_usesTheFit_andSaysSo() {
        List<String> notes = new ArrayList<>();
        DataSize ws = AppleSilicon.defaultWorkingSet(DataSize.ofGiB(192), notes);
        // 0.78 + 0.03 x log2(6) = 0.8575 of 192 GiB
        assertThat(ws.gib())
                .isCloseTo(
                        192 * (0.78 + 0.03 * Math.log(6) / Math.log(2)), org.assertj.core.api.Assertions.within(0.01));
        assertThat(notes).singleElement().asString().contains("estimated");
    }

    @Test
    void rocmSmi_rx7900xt_isDiscrete_plannedOnFreeVram() throws IOException {
        List<RocmSmi.AmdGpu> gpus =
                RocmSmi.parse(fixture("rocm-smi/rx7900xt-productname-use-meminfo-vram-json-marimo-issue9237.txt"));
        assertThat(gpus).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("Radeon RX 7900 XT");
            assertThat(g.gfx()).isEqualTo("gfx1100");
            assertThat(g.apu()).isFalse();
        });
        Hardware h = RocmSmi.build(
                facts("Linux", 64), gpus, Optional.empty(), PRESETS::acceleratorByName, new ArrayList<>());
        assertThat(h.platform()).isEqualTo(Platform.AMD);
        // 21,458,059,264 B total less 27,856,896 B used
        assertThat(h.accelerators().get(0).usableMemory().bytes()).isEqualTo(21_458_059_264L - 27_856_896L);
    }

    @Test
    void rocmSmi_apu_isUnified_plannedOnHalfTheRam() {
        List<RocmSmi.AmdGpu> gpus = RocmSmi.parse("{\"card0\":{\"Card Series\":\"AMD Radeon Graphics\","
                + "\"VRAM Total Memory (B)\":\"536870912\",\"VRAM Total Used Memory (B)\":\"100000000\","
                + "\"GFX Version\":\"gfx1151\"}}");
        Hardware h = RocmSmi.build(
                facts("Linux", 128), gpus, Optional.empty(), PRESETS::acceleratorByName, new ArrayList<>());
        assertThat(h.platform()).isEqualTo(Platform.AMD_UNIFIED);
        assertThat(h.accelerators().get(0).usableMemory()).isEqualTo(DataSize.ofGiB(64));
    }

    @Test
    void rocmSmi_truncatedRecording_isAClearError() throws IOException {
        assertThatThrownBy(() -> RocmSmi.parse(
                        fixture("rocm-smi/radeon-780m-phoenix3-json-systeminformation-pr960-PARTIAL.txt")))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("rocm-smi");
    }
}
