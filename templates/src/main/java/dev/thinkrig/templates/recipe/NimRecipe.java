package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.NimProfile;
import dev.thinkrig.sizing.plan.Configuration;
import java.util.List;
import java.util.Optional;

/** NVIDIA NIM: the model's NIM image with the profile and limits the plan sized. */
final class NimRecipe {

    static final int PORT = 8000;

    /** NIM's readiness endpoint (NIM for LLMs docs, "Health checks"; shared/reference/engines.md). */
    static final String READINESS_PATH = "/v1/health/ready";

    /** NIM's guidance for multi-GPU profiles (NIM for LLMs docs, "Getting started": {@code --shm-size=16GB}). */
    static final long SHM_BYTES = 16L << 30;

    private NimRecipe() {}

    static Recipe of(RecipeContext ctx) {
        Configuration c = ctx.config;
        String repository = ctx.facts
                .nimImage()
                .orElseThrow(() -> new RecipeException(
                        RecipeException.Kind.UNSUPPORTED,
                        "engine",
                        "nim",
                        "NVIDIA publishes no NIM for " + ctx.facts.modelName()));
        String image = Images.nim(repository, ctx.hardware.platform());
        // the generic vLLM profile the plan sized (sizing's NimProfile: vllm-<precision>-tp<N>-pp<M>)
        String profile = NimProfile.of(c).name();
        ContainerRecipe server = ContainerRecipe.builder("nim", image)
                .env(EnvVar.fromUser(
                        "NGC_API_KEY", Value.Need.REQUIRED, "set in .env; the container downloads with it"))
                .env(EnvVar.plain(
                        "NIM_MODEL_PROFILE",
                        profile,
                        "vLLM backend, " + c.quantization() + ", tensor parallel " + c.tensorParallel()))
                .env(EnvVar.plain(
                        "NIM_MAX_MODEL_LEN",
                        Integer.toString(c.contextTokens()),
                        "context per sequence; prompt + reasoning budget + answer = "
                                + PlanText.tokens(ctx.plan.request().workload().tokensPerSequence())))
                .env(EnvVar.plain(
                        "NIM_MAX_NUM_SEQS",
                        Integer.toString(c.parallelSequences()),
                        "samples x concurrency sequences decoded at once"))
                .env(EnvVar.plain(
                        "NIM_GPU_MEMORY_UTILIZATION",
                        RecipeContext.decimal(c.gpuMemoryUtilization()),
                        "share of each GPU; the KV pool holds "
                                + PlanText.tokens(ctx.evaluation.memory().kvCapacityTokens()) + " tokens"))
                .port(new PortBinding(ctx.hostIp, PORT, PORT))
                .mount(Mount.home(".cache/nim", "/opt/nim/.cache"))
                .gpu(ctx.gpu())
                .shmBytes(SHM_BYTES)
                .healthcheck(Companions.httpHealthcheck(Listen.LOOPBACK, PORT, READINESS_PATH))
                .build();
        Recipe.Builder b = Recipe.builder(Engine.NIM, ctx.name(), ctx.summary)
                .container(server)
                .readiness(ReadinessProbe.ok(READINESS_PATH, PORT))
                .url(ctx.url(PORT))
                .warnings(ctx.listenWarnings(PORT))
                .settings(List.of(UserSetting.toFill(
                        "NGC_API_KEY",
                        "NGC API key (https://org.ngc.nvidia.com/setup/api-key); also the docker login password for"
                                + " nvcr.io")));
        if (ctx.options.withUi()) {
            b.companion(Companions.webUi(ctx, Companions.openAiUi("nim", false), "nim"))
                    .volume("open-webui");
        }
        return b.readme(new ReadmeFacts(
                        ReadmeFacts.Layout.NIM,
                        "NVIDIA NIM",
                        ctx.url(PORT),
                        ctx.listening(),
                        ctx.options.withUi(),
                        ctx.accelerator(),
                        Optional.empty(),
                        Optional.of(profile)))
                .build();
    }
}
