package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.thinkrig.profiles.gguf.GgufModelReaderTest;
import dev.thinkrig.profiles.gguf.GgufWriter;
import dev.thinkrig.profiles.safetensors.SafetensorsModelReaderTest;
import dev.thinkrig.profiles.store.StoreWriter;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compose} and {@code deploy} take every model reference {@code plan} takes (issue 13: {@code compose
 * ./model.gguf} said "unknown model"), and the files say how the local weights get into the engine.
 */
class ComposeModelFileTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final ModelShape QWEN_1_5B = GgufModelReaderTest.catalogShape("deepseek-r1-distill-qwen-1.5b");

    private static final ModelShape QWEN_7B = GgufModelReaderTest.catalogShape("deepseek-r1-distill-qwen-7b");

    private static Path gguf(Path dir) throws IOException {
        Files.createDirectories(dir);
        return GgufWriter.model(QWEN_1_5B, Quantization.Q8_0, 7, (int) QWEN_1_5B.vocabSize())
                .string("general.basename", "DeepSeek-R1-Distill-Qwen")
                .string("general.size_label", "1.5B")
                .write(dir.resolve("DeepSeek-R1-Distill-Qwen-1.5B-Q8_0.gguf"));
    }

    private static Path checkpoint(Path tmp) throws IOException {
        String config = SafetensorsModelReaderTest.config(QWEN_7B, "Qwen2ForCausalLM", "")
                .replace("org/Tiny-Model", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B");
        return SafetensorsModelReaderTest.checkpoint(
                tmp.resolve("r1-7b"), config, SafetensorsModelReaderTest.bf16Tensors(QWEN_7B), 2);
    }

    private static Cli compose(Path out, String... args) {
        List<String> argv = new ArrayList<>(List.of("compose"));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--out", out.toString()));
        return Cli.run(argv.toArray(String[]::new));
    }

    @Test
    void compose_ggufFile_importsItWithOllamaCreateFromAReadOnlyMount(@TempDir Path tmp) throws IOException {
        Path file = gguf(tmp.resolve("models"));
        Path out = tmp.resolve("out");

        Cli cli = compose(out, file.toString(), "--hardware", "h100-80gb");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out).contains("Wrote " + out + ": docker-compose.yml, .env, Modelfile, README.md");
        assertThat(Files.readString(out.resolve("Modelfile")))
                .startsWith("# ")
                .endsWith("\nFROM /models/DeepSeek-R1-Distill-Qwen-1.5B-Q8_0.gguf\n");
        JsonNode services =
                YAML.readTree(out.resolve("docker-compose.yml").toFile()).path("services");
        String mount = file.getParent() + ":/models:ro";
        assertThat(services.path("ollama").path("volumes").toString()).contains(mount);
        assertThat(services.has("ollama-pull")).as("nothing to pull").isFalse();
        JsonNode create = services.path("ollama-create");
        assertThat(texts(create.path("command")))
                .containsExactly("create", "deepseek-r1-distill-qwen-1.5b-q8_0", "-f", "/thinkrig/Modelfile");
        assertThat(texts(create.path("volumes"))).containsExactly(mount, "./Modelfile:/thinkrig/Modelfile:ro");
        assertThat(create.path("depends_on").path("ollama").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(ComposeGoldenTest.composeSpec()
                        .validate(
                                YAML.readTree(out.resolve("docker-compose.yml").toFile())))
                .isEmpty();
        String readme = Files.readString(out.resolve("README.md"));
        assertThat(readme)
                .contains("ollama create deepseek-r1-distill-qwen-1.5b-q8\\_0 -f Modelfile")
                .contains("docker compose logs -f ollama-create")
                .contains("\"model\": \"deepseek-r1-distill-qwen-1.5b-q8_0\"");
    }

    @Test
    void compose_checkpointDirectory_servesTheMountedPathWithVllm(@TempDir Path tmp) throws IOException {
        Path dir = checkpoint(tmp);
        Path out = tmp.resolve("out");

        Cli cli = compose(out, dir.toString(), "--hardware", "h100-80gb");

        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode vllm = YAML.readTree(out.resolve("docker-compose.yml").toFile())
                .path("services")
                .path("vllm");
        assertThat(texts(vllm.path("volumes"))).contains(dir + ":/models/r1-7b:ro");
        assertThat(texts(vllm.path("command"))).startsWith("/models/r1-7b", "--served-model-name=r1-7b");
        assertThat(out.resolve("Modelfile")).doesNotExist();
        assertThat(Files.readString(out.resolve("README.md")))
                .contains("local checkpoint " + dir)
                .contains("mounted read-only at /models/r1-7b");
    }

    @Test
    void compose_fileThatDoesNotFit_namesThePlanCommandForTheFile(@TempDir Path tmp) throws IOException {
        ModelShape big = GgufModelReaderTest.catalogShape("qwen3-235b-a22b");
        Files.createDirectories(tmp.resolve("models"));
        Path file = GgufWriter.model(big, Quantization.Q8_0, 7, (int) big.vocabSize())
                .write(tmp.resolve("models/big-Q8_0.gguf"));

        Cli cli = compose(tmp.resolve("out"), file.toString(), "--hardware", "rtx-4090");

        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.DOES_NOT_FIT.code);
        assertThat(cli.err).contains("Nothing was written; 'thinkrig plan " + file + "'");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void compose_ggufFileOnAMac_startScriptCreatesTheModelFromTheHostPath(@TempDir Path tmp) throws IOException {
        Path file = gguf(tmp.resolve("models"));
        Path out = tmp.resolve("out");

        Cli cli = compose(out, file.toString(), "--hardware", "m3-ultra-96");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(Files.readString(out.resolve("Modelfile"))).endsWith("\nFROM " + file + "\n");
        assertThat(Files.readString(out.resolve("start-ollama.sh")))
                .contains("ollama create 'deepseek-r1-distill-qwen-1.5b-q8_0' -f \"$(dirname \"$0\")/Modelfile\"")
                .doesNotContain("ollama pull");
    }

    @Test
    void compose_checkpointOverTwoNodes_mountsItOnEachAndSaysToCopyIt(@TempDir Path tmp) throws IOException {
        Path dir = checkpoint(tmp);
        Path out = tmp.resolve("out");

        Cli cli = compose(out, dir.toString(), "--hardware", "dgx-spark", "--nodes", "2", "--tensor-parallel", "2");

        assertThat(cli.exitCode).as(cli.err).isZero();
        for (String node : List.of("node-1", "node-2")) {
            assertThat(Files.readString(out.resolve(node + "/docker-compose.yml")))
                    .as(node)
                    .contains("- \"" + dir + ":/models/r1-7b:ro\"");
        }
        assertThat(cli.err).contains("every node mounts " + dir);

        Cli k8s = compose(
                tmp.resolve("k8s"),
                dir.toString(),
                "--hardware",
                "dgx-spark",
                "--nodes",
                "2",
                "--tensor-parallel",
                "2",
                "--target",
                "kubernetes");
        assertThat(k8s.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(k8s.err).contains("a checkpoint on this machine is not in the cluster");
    }

    @Test
    void compose_modelOnlyTheLocalOllamaStoreHas_pullsItByItsName(@TempDir Path tmp) throws IOException {
        StoreWriter.ollamaModel(
                tmp.resolve("ollama"),
                "registry.ollama.ai",
                "library",
                "my-r1",
                "7b",
                GgufWriter.model(QWEN_7B, Quantization.Q8_0, 7, 16));
        Path out = tmp.resolve("out");

        Cli cli = Cli.run(
                Map.of("OLLAMA_MODELS", tmp.resolve("ollama").toString()),
                false,
                "compose",
                "library/my-r1:7b",
                "--hardware",
                "dgx-spark",
                "--out",
                out.toString());

        assertThat(cli.exitCode).as(cli.err).isZero();
        JsonNode services =
                YAML.readTree(out.resolve("docker-compose.yml").toFile()).path("services");
        assertThat(texts(services.path("ollama-pull").path("command"))).containsExactly("pull", "my-r1:7b");
        assertThat(out.resolve("Modelfile")).doesNotExist();
    }

    @Test
    void deploy_checkpointDirectory_mountsIt_ggufFile_isReferredToCompose(@TempDir Path tmp) throws IOException {
        Path dir = checkpoint(tmp);
        Cli vllm = Cli.run(
                Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"),
                false,
                "deploy",
                dir.toString(),
                "--hardware",
                "h100-80gb",
                "--dry-run");
        assertThat(vllm.exitCode).as(vllm.err).isZero();
        assertThat(vllm.out).contains("mount " + dir + " -> /models/r1-7b").contains("/models/r1-7b");
        assertThat(vllm.out).as("nothing is downloaded").doesNotContain("check the free disk space");

        Path file = gguf(tmp.resolve("models"));
        Cli ollama = Cli.run(
                Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"),
                false,
                "deploy",
                file.toString(),
                "--hardware",
                "h100-80gb",
                "--dry-run");
        assertThat(ollama.exitCode).as(ollama.err).isEqualTo(ExitCode.USAGE.code);
        assertThat(ollama.err)
                .contains("GGUF file on this machine")
                .contains("'thinkrig compose " + file + " --hardware h100-80gb --out DIR'");
    }

    private static List<String> texts(JsonNode array) {
        List<String> all = new ArrayList<>();
        array.forEach(n -> all.add(n.asText()));
        return all;
    }
}
