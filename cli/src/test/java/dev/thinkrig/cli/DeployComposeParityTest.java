package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSpec;
import dev.thinkrig.deploy.flow.Deployment;
import dev.thinkrig.deploy.flow.Deployments;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.Planner;
import dev.thinkrig.templates.recipe.Recipe;
import dev.thinkrig.templates.recipe.RecipeOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code deploy} runs what {@code compose} writes: for every one-machine golden scenario, the container deploy creates
 * from the recipe has the image, arguments, environment, ports, mounts, GPU request, IPC and shared memory of the
 * golden compose file's engine service, read the way Docker Compose reads it. Guards the drift the recipe removed
 * (deploy used to parse the rendered strings back).
 */
class DeployComposeParityTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Map<String, String> ENV = Map.of(
            "HOME", "/home/ana",
            "HF_TOKEN", DeploymentStatesTest.HF_TOKEN,
            "VLLM_API_KEY", DeploymentStatesTest.VLLM_KEY,
            "NGC_API_KEY", DeploymentStatesTest.NGC_KEY);

    /** Compose's interpolation, as the test reads a compose file: {@code ${VAR}}, {@code ${VAR:-}}, {@code ${VAR:?}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::[-?][^}]*)?}|\\$\\$");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ollama-h100, deepseek-r1-distill-qwen-32b, h100-80gb, ollama, , ",
        "ollama-2x-rtx-4090, deepseek-r1-distill-qwen-32b, 2x-rtx-4090, ollama, , ",
        "ollama-dgx-spark, deepseek-r1-distill-qwen-32b, dgx-spark, ollama, , ",
        "ollama-rocm-strix-halo, deepseek-r1-distill-qwen-32b, strix-halo-128, ollama, , ",
        "ollama-cpu, deepseek-r1-distill-qwen-7b, cpu-only, ollama, , ",
        "vllm-h100, deepseek-r1-distill-qwen-32b, h100-80gb, vllm, , ",
        "vllm-2x-rtx-4090, deepseek-r1-distill-qwen-32b, 2x-rtx-4090, vllm, , ",
        "vllm-dgx-spark, deepseek-r1-distill-qwen-32b, dgx-spark, vllm, , ",
        "vllm-h100-listen-ui, deepseek-r1-distill-qwen-32b, h100-80gb, vllm, 0.0.0.0, 580.65.06",
        "nim-h100, deepseek-r1-distill-qwen-32b, h100-80gb, nim, , ",
        "nim-2x-rtx-4090, deepseek-r1-distill-qwen-14b, 2x-rtx-4090, nim, , ",
        "nim-dgx-spark, deepseek-r1-distill-qwen-32b, dgx-spark, nim, , "
    })
    void deployRunsTheEngineServiceComposeWrites(
            String scenario, String model, String hardware, String engine, String listen, String driver)
            throws IOException {
        JsonNode services = YAML.readTree(ComposeGoldenTest.GOLDEN
                        .resolve(scenario)
                        .resolve("docker-compose.yml")
                        .toFile())
                .path("services");
        String serviceName = services.fieldNames().next();
        JsonNode service = services.path(serviceName);
        Recipe recipe = recipe(model, hardware, engine, Optional.ofNullable(listen), Optional.ofNullable(driver));

        Deployment d = Deployments.from(recipe, recipe.name(), ENV, Optional.empty(), Optional.empty());
        ContainerSpec spec = d.container();

        assertThat(spec.name()).isEqualTo(recipe.name() + "-" + serviceName);
        assertThat(spec.image()).isEqualTo(read(service.path("image").asText()));
        assertThat(spec.entrypoint()).isEqualTo(texts(service.path("entrypoint")));
        assertThat(spec.command()).isEqualTo(texts(service.path("command")));
        Map<String, String> environment = new LinkedHashMap<>();
        service.path("environment")
                .properties()
                .forEach(e -> environment.put(e.getKey(), read(e.getValue().asText())));
        assertThat(spec.env()).isEqualTo(environment);
        assertThat(spec.ports().stream()
                        .map(p -> (p.hostIp().contains(":") ? "[" + p.hostIp() + "]" : p.hostIp()) + ":" + p.hostPort()
                                + ":" + p.containerPort())
                        .toList())
                .isEqualTo(texts(service.path("ports")));
        List<String> volumes = new ArrayList<>();
        for (String v : texts(service.path("volumes"))) {
            // a named volume is Compose's project_volume
            volumes.add(v.startsWith("/") ? v : recipe.name() + "_" + v);
        }
        assertThat(spec.mounts().stream()
                        .map(m -> m.source() + ":" + m.target())
                        .toList())
                .isEqualTo(volumes);
        assertThat(spec.devices()).isEqualTo(texts(service.path("devices")));
        JsonNode gpu = service.at("/deploy/resources/reservations/devices/0");
        if (gpu.isMissingNode()) {
            assertThat(spec.gpus()).isEmpty();
        } else {
            assertThat(spec.gpus().orElseThrow().count())
                    .isEqualTo(gpu.path("count").asInt(0));
            assertThat(spec.gpus().orElseThrow().deviceIds()).isEqualTo(texts(gpu.path("device_ids")));
        }
        assertThat(spec.ipc()).isEqualTo(Optional.ofNullable(service.path("ipc").textValue()));
        assertThat(spec.shmBytes())
                .isEqualTo(Optional.ofNullable(service.path("shm_size").textValue())
                        .map(s -> Long.parseLong(s.replace("gb", "")) << 30));
    }

    private static Recipe recipe(
            String model, String hardware, String engine, Optional<String> listen, Optional<String> driver) {
        Environment environment =
                new Environment(Map.of("XDG_CONFIG_HOME", "/nonexistent-thinkrig-test"), "/home/ana", false);
        HardwareMixin hw = new HardwareMixin();
        new CommandLine(hw).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--hardware", hardware);
        PlanOptions options = new PlanOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--engine", engine);
        Hardware h = hw.resolve(environment);
        ModelCatalog.Resolved resolved = environment.models().resolve(model);
        Plan plan = new Planner().plan(options.request(resolved.entry().toSpec(), h, resolved.quantization()));
        return new PlanPrelude.Planned(
                        resolved.entry(), h, plan, plan.chosen().orElseThrow().config())
                .recipe(new RecipeOptions("x", listen, false, driver));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(read(n.asText())));
        return out;
    }

    /** A compose value as Docker Compose passes it on: variables filled from {@link #ENV}, {@code $$} a dollar. */
    private static String read(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = m.group(1) == null ? "$" : ENV.getOrDefault(m.group(1), "");
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }
}
