package dev.thinkrig.templates.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.PlanRequest;
import dev.thinkrig.sizing.plan.Planner;
import dev.thinkrig.sizing.plan.Workload;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.templates.RenderException;
import dev.thinkrig.templates.Templates;
import dev.thinkrig.templates.output.GeneratedFile;
import dev.thinkrig.templates.recipe.CatalogFacts;
import dev.thinkrig.templates.recipe.ContainerRecipe;
import dev.thinkrig.templates.recipe.Fixtures;
import dev.thinkrig.templates.recipe.KubernetesRecipe;
import dev.thinkrig.templates.recipe.Recipe;
import dev.thinkrig.templates.recipe.RecipeOptions;
import dev.thinkrig.templates.recipe.Recipes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ComposeRendererTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Names that would change a YAML document's structure if written unescaped. */
    private static final String HOSTILE = "Evil\"Model: x\n  injected: true\n# \\ $HOME ${HOME} '";

    private static final Templates TEMPLATES = Templates.create(Optional.empty());

    private static Map<String, String> render(Recipe model) {
        return new ComposeRenderer(TEMPLATES)
                .render(model).stream().collect(Collectors.toMap(GeneratedFile::name, GeneratedFile::content));
    }

    private static CatalogFacts hostileFacts() {
        return new CatalogFacts(
                "evil",
                HOSTILE,
                "org/" + HOSTILE,
                Optional.of("tag:" + HOSTILE),
                Optional.of("org/" + HOSTILE),
                Optional.of("parser\n  x: 1"),
                Optional.of("nvcr.io/nim/" + HOSTILE));
    }

    private static Recipe hostile(Hardware hardware, Engine engine, Quantization q, boolean ui) {
        Plan plan = Fixtures.plan(HOSTILE, hardware, engine, q, OptionalInt.empty());
        return Recipes.of(
                plan,
                hostileFacts(),
                new RecipeOptions("thinkrig compose '" + HOSTILE + "'", Optional.empty(), ui, Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ollama", "vllm", "nim"})
    void hostileModelName_cannotChangeTheYamlStructure(String engine) throws IOException {
        Recipe model = hostile(Fixtures.h100(), Engine.parse(engine), quant(engine), true);
        String yaml = render(model).get(ComposeRenderer.COMPOSE_FILE);
        JsonNode doc = YAML.readTree(yaml);

        List<String> top = new ArrayList<>();
        doc.fieldNames().forEachRemaining(top::add);
        assertThat(top).containsExactlyInAnyOrder("services", "volumes");
        List<String> services = new ArrayList<>();
        doc.path("services").fieldNames().forEachRemaining(services::add);
        assertThat(services)
                .allMatch(s -> List.of("ollama", "ollama-pull", "vllm", "nim", "open-webui")
                        .contains(s));
        assertThat(yaml).doesNotContain("\n  injected: true");
        assertThat(doc.findValues("injected")).isEmpty();
        for (ContainerRecipe s : model.composeContainers()) {
            JsonNode node = doc.path("services").path(s.service());
            assertThat(node.path("image").asText()).isEqualTo(s.image().replace("$", "$$"));
            for (int i = 0; i < s.args().size(); i++) {
                // the text arrives exactly, quotes, newline and all (with $ doubled for Compose)
                assertThat(node.path("command").get(i).asText())
                        .isEqualTo(s.args().get(i).value().compose());
            }
        }
        // the header comment stays comments: every line before services: starts with '#'
        String beforeServices = yaml.substring(0, yaml.indexOf("\nservices:"));
        assertThat(beforeServices.lines()).allMatch(l -> l.startsWith("#"));
    }

    @Test
    void hostileModelName_cannotChangeTheLeaderWorkerSetStructure() throws IOException {
        Plan plan = new Planner()
                .plan(new PlanRequest(
                        Fixtures.model(HOSTILE),
                        Fixtures.spark(),
                        new Workload(2048, 32768, 2048, 1, 1),
                        Optional.of(Engine.VLLM),
                        Optional.of(Quantization.FP8),
                        Optional.empty(),
                        OptionalInt.empty(),
                        OptionalInt.empty(),
                        OptionalDouble.empty(),
                        PlanRequest.FlashAttention.AUTO,
                        2));
        KubernetesRecipe model = Recipes.kubernetes(
                plan,
                hostileFacts(),
                new RecipeOptions("thinkrig compose '" + HOSTILE + "'", Optional.empty(), false, Optional.empty()));
        String yaml = new ComposeRenderer(TEMPLATES)
                .render(model).stream()
                        .filter(f -> f.name().equals(ComposeRenderer.KUBERNETES_FILE))
                        .findFirst()
                        .orElseThrow()
                        .content();
        List<JsonNode> docs = YAML.readValues(YAML.getFactory().createParser(yaml), JsonNode.class)
                .readAll();
        assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactly("LeaderWorkerSet", "Service");
        assertThat(docs).allSatisfy(d -> assertThat(d.findValues("injected")).isEmpty());
        assertThat(yaml).doesNotContain("\n  injected: true");
        // the injected line survives only inside a scalar value (the repository name in the leader's arguments)
        List<String> texts = new ArrayList<>();
        collectText(docs.get(0), texts);
        assertThat(texts).anyMatch(t -> t.contains("\n  injected: true"));
    }

    private static void collectText(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.asText());
        }
        node.forEach(child -> collectText(child, out));
    }

    private static Quantization quant(String engine) {
        return engine.equals("ollama") ? Quantization.Q8_0 : Quantization.FP8;
    }

    @Test
    void hostileModelName_staysInsideItsLinesInEnvReadmeAndScript() {
        Map<String, String> files = render(hostile(Fixtures.appleM3Ultra(), Engine.OLLAMA, Quantization.Q8_0, true));
        assertThat(files.get(ComposeRenderer.ENV_FILE).lines())
                .allMatch(l -> l.isEmpty() || l.startsWith("#") || l.matches("[A-Z_]+=[A-Za-z0-9_.:/@+-]*"));
        // inside single quotes a newline is text: the pull line takes the whole name as one word
        String script = files.get("start-ollama.sh");
        assertThat(script).contains("ollama pull 'tag:Evil\"Model: x\n  injected: true\n# \\ $HOME ${HOME} '\\'''");
        String readme = files.get(ComposeRenderer.README);
        assertThat(readme.lines()).noneMatch(l -> l.startsWith("  injected") || l.startsWith("# \\"));
        String header = readme.substring(0, readme.indexOf("-->") + 3);
        assertThat(header.indexOf("-->")).isEqualTo(header.length() - 3);
    }

    @Test
    void numbers_renderForPrograms_noGrouping() {
        String yaml = render(Recipes.of(
                        Fixtures.plan(Fixtures.spark(), Engine.VLLM, Quantization.BF16),
                        Fixtures.facts(Fixtures.NAME, Quantization.BF16),
                        Fixtures.options()))
                .get(ComposeRenderer.COMPOSE_FILE);
        assertThat(yaml).contains("soft: 67108864").contains("count: 1").doesNotContain("67,108,864");
    }

    @Test
    void gpuBlock_rendersCountAsANumber() throws IOException {
        JsonNode doc = YAML.readTree(render(Recipes.of(
                        Fixtures.plan(Fixtures.h100(), Engine.VLLM, Quantization.BF16),
                        Fixtures.facts(Fixtures.NAME, Quantization.BF16),
                        Fixtures.options()))
                .get(ComposeRenderer.COMPOSE_FILE));
        JsonNode device = doc.at("/services/vllm/deploy/resources/reservations/devices/0");
        assertThat(device.path("count").isInt()).isTrue();
        assertThat(device.has("device_ids")).isFalse();
        assertThat(device.path("capabilities").get(0).asText()).isEqualTo("gpu");
        assertThat(doc.at("/services/vllm/ipc").asText()).isEqualTo("host");
    }

    @Test
    void userOverrideDirectory_replacesAShippedTemplate(@TempDir Path dir) throws IOException {
        Files.writeString(
                dir.resolve("README.md.ftl"), "custom <@t.md summary.model/> with <@t.md readme.engineName/>\n");
        Templates custom = Templates.create(Optional.of(dir));
        Recipe model = Recipes.of(
                Fixtures.plan(Fixtures.h100(), Engine.OLLAMA, Quantization.Q8_0),
                Fixtures.facts(Fixtures.NAME, Quantization.Q8_0),
                Fixtures.options());
        Map<String, String> files = new ComposeRenderer(custom)
                .render(model).stream().collect(Collectors.toMap(GeneratedFile::name, GeneratedFile::content));
        assertThat(files.get("README.md")).startsWith("custom DeepSeek-R1-Distill-Qwen-32B with Ollama");
        assertThat(files.get("docker-compose.yml")).contains("services:");
    }

    @Test
    void brokenUserTemplate_namesTheTemplate(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("README.md.ftl"), "${summary.nosuchfield}\n");
        Recipe model = Recipes.of(
                Fixtures.plan(Fixtures.h100(), Engine.OLLAMA, Quantization.Q8_0),
                Fixtures.facts(Fixtures.NAME, Quantization.Q8_0),
                Fixtures.options());
        assertThatThrownBy(() -> new ComposeRenderer(Templates.create(Optional.of(dir))).render(model))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("README.md.ftl");
    }

    @Test
    void everyFile_startsWithTheGeneratedByHeader() {
        Map<String, String> files = render(Recipes.of(
                Fixtures.plan(Fixtures.appleM3Ultra(), Engine.OLLAMA, Quantization.Q8_0),
                Fixtures.facts(Fixtures.NAME, Quantization.Q8_0),
                new RecipeOptions("thinkrig compose x", Optional.empty(), true, Optional.empty())));
        assertThat(files.keySet())
                .containsExactlyInAnyOrder("docker-compose.yml", ".env", "start-ollama.sh", "README.md");
        assertThat(files.get("docker-compose.yml")).startsWith("# Generated by thinkrig");
        assertThat(files.get(".env")).startsWith("# Generated by thinkrig");
        assertThat(files.get("start-ollama.sh")).startsWith("#!/bin/sh\n# Generated by thinkrig");
        assertThat(files.get("README.md")).startsWith("<!--\n  Generated by thinkrig");
    }

    @Test
    void readme_mac_saysWhyThereIsNoEngineContainer() {
        String readme = render(Recipes.of(
                        Fixtures.plan(Fixtures.appleM3Ultra(), Engine.OLLAMA, Quantization.Q8_0),
                        Fixtures.facts(Fixtures.NAME, Quantization.Q8_0),
                        Fixtures.options()))
                .get(ComposeRenderer.README);
        assertThat(readme)
                .contains("## Why it runs this way\n\nDocker on macOS runs containers in a Linux VM")
                .contains("```sh\n./start-ollama.sh\n```");
    }

    // the image notes are prose in readme/vllm.ftl over ImageChoice's facts
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "580.65.06, 13.0, 'detected on this machine, 580.65.06 (CUDA 13.0): vLLM''s CUDA 13 build; --nvidia-driver"
                + " overrides it.'",
        "550.54.14, 12.4, 'NVIDIA driver 550.54.14 is older than CUDA 12.9 needs (575): data-center GPUs'"
    })
    void readme_vllmImageNote_followsTheDetectedDriver(String driver, String cuda, String note) {
        Hardware h100 = Fixtures.h100()
                .withDriver(Optional.of(new dev.thinkrig.sizing.hardware.GpuDriver(driver, Optional.of(cuda))));
        String readme = render(Recipes.of(
                        Fixtures.plan(h100, Engine.VLLM, Quantization.BF16),
                        Fixtures.facts(Fixtures.NAME, Quantization.BF16),
                        Fixtures.options()))
                .get(ComposeRenderer.README);
        assertThat(readme).contains("## Notes").contains(note);
    }

    @Test
    void cluster_listen_headRequiresTheKey_readmeSendsIt() {
        Plan two =
                Fixtures.plan(Fixtures.NAME, Fixtures.spark(), Engine.VLLM, Quantization.FP8, OptionalInt.empty(), 2);
        Map<String, String> files = new ComposeRenderer(TEMPLATES)
                        .render(Recipes.cluster(
                                two,
                                Fixtures.facts(Fixtures.NAME, Quantization.FP8),
                                new RecipeOptions("x", Optional.of("0.0.0.0"), false, Optional.empty())))
                        .stream()
                        .collect(Collectors.toMap(GeneratedFile::name, GeneratedFile::content));
        assertThat(files.get("node-1/docker-compose.yml"))
                .contains("VLLM_API_KEY: \"${VLLM_API_KEY:?set VLLM_API_KEY in .env}\"")
                .contains("- \"--host=0.0.0.0\"  # --listen");
        assertThat(files.get("node-1/.env")).contains("\nVLLM_API_KEY=\n");
        assertThat(files.get("node-2/.env")).doesNotContain("VLLM_API_KEY");
        assertThat(files.get(ComposeRenderer.README))
                .contains("curl -s http://127.0.0.1:8000/v1/models -H \"Authorization: Bearer $KEY\"\n")
                .contains("-H 'Content-Type: application/json' -H \"Authorization: Bearer $KEY\" -d '{\"model\": ")
                .contains("# DeepSeek-R1-Distill-Qwen-32B with vLLM on NVIDIA DGX Spark (GB10) x 2\n");
    }
}
