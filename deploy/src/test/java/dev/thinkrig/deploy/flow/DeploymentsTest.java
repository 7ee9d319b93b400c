package dev.thinkrig.deploy.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.PortBinding;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.templates.recipe.Arg;
import dev.thinkrig.templates.recipe.ContainerRecipe;
import dev.thinkrig.templates.recipe.EnvVar;
import dev.thinkrig.templates.recipe.GpuRequest;
import dev.thinkrig.templates.recipe.Mount;
import dev.thinkrig.templates.recipe.NativeLaunch;
import dev.thinkrig.templates.recipe.PlanSummary;
import dev.thinkrig.templates.recipe.ReadinessProbe;
import dev.thinkrig.templates.recipe.ReadmeFacts;
import dev.thinkrig.templates.recipe.Recipe;
import dev.thinkrig.templates.recipe.Value;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The typed mapping of a recipe onto the Docker API: every value arrives as the recipe holds it. */
class DeploymentsTest {

    private static final PlanSummary SUMMARY =
            new PlanSummary(List.of("test"), "Model", "Machine", "", "", "", "", "", "", List.of(), List.of());

    private static final ReadmeFacts FACTS = new ReadmeFacts(
            ReadmeFacts.Layout.VLLM,
            "vLLM",
            "http://127.0.0.1:8000",
            false,
            false,
            ReadmeFacts.Accelerator.NVIDIA,
            Optional.empty(),
            Optional.empty());

    private static final Map<String, String> ENV =
            Map.of("HOME", "/home/ana", "HF_TOKEN", "hf_abcdef123456", "VLLM_API_KEY", "key-123456");

