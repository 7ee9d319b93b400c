package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-log} and the calibration store on real start-up logs (profiles/src/test/resources/enginelogs, sources
 * in its README).
 */
class CheckLogCommandTest {

    private static final String LOGS = "../profiles/src/test/resources/enginelogs/";

    @TempDir
    Path data;

    private Cli run(String... args) {
        return Cli.run(Map.of("XDG_DATA_HOME", data.toString()), false, args);
    }

    private static JsonNode json(Cli cli) {
        assertThat(cli.exitCode).as(cli.err).isZero();
        try {
            return new ObjectMapper().readTree(cli.out);
        } catch (IOException e) {
            throw new AssertionError(cli.out, e);
        }
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private static JsonNode term(JsonNode report, String name) {
        for (JsonNode t : report.path("terms")) {
            if (t.path("name").asText().equals(name)) {
                return t;
            }
        }
        throw new AssertionError("no term " + name + " in " + report);
    }

    @Test
    void llamaCppOwnLog_plannedFromTheGgufItLoaded_matchesItsBuffers(@TempDir Path files) throws IOException {
        // the real llama.cpp v0.4.0 loaded this very shape (LlamaCppEngineIT); the file is rewritten here, sparse
        Path gguf = ShapeTrueGguf.write(
                "gpt-oss-20b",
                LlamaCppEngineIT.shape("gpt-oss-20b", 4),
                dev.thinkrig.sizing.quant.Quantization.MXFP4,
                files.resolve("gpt-oss-20b-mxfp4-4l.gguf"));
        JsonNode report = json(run(
                "check-log",
                LOGS + "llamacpp-v0.4.0-cpu-gpt-oss-20b-4l-mxfp4-4x4096-fa-q8_0.log",
                "--model",
                gguf.toString(),
                "--hardware",
                "cpu-only",
                "--format",
                "json"));

        assertThat(report.path("model").asText()).isEqualTo("gpt-oss-20b-mxfp4-4l.gguf");
        // CPU_Mapped to the byte of the tensor sum; the CPU_REPACK copy is a note, not weights
        assertThat(term(report, "weights").path("error").asDouble()).isCloseTo(0, within(0.0001));
        assertThat(report.path("notes").toString()).contains("CPU_REPACK 1613.67 MiB is a repacked copy");
        // 4 streams x (4,096 full + 768 sliding cells) x 2 layers each at q8_0: 40.375 MiB, printed 34.00 + 6.38
        assertThat(term(report, "kvCache").path("planned").asLong()).isEqualTo(42_336_256L);
        assertThat(term(report, "kvCapacityTokens").path("planned").asLong()).isEqualTo(16_384);
        assertThat(Math.abs(term(report, "computeBuffer").path("error").asDouble()))
                .isLessThan(0.03);
    }

    @Test
    void llamaCpp_r1Distill32bQ4KM_weightsMatchTheLoggedBuffersWithinHalfAPercent() throws IOException {
        // llama.cpp issue #11861: CUDA0 18508.35 MiB + CPU_Mapped 417.66 MiB, n_ctx 16384
        Cli cli = run(
                "check-log",
                LOGS + "llamacpp-r1-distill-qwen-32b-q4km-1gpu-16k-fa.log",
                "--model",
                "deepseek-r1-distill-qwen-32b",
                "--quant",
                "Q4_K_M",
                "--hardware",
                "rtx-4090",
                "--format",
                "json");
        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode r = new ObjectMapper().readTree(cli.out);
        assertThat(r.path("engine").asText()).isEqualTo("llama.cpp");
        JsonNode weights = term(r, "weights");
        assertThat(weights.path("logged").asLong()).isEqualTo(Math.round((18508.35 + 417.66) * 1024 * 1024));
        assertThat(Math.abs(weights.path("error").asDouble())).isLessThan(0.005);
        assertThat(term(r, "kvCapacityTokens").path("planned").asLong()).isEqualTo(16384);
        assertThat(term(r, "kvCache").path("logged").isNull()).isTrue();
    }

    @Test
    void vllmRefusal_thePlanAgreesItDoesNotStart() throws IOException {
        // vllm issue #13061: R1-Distill-Qwen-14B, TP=2 on 2x RTX 4090, utilization 0.98, max_model_len 131072
        Cli cli = run(
                "check-log",
                LOGS + "vllm-v0-r1-distill-qwen-14b-tp2-4090-kv-too-small.log",
                "--model",
                "deepseek-r1-distill-qwen-14b",
                "--hardware",
                "2x-rtx-4090",
                "--tensor-parallel",
                "2",
                "--gpu-memory-utilization",
                "0.98",
                "--context",
                "131072",
                "--engine-version",
                "0.7.2",
                "--format",
                "json");
        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode r = new ObjectMapper().readTree(cli.out);
        assertThat(r.path("refused").asBoolean()).isTrue();
        assertThat(r.path("plannedFits").asBoolean()).isFalse();
        JsonNode tokens = term(r, "kvCapacityTokens");
        assertThat(tokens.path("logged").asLong()).isEqualTo(81_536);
        assertThat(Math.abs(tokens.path("error").asDouble())).isLessThan(0.10);
        assertThat(Math.abs(term(r, "weights").path("error").asDouble())).isLessThan(0.05);
    }

    @Test
    void unknownModel_printsTheLoggedFiguresAndSaysSo() {
        Cli cli = run("check-log", LOGS + "vllm-v1-pre0.19-hybrid-cudagraph-estimate.log");
        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("188,640 tok")
                .contains("17.36 GiB")
                .contains("not in thinkrig's catalog")
                .contains("--model names it");
    }

    @Test
    void notALog_exit19_namingTheExpectedLines() throws IOException {
        Path junk = data.resolve("junk.txt");
        Files.writeString(junk, "hello\nworld\n");
        Cli cli = run("check-log", junk.toString());
        assertThat(cli.exitCode).isEqualTo(ExitCode.UNREADABLE_LOG.code);
        assertThat(cli.err).contains("not a start-up log").contains("Available KV cache memory");
        assertThat(run("check-log", data.resolve("missing.log").toString()).exitCode)
                .isEqualTo(ExitCode.USAGE.code);
        Cli directory = run("check-log", data.toString());
        assertThat(directory.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(directory.err).contains("cannot read");
    }

    @Test
    void save_thenPlanOnTheSameGpus_appliesAndNamesTheCalibration() {
        // vllm issue #12529's V0 log (a Qwen2 1.5B: R1-Distill-Qwen-1.5B's shape): weights, activation, non-torch
        Cli saved = run(
                "check-log",
                LOGS + "vllm-v0-qwen2-1.5b-8gb-memory-profiling.log",
                "--model",
                "deepseek-r1-distill-qwen-1.5b",
                "--hardware",
                "rtx-3090",
                "--engine-version",
                "0.7.3",
                "--save");
        assertThat(saved.exitCode).as(saved.err).isZero();
        assertThat(saved.out).contains("saved as the calibration of 1 x NVIDIA GeForce RTX 3090");
        assertThat(Files.exists(data.resolve("thinkrig/calibration.json"))).isTrue();

        String[] plan = {
            "plan",
            "deepseek-r1-distill-qwen-1.5b",
            "--engine",
            "vllm",
            "--hardware",
            "rtx-3090",
            "--engine-version",
            "0.7.3",
            "--quant",
            "BF16"
        };
        Cli calibrated = run(plan);
        // the log's "non_torch_memory takes 0.04GiB" against the 0.25 GiB thinkrig plans for V0 from v0.7
        assertThat(calibrated.out)
                .contains("calibrated  from your vllm 0.7.3 log of")
                .contains("nonTorch -0.21 GiB");
        // and the plan's arithmetic changed: non-torch memory is now the logged 0.04 GiB
        JsonNode withCalibration = json(run(append(plan, "--format", "json")));
        JsonNode without = json(Cli.run(append(plan, "--format", "json")));
        assertThat(withCalibration.at("/engine/budget/nonTorchBytes").asLong())
                .isEqualTo(Math.round(0.04 * 1024 * 1024 * 1024));
        assertThat(without.at("/engine/budget/nonTorchBytes").asLong()).isEqualTo(256L * 1024 * 1024);
        assertThat(withCalibration.at("/engine/calibration").asText()).startsWith("from your vllm 0.7.3 log");
        assertThat(without.at("/engine/calibration").isNull()).isTrue();
        // another release line is not calibrated by a 0.7 log; nor is another machine
        assertThat(run(
                                "plan",
                                "deepseek-r1-distill-qwen-1.5b",
                                "--engine",
                                "vllm",
                                "--hardware",
                                "rtx-3090",
                                "--engine-version",
                                "0.11.0")
                        .out)
                .doesNotContain("calibrated");
        assertThat(run(
                                "plan",
                                "deepseek-r1-distill-qwen-1.5b",
                                "--engine",
                                "vllm",
                                "--hardware",
                                "rtx-4090",
                                "--engine-version",
                                "0.7.3")
                        .out)
                .doesNotContain("calibrated");

        Cli listed = run("calibration");
        assertThat(listed.out).contains("vllm 0.7.3, deepseek-r1-distill-qwen-1.5b");
        assertThat(run("calibration", "--clear", "--engine", "ollama").out).contains("removed 0 ollama entries");
        assertThat(run("calibration").out).contains("vllm 0.7.3");
        assertThat(run("calibration", "--clear").out).contains("removed " + data.resolve("thinkrig/calibration.json"));
        assertThat(run(plan).out).doesNotContain("calibrated");
    }

    @Test
    void ollamaCalibration_scalesTheComputeBufferOfLaterOllamaPlans(@TempDir Path files) throws IOException {
        // what deploy reads back from the stand-in engine: Ollama's banner, then the llama.cpp lines its runner prints
        // when the first request loads the model (131,072 tokens, Ollama's default on a 64 GiB machine)
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("Listening on [::]:11434 (version 0.32.0-standin)");
        try (var standIn = new dev.thinkrig.deploy.StandInEngine(Map.of("OLLAMA_CONTEXT_LENGTH", "131072"))) {
            lines.addAll(standIn.modelLoadLog());
        }
        Path log = Files.write(files.resolve("ollama.log"), lines);
        Cli saved = run(
                "check-log",
                log.toString(),
                "--model",
                "deepseek-r1-distill-qwen-1.5b",
                "--hardware",
                "cpu-only",
                "--save");
        assertThat(saved.exitCode).as(saved.err).isZero();
        assertThat(saved.out).contains("saved as the calibration of CPU only").contains("for ollama 0.32.0-standin");

        String[] plan = {
            "plan",
            "deepseek-r1-distill-qwen-1.5b",
            "--engine",
            "ollama",
            "--hardware",
            "cpu-only",
            "--quant",
            "Q8_0",
            "--format",
            "json"
        };
        JsonNode calibrated = json(run(plan));
        JsonNode plain = json(Cli.run(plan));
        // the compute buffer scales by logged / planned, so the same setup now plans the logged 302.75 MiB (the
        // stand-in's line); the weights stay the file's bytes (the pinned 0.32.4 is the log's 0.32 release line)
        assertThat(calibrated.at("/engine/calibration").asText()).startsWith("from your ollama 0.32.0-standin log");
        assertThat(plain.at("/memory/computeBytes").asLong()).isNotEqualTo(Math.round(302.75 * 1024 * 1024));
        assertThat(calibrated.at("/memory/computeBytes").asDouble()).isCloseTo(302.75 * 1024 * 1024, within(1024.0));
        assertThat(calibrated.at("/memory/weightsBytes")).isEqualTo(plain.at("/memory/weightsBytes"));
    }

    @Test
    void corruptOrForeignStore_isAClearError_neverApplied_andClearRemovesIt() throws IOException {
        Path store = data.resolve("thinkrig/calibration.json");
        Files.createDirectories(store.getParent());
        for (String contents : new String[] {
            "{not json",
            "{\"format\":\"other\",\"version\":1,\"entries\":[]}",
            "{\"format\":\"thinkrig-calibration\",\"version\":1,\"entries\":[{\"machine\":\"x\"}]}"
        }) {
            Files.writeString(store, contents);
            Cli cli = run("plan", "deepseek-r1-distill-qwen-1.5b", "--engine", "vllm", "--hardware", "rtx-3090");
            assertThat(cli.exitCode).as(contents).isEqualTo(ExitCode.BAD_PROFILE.code);
            assertThat(cli.err).contains(store.toString()).contains("calibration --clear");
        }
        assertThat(run("calibration", "--clear").exitCode).isZero();
        assertThat(Files.exists(store)).isFalse();
    }

    @Test
    void outlier_isShownNotApplied() throws IOException {
        Path store = data.resolve("thinkrig/calibration.json");
        Files.createDirectories(store.getParent());
        // an activation three times the plan's: more likely another setup than vLLM's arithmetic
        Files.writeString(store, """
                {"format": "thinkrig-calibration", "version": 1, "entries": [{
                  "machine": "1 x NVIDIA GeForce RTX 3090 (24.00 GiB)", "engine": "vllm", "engineVersion": "0.7.3",
                  "model": "deepseek-r1-distill-qwen-1.5b", "recorded": "2026-12-01T10:00:00Z", "source": "test",
                  "terms": {"activation": {"logged": 3000000000, "planned": 1000000000}}}]}
                """);
        Cli cli = run(
                "plan",
                "deepseek-r1-distill-qwen-1.5b",
                "--engine",
                "vllm",
                "--hardware",
                "rtx-3090",
                "--engine-version",
                "0.7.3",
                "--format",
                "json");
        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode r = new ObjectMapper().readTree(cli.out);
        assertThat(cli.out).contains("calibration outlier not applied").contains("activation x3.00");
        JsonNode uncalibrated = new ObjectMapper()
                .readTree(Cli.run(
                                "plan",
                                "deepseek-r1-distill-qwen-1.5b",
                                "--engine",
                                "vllm",
                                "--hardware",
                                "rtx-3090",
                                "--engine-version",
                                "0.7.3",
                                "--format",
                                "json")
                        .out);
        assertThat(r.path("engine").path("budget").path("activationBytes"))
                .isEqualTo(uncalibrated.path("engine").path("budget").path("activationBytes"));
    }
}
