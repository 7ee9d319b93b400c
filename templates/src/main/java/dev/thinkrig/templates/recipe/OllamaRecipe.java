package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.plan.Configuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Ollama: the server container with the planned {@code OLLAMA_*} settings, or the native server on a Mac. */
final class OllamaRecipe {

    static final int PORT = 11434;

    /**
     * Ollama unloads an idle model after 5 minutes by default; reloading tens of GiB takes minutes, and this server
     * exists for one model, so it stays loaded.
     */
    static final String KEEP_ALIVE = "-1";

    /** Ollama's version endpoint answers once the server serves (shared/reference/engines.md). */
    static final String READINESS_PATH = "/api/version";

    private OllamaRecipe() {}

    static Recipe of(RecipeContext ctx) {
        return ctx.hardware.platform() == Platform.APPLE ? nativeServer(ctx) : container(ctx);
    }

    /** The planned settings, the same in the container and in the native launch script. */
    static List<EnvVar> settings(RecipeContext ctx) {
        Configuration c = ctx.config;
        List<EnvVar> env = new ArrayList<>();
        env.add(EnvVar.plain(
                "OLLAMA_CONTEXT_LENGTH",
                Integer.toString(c.contextTokens()),
                "context per sequence: prompt + reasoning budget + answer = "
                        + PlanText.tokens(ctx.plan.request().workload().tokensPerSequence())
                        + " tokens fit"));
        env.add(EnvVar.plain(
                "OLLAMA_NUM_PARALLEL",
                Integer.toString(c.parallelSequences()),
                "samples x concurrency; KV for context x parallel ("
                        + ctx.evaluation.memory().kvCache() + ") is allocated at load"));
        env.add(EnvVar.plain(
                "OLLAMA_FLASH_ATTENTION",
                c.flashAttention() ? "1" : "0",
                c.kvCacheType().needsFlashAttention()
                        ? "a quantized KV cache needs flash attention"
                        : "planned " + (c.flashAttention() ? "on" : "off") + " (compute buffer sized for it)"));
        env.add(EnvVar.plain(
                "OLLAMA_KV_CACHE_TYPE",
                c.kvCacheType().cliName(),
                PlanText.tokens(ctx.evaluation.memory().kvBytesPerToken().bytes()) + " bytes of KV per token"));
        env.add(EnvVar.plain("OLLAMA_KEEP_ALIVE", KEEP_ALIVE, "keep the model loaded: a reload takes minutes"));
        env.add(EnvVar.plain("OLLAMA_MAX_LOADED_MODELS", "1", "memory was planned for this one model"));
        int gpus = ctx.plannedGpus().size();
        if (gpus > 1) {
            env.add(EnvVar.plain("OLLAMA_SCHED_SPREAD", "1", "the plan splits the layers over " + gpus + " GPUs"));
        }
        return env;
    }

    /** The model clients send: the catalog's tag, or the name {@code ollama create} gives a local GGUF. */
    static String tag(RecipeContext ctx) {
        Optional<LocalWeights> local = ctx.facts.localWeights();
        if (local.isPresent()) {
            return local.get().ollamaName();
        }
        return ctx.facts
                .ollamaTag()
                .orElseThrow(() -> new RecipeException(
                        RecipeException.Kind.UNSUPPORTED,
                        "quantization",
                        ctx.config.quantization().name(),
                        "the catalog lists no Ollama tag for " + ctx.facts.modelName() + " in "
                                + ctx.config.quantization()));
    }

    private static Recipe.Builder common(RecipeContext ctx, String tag) {
        return Recipe.builder(Engine.OLLAMA, ctx.name(), ctx.summary)
                .localWeights(ctx.facts.localWeights())
                .readiness(ReadinessProbe.ok(READINESS_PATH, PORT))
                .model(tag)
                .url(ctx.url(PORT))
                .warnings(ctx.listenWarnings(PORT));
    }

