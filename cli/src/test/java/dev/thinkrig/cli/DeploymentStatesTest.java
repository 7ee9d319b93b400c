package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.deploy.flow.Deployment;
import dev.thinkrig.deploy.flow.Deployments;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.Planner;
import dev.thinkrig.templates.Templates;
import dev.thinkrig.templates.output.GeneratedFile;
import dev.thinkrig.templates.recipe.Recipe;
import dev.thinkrig.templates.recipe.RecipeOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class DeploymentStatesTest {

    static final String NGC_KEY = "nvapi-test-SECRET-ngc-0123456789";
    static final String VLLM_KEY = "sk-test-SECRET-vllm-0123456789";
    static final String HF_TOKEN = "hf_test_SECRET_token_0123456789";

    @Test
    void root_xdgDataHomeWhenAbsolute_elseHomeLocalShare() {
        assertThat(DeploymentStates.root(Map.of("XDG_DATA_HOME", "/data/ana"), "/home/x"))
                .isEqualTo(Path.of("/data/ana/thinkrig/deployments"));
        // the XDG Base Directory spec: a relative path is invalid and ignored
        assertThat(DeploymentStates.root(Map.of("XDG_DATA_HOME", "rel", "HOME", "/home/ana"), "/home/x"))
                .isEqualTo(Path.of("/home/ana/.local/share/thinkrig/deployments"));
        assertThat(DeploymentStates.root(Map.of(), "/home/x"))
                .isEqualTo(Path.of("/home/x/.local/share/thinkrig/deployments"));
    }

    @Test
    void directory_nameThatCouldEscapeTheRoot_isRefused(@TempDir Path root) {
        DeploymentStates states = new DeploymentStates(root);

        assertThat(states.directory("thinkrig-qwq-32b")).isEqualTo(root.resolve("thinkrig-qwq-32b"));
        assertThatThrownBy(() -> states.directory("../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> states.directory("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> states.directory("..")).isInstanceOf(IllegalArgumentException.class);
    }

    /** What DeployCommand does before deploying, with every secret set in the environment. */
    private static Deployment deployment(
            Path root, String model, String hardware, String engine, Optional<String> listen, boolean write) {
        Environment environment =
                new Environment(Map.of("XDG_CONFIG_HOME", "/nonexistent-thinkrig-test"), "/home/ana", false);
        HardwareMixin hw = new HardwareMixin();
        new CommandLine(hw).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--hardware", hardware);
        PlanOptions options = new PlanOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--engine", engine);
        Hardware h = hw.resolve(environment);
        ModelCatalog.Resolved resolved = environment.models().resolve(model);
        Plan plan = new Planner().plan(options.request(resolved.entry().toSpec(), h, resolved.quantization()));
        assertThat(plan.fits()).as(model + " on " + hardware).isTrue();
        Configuration chosen = plan.chosen().orElseThrow().config();
        Recipe recipe = new PlanPrelude.Planned(resolved.entry(), h, plan, chosen)
                .recipe(new RecipeOptions("thinkrig deploy " + model, listen, false, Optional.empty()));
        String name = recipe.name();
        Map<String, String> env =
                Map.of("HOME", "/home/ana", "NGC_API_KEY", NGC_KEY, "VLLM_API_KEY", VLLM_KEY, "HF_TOKEN", HF_TOKEN);
        Deployment d = Deployments.from(recipe, name, env, Optional.empty(), Optional.empty());
        if (write) {
            List<GeneratedFile> files = DeploymentStates.render(Templates.create(Optional.empty()), recipe, plan, d);
            new DeploymentStates(root).write(name, files);
        }
        return d;
    }

    @ParameterizedTest
    @CsvSource({
        "deepseek-r1-distill-qwen-7b, h100-80gb, nim, ''",
        "deepseek-r1-distill-qwen-7b, h100-80gb, vllm, 0.0.0.0",
        "deepseek-r1-distill-qwen-1.5b, cpu-only, ollama, ''"
    })
    void write_composeFilesPlanAndState_noSecretValueInAnyFile(
            String model, String hardware, String engine, String listen, @TempDir Path root) throws IOException {
        Deployment d = deployment(
                root, model, hardware, engine, listen.isEmpty() ? Optional.empty() : Optional.of(listen), true);
        DeploymentStates states = new DeploymentStates(root);
        Path dir = states.directory(d.name());

        assertThat(states.names()).containsExactly(d.name());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains(
                            "docker-compose.yml",
                            ".env",
                            "README.md",
                            DeploymentStates.PLAN_FILE,
                            DeploymentStates.STATE_FILE,
                            ".thinkrig-manifest")
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.UTF_8))
                        .as(f.toString())
                        .doesNotContain(NGC_KEY, VLLM_KEY, HF_TOKEN);
            }
        }
        DeploymentStates.State state = states.read(d.name()).orElseThrow();
        assertThat(state.endpoint()).isEqualTo(d.endpoint().toString());
        assertThat(state.readinessPath()).isEqualTo(d.readinessPath());
        assertThat(state.engine()).isEqualTo(engine);
        assertThat(Files.readString(dir.resolve(DeploymentStates.PLAN_FILE))).contains("\"fits\" : true");
    }

    @Test
    void write_nimPlan_keyIsNeededForThePullButEnvStaysEmpty(@TempDir Path root) throws IOException {
        Deployment d = deployment(root, "deepseek-r1-distill-qwen-7b", "h100-80gb", "nim", Optional.empty(), true);

        assertThat(d.registryLogin())
                .hasValueSatisfying(l -> assertThat(l.username()).isEqualTo("$oauthtoken"));
        assertThat(Files.readString(
                        new DeploymentStates(root).directory(d.name()).resolve(".env")))
                .containsPattern("(?m)^NGC_API_KEY=$");
    }

    @Test
    void remove_deletesTheDirectoryAndOnlyIt(@TempDir Path root) throws IOException {
        Deployment d = deployment(root, "deepseek-r1-distill-qwen-1.5b", "cpu-only", "ollama", Optional.empty(), true);
        Path neighbour = Files.createDirectories(root.resolve("thinkrig-other"));
        DeploymentStates states = new DeploymentStates(root);

        assertThat(states.remove(d.name())).contains(root.resolve(d.name()));
        assertThat(root.resolve(d.name())).doesNotExist();
        assertThat(neighbour).isDirectory();
        assertThat(states.remove(d.name())).isEmpty();
    }
}