    /** A vLLM recipe as VllmRecipe builds one with --listen 0.0.0.0, written out with the builders. */
    private static Recipe vllm(String hostIp) {
        ContainerRecipe server = ContainerRecipe.builder("vllm", "vllm/vllm-openai:v0.21.0")
                .arg(Arg.of("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "the weights"))
                .arg(Arg.of("--served-model-name=r1-32b$x", "clients send it"))
                .env(EnvVar.fromUser("HF_TOKEN", Value.Need.OPTIONAL, "gated models"))
                .env(EnvVar.fromUser("VLLM_API_KEY", Value.Need.REQUIRED, "--listen"))
                .env(EnvVar.plain("NCCL_P2P_DISABLE", "1", "no peer-to-peer"))
                .port(new dev.thinkrig.templates.recipe.PortBinding(hostIp, 8000, 8000))
                .mount(Mount.home(".cache/huggingface", "/root/.cache/huggingface"))
                .gpu(Optional.of(GpuRequest.deviceIds(List.of("MIG-40ed9496-24f9-5b8b-95ca-648bfea46a9c"))))
                .ipc("host")
                .build();
        return Recipe.builder(Engine.VLLM, "thinkrig-r1-32b", SUMMARY)
                .container(server)
                .readiness(ReadinessProbe.ok("/health", 8000))
                .model("r1-32b$x")
                .url("http://127.0.0.1:8000")
                .readme(FACTS)
                .build();
    }

    private static Recipe ollama() {
        ContainerRecipe server = ContainerRecipe.builder("ollama", "ollama/ollama:0.32.4")
                .env(EnvVar.plain("OLLAMA_CONTEXT_LENGTH", "36864", "context"))
                .port(new dev.thinkrig.templates.recipe.PortBinding("::", 11434, 11434))
                .mount(Mount.volume("ollama", "/root/.ollama"))
                .shmBytes(16L << 30)
                .build();
        return Recipe.builder(Engine.OLLAMA, "thinkrig-r1", SUMMARY)
                .container(server)
                .volume("ollama")
                .readiness(ReadinessProbe.ok("/api/version", 11434))
                .model("deepseek-r1:32b")
                .url("http://[::1]:11434")
                .readme(FACTS)
                .build();
    }

    @Test
    void from_vllm_everyValueTyped_variablesFilledFromTheEnvironment() {
        Deployment d = Deployments.from(vllm("0.0.0.0"), "thinkrig-r1-32b", ENV, Optional.empty(), Optional.empty());
        ContainerEngine.ContainerSpec spec = d.container();

        assertThat(spec.name()).isEqualTo("thinkrig-r1-32b-vllm");
        // a literal $ stays a dollar: nothing was written in Compose's $$ form and read back
        assertThat(spec.command())
                .containsExactly("deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", "--served-model-name=r1-32b$x");
        assertThat(spec.env())
                .containsEntry("HF_TOKEN", "hf_abcdef123456")
                .containsEntry("VLLM_API_KEY", "key-123456")
                .containsEntry("NCCL_P2P_DISABLE", "1");
        assertThat(spec.ports()).containsExactly(new PortBinding("0.0.0.0", 8000, 8000));
        assertThat(spec.mounts())
                .containsExactly(new ContainerEngine.Mount("/home/ana/.cache/huggingface", "/root/.cache/huggingface"));
        assertThat(spec.gpus().orElseThrow().deviceIds()).containsExactly("MIG-40ed9496-24f9-5b8b-95ca-648bfea46a9c");
        assertThat(spec.ipc()).contains("host");
        assertThat(d.secrets()).containsExactly("HF_TOKEN", "VLLM_API_KEY");
        assertThat(d.apiKey()).contains("key-123456");
        assertThat(d.model()).contains("r1-32b$x");
        assertThat(d.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8000"));
        assertThat(d.volumes()).isEmpty();
    }

    @Test
    void from_labelsCarryTheDeploymentAndTheRecipeHashOfTheEffectiveContainer() {
        Recipe recipe = vllm("127.0.0.1");
        Deployment d =
                Deployments.from(recipe, "thinkrig-r1-32b", ENV, Optional.of("mirror/vllm:1"), Optional.of(18000));
        String hash = Deployments.effective(recipe, Optional.of("mirror/vllm:1"), Optional.of(18000))
                .hash(ENV);
        assertThat(d.container().labels())
                .containsEntry(ContainerEngine.DEPLOYMENT_LABEL, "thinkrig-r1-32b")
                .containsEntry(Recipe.ENGINE_LABEL, "vllm")
                .containsEntry(Deployments.RECIPE_LABEL, hash);
        assertThat(hash).isNotEqualTo(recipe.container().orElseThrow().hash(ENV));
        assertThat(d.container().image()).isEqualTo("mirror/vllm:1");
        assertThat(d.endpoint()).isEqualTo(URI.create("http://127.0.0.1:18000"));
        // a new token is the same recipe: the running container can be reused
        assertThat(Deployments.from(
                                recipe,
                                "thinkrig-r1-32b",
                                Map.of("HOME", "/home/ana", "VLLM_API_KEY", "other-key"),
                                Optional.of("mirror/vllm:1"),
                                Optional.of(18000))
                        .container()
                        .labels())
                .containsEntry(Deployments.RECIPE_LABEL, hash);
    }

    @Test
    void readiness_deployWaitsOnTheRecipesProbe() {
        for (Recipe recipe : List.of(vllm("127.0.0.1"), ollama())) {
            Deployment d = Deployments.from(recipe, "thinkrig-x", ENV, Optional.empty(), Optional.empty());
            assertThat(d.readinessPath())
                    .as(recipe.engine().id())
                    .isEqualTo(recipe.readiness().path());
        }
    }

    @Test
    void deploymentLabel_isTheRecipes() {
        assertThat(Recipe.DEPLOYMENT_LABEL).isEqualTo(ContainerEngine.DEPLOYMENT_LABEL);
    }

    @Test
    void from_unsetSecretIsLeftOut_requiredOneIsAMissingSetting() {
        Deployment d = Deployments.from(
                vllm("127.0.0.1"),
                "thinkrig-r1-32b",
                Map.of("HOME", "/h", "VLLM_API_KEY", "k-1234"),
                Optional.empty(),
                Optional.empty());
        assertThat(d.container().env()).doesNotContainKey("HF_TOKEN").containsKey("VLLM_API_KEY");
        assertThatThrownBy(() -> Deployments.from(
                        vllm("127.0.0.1"), "thinkrig-r1-32b", Map.of("HOME", "/h"), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(
                        DeployException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.MISSING_SETTING))
                .hasMessageContaining("needs VLLM_API_KEY: export it in your shell");
    }

    @Test
    void from_ollama_namedVolumeInComposesNaming_ipv6Endpoint_shmInBytes() {
        Deployment d = Deployments.from(ollama(), "thinkrig-r1", Map.of(), Optional.empty(), Optional.empty());
        assertThat(d.volumes()).containsExactly("thinkrig-r1_ollama");
        assertThat(d.container().mounts())
                .containsExactly(new ContainerEngine.Mount("thinkrig-r1_ollama", "/root/.ollama"));
        assertThat(d.container().shmBytes()).contains(16L << 30);
        assertThat(d.endpoint()).isEqualTo(URI.create("http://[::1]:11434"));
        assertThat(d.model()).contains("deepseek-r1:32b");
        assertThat(d.secrets()).isEmpty();
    }

    @Test
    void from_nativeRecipe_isRefused() {
        Recipe mac = Recipe.builder(Engine.OLLAMA, "thinkrig-r1", SUMMARY)
                .launch(new NativeLaunch("start-ollama.sh", List.of(), "127.0.0.1", 11434, "deepseek-r1:32b"))
                .readiness(ReadinessProbe.ok("/api/version", 11434))
                .url("http://127.0.0.1:11434")
                .readme(FACTS)
                .build();
        assertThatThrownBy(() -> Deployments.from(mac, "thinkrig-r1", Map.of(), Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(
                        DeployException.class, e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.FAILED));
    }

    @Test
    void registryLogin_nvcrImage_usesOauthtokenAndTheNgcKey() {
        assertThat(Deployments.registryLogin(
                        "nvcr.io/nim/deepseek-ai/deepseek-r1-distill-qwen-32b:latest",
                        Map.of("NGC_API_KEY", "nvapi-k")))
                .contains(new ContainerEngine.RegistryLogin("nvcr.io", "$oauthtoken", "nvapi-k"));
        assertThat(Deployments.registryLogin("127.0.0.1:5000/nim:1", Map.of("NGC_API_KEY", "nvapi-k")))
                .isEmpty();
        assertThat(Deployments.registryLogin("ollama/ollama:0.32.4", Map.of())).isEmpty();
    }

    @Test
    void registryLogin_nvcrImageWithoutKey_isMissingSettingBeforeAnyPull() {
        assertThatThrownBy(() -> Deployments.registryLogin("nvcr.io/nim/x:1", Map.of("NGC_API_KEY", " ")))
                .isInstanceOfSatisfying(
                        DeployException.class,
                        e -> assertThat(e.kind()).isEqualTo(DeployException.Kind.MISSING_SETTING))
                .hasMessageContaining("needs NGC_API_KEY")
                .hasMessageContaining("$oauthtoken");
    }

    @Test
    void redact_replacesEverySecretValueSetInTheEnvironment_butNotShortOnes() {
        Map<String, String> env = Map.of(
                "HF_TOKEN",
                "hf_abcdef123456",
                "NGC_API_KEY",
                "nvapi-XYZ-987",
                "VLLM_API_KEY",
                "ab",
                "PATH",
                "/usr/bin");
        assertThat(Redaction.redact("token hf_abcdef123456 key nvapi-XYZ-987 ab /usr/bin", env))
                .isEqualTo("token *** key *** ab /usr/bin");
    }
}
