package dev.thinkrig.profiles.enginelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log readers on real start-up logs quoted from public issues (src/test/resources/enginelogs/README.md). */
class EngineLogReaderTest {

    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final double MIB = 1024.0 * 1024;

    static List<String> lines(String name) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/enginelogs", name));
    }

    private static EngineLog read(String name) throws IOException {
        return EngineLogReader.read(lines(name));
    }

    private static double gib(EngineLog log, LogTerm term) {
        return log.figure(term).orElseThrow().value() / GIB;
    }

    @Test
    void vllmV0_memoryProfilingLines_giveEveryTerm_andCudaBlocksAreTokens() throws IOException {
        // vllm issue #12529: "model weights take 3.34GiB; non_torch_memory takes 0.04GiB; PyTorch activation peak
        // memory takes 1.39GiB; the rest of the memory reserved for KV Cache is 2.20GiB", "# cuda blocks: 5148"
        EngineLog log = read("vllm-v0-qwen2-1.5b-8gb-memory-profiling.log");
        assertThat(log.engine()).isEqualTo(LogEngine.VLLM);
        assertThat(gib(log, LogTerm.WEIGHTS)).isCloseTo(3.3414, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(gib(log, LogTerm.NON_TORCH)).isCloseTo(0.04, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gib(log, LogTerm.ACTIVATION)).isCloseTo(1.39, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gib(log, LogTerm.KV_CACHE)).isCloseTo(2.20, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(log.figure(LogTerm.KV_CAPACITY_TOKENS).orElseThrow().value()).isEqualTo(5148L * 16);
        assertThat(log.setup().gpuMemoryUtilization().getAsDouble()).isEqualTo(0.90);
        assertThat(log.setup().gpuTotalBytes().getAsLong() / GIB)
                .isCloseTo(7.75, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(log.setup().contextTokens().getAsInt()).isEqualTo(2000); // "Maximum concurrency for 2000 tokens"
        assertThat(log.refusal()).isEmpty();
    }

    @Test
    void vllmV0_6_5MemoryProfilingResults_activationIsTheTorchPeakLessTheWeights() throws IOException {
        // vllm PR #10909: "peak_torch_memory=34.32GiB ... kv_cache_size=34.96GiB, gpu_memory_utilization=0.90."
        // (a regression guard: the full stop after 0.90 once failed the number parser)
        EngineLog log = read("vllm-v0-bamba-tp2-80gb-memory-profiling-results.log");
        assertThat(gib(log, LogTerm.WEIGHTS)).isCloseTo(18.4902, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(gib(log, LogTerm.ACTIVATION)).isCloseTo(34.32 - 18.4902, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(gib(log, LogTerm.NON_TORCH)).isCloseTo(1.96, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gib(log, LogTerm.KV_CACHE)).isCloseTo(34.96, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(log.figure(LogTerm.KV_CAPACITY_TOKENS).orElseThrow().value()).isEqualTo(189_945L * 16);
        assertThat(log.setup().gpuMemoryUtilization().getAsDouble()).isEqualTo(0.90);
    }

    @Test
    void vllmRefusal_isRecognised_andItsTokenCountIsTheCapacity() throws IOException {
        // vllm issue #13061: three lines only, a worker's weights and the ValueError
        EngineLog log = read("vllm-v0-r1-distill-qwen-14b-tp2-4090-kv-too-small.log");
        assertThat(log.engine()).isEqualTo(LogEngine.VLLM);
        assertThat(log.refusal()).get().asString().contains("larger than the maximum number of tokens");
        assertThat(log.figure(LogTerm.KV_CAPACITY_TOKENS).orElseThrow().value()).isEqualTo(81_536);
        assertThat(gib(log, LogTerm.WEIGHTS)).isCloseTo(13.9476, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void vllmV0_21_graphEstimateAndPerRankNote() throws IOException {
        EngineLog log = read("vllm-v0.21plus-tp4-3090-cudagraph-profiling.log");
        assertThat(gib(log, LogTerm.CUDA_GRAPHS)).isCloseTo(0.17, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gib(log, LogTerm.KV_CACHE)).isCloseTo(15.72, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(log.setup().gpuMemoryUtilization().getAsDouble()).isEqualTo(0.92);
        assertThat(log.notes()).anyMatch(n -> n.startsWith("per-rank figures"));
    }

    @Test
    void vllmV1_tokensAndGraphCapture() throws IOException {
        EngineLog tokens = read("vllm-v1-pre0.19-hybrid-cudagraph-estimate.log");
        assertThat(tokens.figure(LogTerm.KV_CAPACITY_TOKENS).orElseThrow().value())
                .isEqualTo(188_640);
        assertThat(gib(tokens, LogTerm.KV_CACHE)).isCloseTo(17.36, org.assertj.core.data.Offset.offset(1e-9));
        EngineLog capture = read("vllm-v1-0.7-llama31-8b-int8-graph-capture.log");
        assertThat(gib(capture, LogTerm.CUDA_GRAPHS)).isCloseTo(2.02, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(capture.setup().contextTokens().getAsInt()).isEqualTo(65_536);
    }

    @Test
    void ollamaOffloadEstimate_andTheRunnersMetadata() throws IOException {
        // ollama issue #11168: memory.required.full="26.7 GiB" memory.required.kv="2.0 GiB" memory.weights.total
        // ="18.1 GiB" memory.graph.full="916.1 MiB"
        EngineLog log = read("ollama-r1-distill-qwen-32b-4x16gb-offload.log");
        assertThat(log.engine()).isEqualTo(LogEngine.OLLAMA);
        assertThat(gib(log, LogTerm.TOTAL)).isCloseTo(26.7, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gib(log, LogTerm.KV_CACHE)).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gib(log, LogTerm.WEIGHTS)).isCloseTo(18.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(log.figure(LogTerm.COMPUTE_BUFFER).orElseThrow().value() / MIB)
                .isCloseTo(916.1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(log.setup().model()).contains("DeepSeek R1 Distill Qwen 32B");
        assertThat(log.notes()).anyMatch(n -> n.contains("estimate"));
    }

    @Test
    void ollamaNewEngineLines_sumTheDevices() throws IOException {
        EngineLog log = read("ollama-new-estimates-kv-cache-total-memory.log");
        assertThat(log.figure(LogTerm.KV_CACHE).orElseThrow().value() / MIB)
                .isCloseTo(936.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(gib(log, LogTerm.TOTAL)).isCloseTo(5.4, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void llamaCpp_buffersSumOverDevices() throws IOException {
        // llama.cpp PR #6122: CUDA0 5434.38 + CUDA1 13989.53 + CPU model buffers; KV self size 5120.00 MiB
        EngineLog log = read("llamacpp-2gpu-4070ti-3090ti-40layer-kv-compute.log");
        assertThat(log.engine()).isEqualTo(LogEngine.LLAMA_CPP);
        assertThat(log.figure(LogTerm.KV_CACHE).orElseThrow().value() / MIB)
                .isCloseTo(5120.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(log.figure(LogTerm.COMPUTE_BUFFER).orElseThrow().value() / MIB)
                .isCloseTo(672.01, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(log.figure(LogTerm.WEIGHTS).orElseThrow().detail())
                .contains("CUDA0")
                .contains("CUDA1");
        assertThat(log.setup().contextTokens().getAsInt()).isEqualTo(4096);
    }

    @Test
    void llamaCpp_r1Distill32b_modelBuffers() throws IOException {
        // llama.cpp issue #11861: "CUDA0 model buffer size = 18508.35 MiB", "CPU_Mapped model buffer size = 417.66 MiB"
        EngineLog log = read("llamacpp-r1-distill-qwen-32b-q4km-1gpu-16k-fa.log");
        assertThat(log.figure(LogTerm.WEIGHTS).orElseThrow().value() / MIB)
                .isCloseTo(18508.35 + 417.66, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(log.setup().flashAttention()).contains(true);
        assertThat(log.setup().kvCacheType()).contains("f16");
        assertThat(log.setup().parallel().getAsInt()).isEqualTo(1);
    }

    @Test
    void llamaCppOwnLog_repackedCopyIsANoteNotWeights_andTheContextParameters() throws IOException {
        // printed by the real llama.cpp v0.4.0 (node-llama-cpp 3.21.1) in cli's LlamaCppEngineIT
        EngineLog log = read("llamacpp-v0.4.0-cpu-gpt-oss-20b-4l-mxfp4-4x4096-fa-q8_0.log");
        assertThat(log.engine()).isEqualTo(LogEngine.LLAMA_CPP);
        assertThat(log.figure(LogTerm.WEIGHTS).orElseThrow().value() / MIB)
                .isCloseTo(2900.74, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(log.notes()).anyMatch(n -> n.startsWith("CPU_REPACK 1613.67 MiB is a repacked copy"));
        // the full-attention and the sliding-window caches
        assertThat(log.figure(LogTerm.KV_CACHE).orElseThrow().value() / MIB)
                .isCloseTo(34.00 + 6.38, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(log.figure(LogTerm.COMPUTE_BUFFER).orElseThrow().value() / MIB)
                .isCloseTo(415.36, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(log.figure(LogTerm.KV_CAPACITY_TOKENS).orElseThrow().value()).isEqualTo(16_384);
        var s = log.setup();
        assertThat(s.model()).contains("gpt-oss-20b");
        assertThat(s.quantization()).contains("MXFP4_MOE");
        assertThat(s.contextTokens().getAsInt()).isEqualTo(4096);
        assertThat(s.parallel().getAsInt()).isEqualTo(4);
        assertThat(s.flashAttention()).contains(true);
        assertThat(s.kvCacheType()).contains("q8_0");
        assertThat(s.kvUnified()).contains(false);
        assertThat(s.microBatch().getAsInt()).isEqualTo(513);
        assertThat(s.outputsMax().getAsInt()).isEqualTo(513);
    }

    @Test
    void llamaCppOwnLogs_everyFixtureGivesWeightsKvAndComputeBuffer() throws IOException {
        for (String f : List.of(
                "llamacpp-v0.4.0-cpu-r1-distill-qwen-1.5b-f16-4096-nofa.log",
                "llamacpp-v0.4.0-cpu-qwen3-30b-a3b-2l-f16-4x1024-fa-q4_0.log",
                "llamacpp-v0.4.0-cpu-phi-4-2l-f16-4096-fa.log")) {
            EngineLog log = read(f);
            assertThat(log.engine()).as(f).isEqualTo(LogEngine.LLAMA_CPP);
            for (LogTerm t : List.of(LogTerm.WEIGHTS, LogTerm.KV_CACHE, LogTerm.COMPUTE_BUFFER)) {
                assertThat(log.figure(t)).as(f + " " + t).isPresent();
            }
        }
        EngineLog noFlash = read("llamacpp-v0.4.0-cpu-r1-distill-qwen-1.5b-f16-4096-nofa.log");
        assertThat(noFlash.setup().flashAttention()).contains(false);
        assertThat(noFlash.figure(LogTerm.COMPUTE_BUFFER).orElseThrow().value() / MIB)
                .isCloseTo(305.75, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void dockerTimestampsJournaldAndComposePrefixes_areRemoved() throws IOException {
        List<String> real = lines("vllm-v0-qwen2-1.5b-8gb-memory-profiling.log");
        EngineLog plain = EngineLogReader.read(real);
        for (String prefix :
                List.of("2025-03-13T08:56:40.123456789Z ", "Mar 13 08:56:40 gpu-box vllm[4242]: ", "vllm-1  | ")) {
            EngineLog prefixed =
                    EngineLogReader.read(real.stream().map(l -> prefix + l).toList());
            assertThat(prefixed.figures()).as(prefix).isEqualTo(plain.figures());
        }
    }

    @Test
    void notALog_isAnErrorNamingTheExpectedLines() {
        assertThatThrownBy(() -> EngineLogReader.read(List.of("hello", "\u001b[2J world")))
                .isInstanceOf(EngineLogException.class)
                .hasMessageContaining("Available KV cache memory")
                .hasMessageContaining("model buffer size")
                .hasMessageContaining("2 lines read");
    }
}
