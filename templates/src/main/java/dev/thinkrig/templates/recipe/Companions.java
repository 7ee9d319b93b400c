package dev.thinkrig.templates.recipe;

import java.util.List;

/** Pieces several engine recipes share: Open WebUI, the HTTP healthcheck, the settings users fill in. */
final class Companions {

    static final int WEBUI_PORT = 3000;
    static final int WEBUI_CONTAINER_PORT = 8080;

    /**
     * Failures during this period do not count: vLLM and NIM download tens of GiB and load them before /health
     * answers, which takes many minutes on a first start.
     */
    static final String ENGINE_START_PERIOD = "30m";

    /** NVIDIA's recommended limits for NGC containers ({@code --ulimit memlock=-1 --ulimit stack=67108864}). */
    static final long NGC_STACK_BYTES = 67_108_864L;

    private Companions() {}

    /** Open WebUI on port 3000, wired to the engine by {@code env}; started after {@code engineService} if named. */
    static ContainerRecipe webUi(RecipeContext ctx, List<EnvVar> env, String engineService) {
        var b = ContainerRecipe.builder("open-webui", Images.OPEN_WEBUI)
                .env(env)
                .port(new PortBinding(ctx.hostIp, WEBUI_PORT, WEBUI_CONTAINER_PORT))
                .mount(Mount.volume("open-webui", "/app/backend/data"));
        if (!engineService.isEmpty()) {
            b.dependsOn(new Dependency(engineService, "service_started"));
        }
        return b.build();
    }

    /** Open WebUI's settings for an OpenAI-compatible engine; its key reads VLLM_API_KEY when {@code keyRequired}. */
    static List<EnvVar> openAiUi(String service, boolean keyRequired) {
        return List.of(
                EnvVar.plain("OPENAI_API_BASE_URL", "http://" + service + ":8000/v1", ""),
                keyRequired
                        ? EnvVar.of(
                                "OPENAI_API_KEY",
                                Value.variable("VLLM_API_KEY", Value.Need.PLAIN),
                                "the key vLLM requires")
                        : EnvVar.plain("OPENAI_API_KEY", "none", "unused: no key"),
                EnvVar.plain("ENABLE_OLLAMA_API", "False", "the engine here speaks the OpenAI API"));
    }

    /** A healthcheck on an HTTP path without curl (the engine images have Python; a non-200 raises). */
    static Healthcheck httpHealthcheck(String host, int port, String path) {
        String probe =
                "import urllib.request; urllib.request.urlopen('http://" + host + ":" + port + path + "', timeout=5)";
        return new Healthcheck(List.of("CMD", "python3", "-c", probe), "30s", "10s", 3, ENGINE_START_PERIOD);
    }

    static List<Ulimit> ngcUlimits() {
        return List.of(new Ulimit("memlock", -1, -1), new Ulimit("stack", NGC_STACK_BYTES, NGC_STACK_BYTES));
    }

    static UserSetting hfToken() {
        return UserSetting.toFill(
                "HF_TOKEN",
                "Hugging Face token (https://huggingface.co/settings/tokens); needed for gated models only");
    }

    static UserSetting vllmApiKey() {
        return UserSetting.toFill(
                "VLLM_API_KEY",
                "required with --listen: clients send it as 'Authorization: Bearer KEY' (openssl rand -hex 32)");
    }

    /** The container's API key variable, required: Compose refuses to start without it, and so does deploy. */
    static EnvVar requiredApiKey() {
        return EnvVar.fromUser(
                "VLLM_API_KEY", Value.Need.REQUIRED, "--listen: clients must send this key (set in .env)");
    }

    static EnvVar optionalHfToken() {
        return EnvVar.fromUser("HF_TOKEN", Value.Need.OPTIONAL, "gated models only; set in .env");
    }
}
