package dev.thinkrig.sizing.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NimProfilesTest {

    private static Hardware h100s(int count) {
        Accelerator h100 = new Accelerator(
                "NVIDIA H100 80GB HBM3",
                "sm_90",
                DataSize.ofMiB(81559),
                DataSize.ofMiB(81000),
                Optional.empty(),
                Optional.empty(),
                true,
                false,
                true,
                Optional.empty());
        return new Hardware(
                "h100",
                "H100",
                Platform.NVIDIA,
                Collections.nCopies(count, h100),
                new Host("cpu", 32, DataSize.ofGiB(512), DataSize.ofGiB(500), Optional.empty(), Optional.empty()),
                List.of());
    }

    private static NimProfile trtllm(String gpu, Quantization q, int tp, String optimization) {
        return new NimProfile(NimProfile.Backend.TENSORRT_LLM, Optional.of(gpu), q, tp, 1, Optional.of(optimization));
    }

    @Test
    void name_followsNvidiasPattern() {
        assertThat(NimProfile.generic(Quantization.BF16, 2, 1).name()).isEqualTo("vllm-bf16-tp2-pp1");
        assertThat(trtllm("h100", Quantization.FP8, 1, "throughput").name())
                .isEqualTo("tensorrt_llm-h100-fp8-tp1-pp1-throughput");
    }

    @Test
    void automatic_prefersAnOptimizedTensorRtLlmProfileForTheseGpus() {
        List<NimProfile> listed = List.of(
                NimProfile.generic(Quantization.FP8, 2, 1),
                trtllm("h100", Quantization.BF16, 1, "throughput"),
                trtllm("a100", Quantization.FP8, 1, "throughput"));
        assertThat(NimProfiles.automatic(listed, h100s(2), p -> true))
                .map(NimProfile::name)
                .contains("tensorrt_llm-h100-bf16-tp1-pp1-throughput");
    }

    @Test
    void automatic_thenLowerPrecisionThenLatencyThenHigherTensorParallel() {
        List<NimProfile> listed = List.of(
                trtllm("h100", Quantization.BF16, 2, "latency"),
                trtllm("h100", Quantization.FP8, 1, "throughput"),
                trtllm("h100", Quantization.FP8, 2, "latency"),
                trtllm("h100", Quantization.FP8, 1, "latency"));
        assertThat(NimProfiles.automatic(listed, h100s(2), p -> true))
                .map(NimProfile::name)
                .contains("tensorrt_llm-h100-fp8-tp2-pp1-latency");
    }

    @Test
    void automatic_dropsProfilesNeedingMoreGpusOrAnotherGpuOrMoreMemory() {
        List<NimProfile> listed = List.of(
                trtllm("h100", Quantization.FP8, 4, "latency"), // 4 GPUs on a 2-GPU machine
                trtllm("l40s", Quantization.FP8, 1, "throughput"), // another GPU model
                NimProfile.generic(Quantization.FP8, 1, 1), // does not fit (the predicate says)
                NimProfile.generic(Quantization.BF16, 2, 1));
        assertThat(NimProfiles.automatic(listed, h100s(2), p -> p.tensorParallel() == 2))
                .map(NimProfile::name)
                .contains("vllm-bf16-tp2-pp1");
        assertThat(NimProfiles.automatic(listed, h100s(2), p -> false)).isEmpty();
    }
}
