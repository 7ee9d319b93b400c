package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DetectCommandTest {

    private static String bundle(String name) throws URISyntaxException {
        return Path.of(DetectCommandTest.class.getResource("/bundles/" + name).toURI())
                .toString();
    }

    @Test
    void replay_dgxSpark_isUnifiedMemoryPlannedOnMemAvailable() throws Exception {
        Cli cli = Cli.run("detect", "--replay", bundle("dgx-spark"));
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("recorded machine dgx-spark (NVIDIA GB10")
                .contains("platform   nvidia-unified")
                .contains("113.07 GiB usable"); // MemAvailable 118,566,368 KiB
    }

    @Test
    void replay_twoRtx4090s_usesFreeMemoryAndPresetBandwidth() throws Exception {
        Cli cli = Cli.run("detect", "--replay", bundle("2x-rtx-4090"), "--format", "json");
        assertThat(cli.exitCode).as(cli.err).isZero();
        var json = new ObjectMapper().readTree(cli.out);
        assertThat(json.path("hardware").path("devices")).hasSize(2);
        assertThat(json.path("hardware")
                        .path("devices")
                        .get(0)
                        .path("usableBytes")
                        .asLong())
                .isEqualTo(24057L * 1024 * 1024);
    }

    @Test
    void replay_withoutQ_namesTheDriverButNoCudaVersion() throws Exception {
        Cli cli = Cli.run("detect", "--replay", bundle("2x-rtx-4090"), "--format", "json");
        var json = new ObjectMapper().readTree(cli.out);
        assertThat(json.path("nvidiaDriver").path("version").asText()).isEqualTo("550.163.01");
        assertThat(json.path("nvidiaDriver").path("cudaVersion").isNull()).isTrue();
        Cli table = Cli.run("detect", "--replay", bundle("2x-rtx-4090"));
        assertThat(table.out).contains("driver     NVIDIA 550.163.01, CUDA unknown (nvidia-smi -q gave none)");
    }

    @Test
    void replay_a100WithMig_isPlannedOnItsLargestInstance_andShowsCuda() throws Exception {
        Cli cli = Cli.run("detect", "--replay", bundle("a100-80gb-mig"), "--format", "json");
        assertThat(cli.exitCode).as(cli.err).isZero();
        var json = new ObjectMapper().readTree(cli.out);
        assertThat(json.path("nvidiaDriver").path("version").asText()).isEqualTo("580.95.05");
        assertThat(json.path("nvidiaDriver").path("cudaVersion").asText()).isEqualTo("13.0");
        var device = json.path("hardware").path("devices").get(0);
        assertThat(json.path("hardware").path("devices")).hasSize(1);
        assertThat(device.path("name").asText()).isEqualTo("NVIDIA A100 80GB PCIe MIG 3g.40gb");
        assertThat(device.path("memoryBytes").asLong()).isEqualTo(40_000_000_000L);
        assertThat(json.path("usableBytes").asLong()).isEqualTo(40_000_000_000L);

        Cli table = Cli.run("detect", "--replay", bundle("a100-80gb-mig"));
        assertThat(table.out)
                .contains("recorded machine a100-80gb-mig (NVIDIA A100 80GB PCIe MIG 3g.40gb)")
                .contains("driver     NVIDIA 580.95.05, CUDA 13.0")
                .contains("MIG enabled (nvidia-smi -q), partitioned into GPU 0 3g.40gb, GPU 0 2g.20gb, GPU 0 1g.10gb")
                .contains("CUDA_VISIBLE_DEVICES=MIG-40ed9496-24f9-5b8b-95ca-648bfea46a9c");
    }

    @Test
    void planHardwareBundle_plansForTheRecordedMachine() throws URISyntaxException, IOException {
        Cli cli = Cli.run(
                "plan", "deepseek-r1-distill-qwen-32b", "--hardware", bundle("2x-rtx-4090"), "--format", "json");
        assertThat(cli.exitCode).as(cli.err).isZero();
        var json = new ObjectMapper().readTree(cli.out);
        assertThat(json.path("hardware").path("id").asText()).isEqualTo("2x-rtx-4090");
        assertThat(json.path("fits").asBoolean()).isTrue();
    }

    @Test
    void replay_eightH100s_joinedByNvLink() throws Exception {
        Cli cli = Cli.run("detect", "--replay", bundle("8x-h100-sxm"));
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out).contains("8 x NVIDIA H100 80GB HBM3").contains("joined by NVLink");
        Cli plan = Cli.run("plan", "deepseek-r1-distill-llama-70b", "--hardware", bundle("8x-h100-sxm"));
        assertThat(plan.exitCode).as(plan.err).isZero();
    }

    @Test
    void replay_rx7900xt_isAnAmdGpuPlannedOnFreeVram() throws Exception {
        Cli cli = Cli.run("detect", "--replay", bundle("rx-7900-xt"));
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out).contains("Radeon RX 7900 XT").contains("platform   amd");
    }

    @Test
    void replay_m3Ultra96_isPlannedOnItsWorkingSet() throws Exception {
        Cli cli = Cli.run("detect", "--replay", bundle("m3-ultra-96"));
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("platform   apple")
                .contains("77.76 GiB usable")
                .contains("wired limit can be raised to 88.00 GiB");
    }

    @Test
    void replay_cpuOnlyRecording_isTheRecordedVm() throws URISyntaxException {
        Cli cli = Cli.run("detect", "--replay", bundle("cpu-only-dev-vm"));
        assertThat(cli.exitCode).isZero();
        assertThat(cli.out).contains("CPU only").contains("nvidia-smi is not installed");
    }

    @Test
    void record_writesABundleThatReplays(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path out = dir.resolve("here");
        Cli recorded = Cli.run("detect", "--record", out.toString());
        assertThat(recorded.exitCode).as(recorded.err).isZero();
        Cli replayed = Cli.run("detect", "--replay", out.toString());
        assertThat(replayed.exitCode).isZero();
        assertThat(replayed.out).contains("recorded machine here");
    }
}