    private static Recipe container(RecipeContext ctx) {
        Platform platform = ctx.hardware.platform();
        String image = Images.ollama(platform, ctx.plan.request().engineVersion(Engine.OLLAMA));
        String tag = tag(ctx);
        Optional<LocalWeights> local = ctx.facts.localWeights();
        ContainerRecipe.Builder serverBuilder = ContainerRecipe.builder("ollama", image)
                .env(settings(ctx))
                .port(new PortBinding(ctx.hostIp, PORT, PORT))
                .mount(Mount.volume("ollama", "/root/.ollama"));
        // the server sees the file too, at the same path, whichever side of 'ollama create' reads it
        local.ifPresent(w -> serverBuilder.mount(w.mount()));
        ContainerRecipe server = serverBuilder
                .devices(platform.isAmd() ? List.of("/dev/kfd", "/dev/dri") : List.of())
                .gpu(ctx.gpu())
                // the image has no curl; the CLI's own client asks the server it runs next to
                .healthcheck(new Healthcheck(List.of("CMD", "ollama", "list"), "10s", "5s", 6, "30s"))
                .build();
        ContainerRecipe pull = local.isPresent()
                ? create(image, tag, local.get())
                : ContainerRecipe.builder("ollama-pull", image)
                        .arg(Arg.of("pull"))
                        .arg(Arg.of(tag, ctx.config.quantization() + " as planned"))
                        .env(EnvVar.plain("OLLAMA_HOST", "http://ollama:11434", "pull through the server above"))
                        .dependsOn(new Dependency("ollama", "service_healthy"))
                        .restart("no")
                        .build();
        Recipe.Builder b = common(ctx, tag).container(server).companion(pull).volume("ollama");
        if (ctx.options.withUi()) {
            b.companion(Companions.webUi(
                            ctx, List.of(EnvVar.plain("OLLAMA_BASE_URL", "http://ollama:11434", "")), "ollama"))
                    .volume("open-webui");
        }
        return b.readme(new ReadmeFacts(
                        ReadmeFacts.Layout.OLLAMA,
                        "Ollama",
                        ctx.url(PORT),
                        ctx.listening(),
                        ctx.options.withUi(),
                        ctx.accelerator(),
                        Optional.empty(),
                        Optional.empty()))
                .build();
    }

    /**
     * The one-shot service that imports a local GGUF where a catalog model is pulled: {@code ollama create} reads the
     * Modelfile written beside the compose file ({@code FROM} the mounted file) and copies the weights into the
     * server's volume.
     */
    private static ContainerRecipe create(String image, String name, LocalWeights local) {
        return ContainerRecipe.builder("ollama-create", image)
                .arg(Arg.of("create"))
                .arg(Arg.of(name, "the name clients send"))
                .arg(Arg.of("-f"))
                .arg(Arg.of(
                        LocalWeights.MODELFILE_MOUNT,
                        "the Modelfile beside this file: FROM " + local.containerPath() + ", mounted from "
                                + local.hostDirectory()))
                .env(EnvVar.plain("OLLAMA_HOST", "http://ollama:11434", "import through the server above"))
                .mount(local.mount())
                .mount(new Mount(
                        Optional.empty(),
                        Optional.of(Value.of("./" + LocalWeights.MODELFILE)),
                        LocalWeights.MODELFILE_MOUNT,
                        true))
                .dependsOn(new Dependency("ollama", "service_healthy"))
                .restart("no")
                .build();
    }

    /** Apple Silicon: Docker on macOS has no GPU, so Ollama runs natively from a script with the same settings. */
    private static Recipe nativeServer(RecipeContext ctx) {
        String tag = tag(ctx);
        List<EnvVar> env = new ArrayList<>(settings(ctx));
        env.add(EnvVar.plain(
                "OLLAMA_HOST", Listen.hostPort(ctx.hostIp, PORT), ctx.listening() ? "--listen" : "this machine only"));
        Recipe.Builder b = common(ctx, tag).launch(new NativeLaunch("start-ollama.sh", env, ctx.hostIp, PORT, tag));
        if (ctx.options.withUi()) {
            // the UI needs no GPU, so it may run in Docker and reach the native server through Docker Desktop's host
            b.companion(Companions.webUi(
                            ctx,
                            List.of(EnvVar.plain(
                                    "OLLAMA_BASE_URL",
                                    "http://host.docker.internal:11434",
                                    "the native Ollama on this Mac")),
                            ""))
                    .volume("open-webui");
        }
        return b.readme(new ReadmeFacts(
                        ReadmeFacts.Layout.OLLAMA_NATIVE,
                        "Ollama",
                        ctx.url(PORT),
                        ctx.listening(),
                        ctx.options.withUi(),
                        ctx.accelerator(),
                        Optional.empty(),
                        Optional.empty()))
                .build();
    }
}
