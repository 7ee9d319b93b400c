package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.GpuDriver;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.quant.Quantization;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * vLLM on one machine: {@code vllm serve} with every flag the plan decided. {@link RayClusterRecipe} and
 * {@link KubernetesRecipe} build their layouts on {@link #serveArgs} and {@link #image}.
 */
final class VllmRecipe {

    static final int PORT = 8000;

    /** vLLM's health endpoint answers 200 once the model is loaded (shared/reference/engines.md). */
    static final String READINESS_PATH = "/health";

    private VllmRecipe() {}

    /** The image for the target's platform and driver, and why it is that one. */
    static ImageChoice image(RecipeContext ctx) {
        Platform platform = ctx.hardware.platform();
        Optional<Integer> driver = ctx.nvidiaDriver().map(Images::driverMajor);
        String image = Images.vllm(platform, driver, ctx.plan.request().engineVersion(Engine.VLLM));
        return new ImageChoice(
                image,
                platform == Platform.NVIDIA_UNIFIED,
                ctx.nvidiaDriver(),
                ctx.driverDetected(),
                ctx.driverDetected() ? ctx.hardware.driver().flatMap(GpuDriver::cudaVersion) : Optional.empty(),
                driver.map(d -> d >= Images.CUDA13_MIN_DRIVER).orElse(false),
                driver.map(d -> d < Images.CUDA129_MIN_DRIVER).orElse(false));
    }

    /** What {@code vllm serve} loads: the catalog's repository, or a local checkpoint's path in the container. */
    static String repo(RecipeContext ctx) {
        if (ctx.facts.localWeights().isPresent()) {
            return ctx.facts.localWeights().get().containerPath();
        }
        return ctx.facts
                .vllmRepo()
                .orElseThrow(() -> new RecipeException(
                        RecipeException.Kind.UNSUPPORTED,
                        "quantization",
                        ctx.config.quantization().name(),
                        "the catalog lists no vLLM repository for " + ctx.facts.modelName() + " in "
                                + ctx.config.quantization()));
    }

    static Recipe of(RecipeContext ctx) {
        Configuration c = ctx.config;
        ImageChoice image = image(ctx);
        List<Arg> args = new ArrayList<>();
        if (image.ngc()) {
            args.add(Arg.of("vllm", "NVIDIA's image does not start the server by itself"));
            args.add(Arg.of("serve"));
        }
        args.addAll(serveArgs(ctx, repo(ctx)));
        ContainerRecipe.Builder server =
                ContainerRecipe.builder("vllm", image.image()).args(args).env(Companions.optionalHfToken());
        if (ctx.listening()) {
            // the key reaches vLLM as the environment variable VLLM_API_KEY (vLLM's envs.py, read by the API server
            // when --api-key is absent), not as an argument: an argument shows in 'docker inspect', ps and the log
            server.env(Companions.requiredApiKey());
        }
        if (c.tensorParallel() > 1 && ctx.plannedAccelerators().stream().anyMatch(a -> !a.peerToPeer())) {
            server.env(EnvVar.plain(
                    "NCCL_P2P_DISABLE",
                    "1",
                    "these GPUs have no peer-to-peer path; tensor parallel can hang without this"));
        }
        server.port(new PortBinding(ctx.hostIp, PORT, PORT))
                .mount(Mount.home(".cache/huggingface", "/root/.cache/huggingface"));
        ctx.facts.localWeights().ifPresent(w -> server.mount(w.mount()));
        server.gpu(ctx.gpu())
                .ipc("host")
                .ulimits(image.ngc() ? Companions.ngcUlimits() : List.of())
                .healthcheck(Companions.httpHealthcheck(Listen.LOOPBACK, PORT, READINESS_PATH));
        Recipe.Builder b = Recipe.builder(Engine.VLLM, ctx.name(), ctx.summary)
                .localWeights(ctx.facts.localWeights())
                .container(server.build())
                .readiness(ReadinessProbe.ok(READINESS_PATH, PORT))
                .model(ctx.facts.modelId())
                .url(ctx.url(PORT))
                .warnings(ctx.listenWarnings(PORT));
        if (ctx.options.withUi()) {
            b.companion(Companions.webUi(ctx, Companions.openAiUi("vllm", ctx.listening()), "vllm"))
                    .volume("open-webui");
        }
        List<UserSetting> settings = new ArrayList<>(List.of(Companions.hfToken()));
        if (ctx.listening()) {
            settings.add(Companions.vllmApiKey());
        }
        return b.settings(settings)
                .readme(new ReadmeFacts(
                        ReadmeFacts.Layout.VLLM,
                        "vLLM",
                        ctx.url(PORT),
                        ctx.listening(),
                        ctx.options.withUi(),
                        ctx.accelerator(),
                        Optional.of(image),
                        Optional.empty()))
                .build();
    }

    /** The arguments of {@code vllm serve}: the model and every flag the plan decided. */
    static List<Arg> serveArgs(RecipeContext ctx, String repo) {
        Configuration c = ctx.config;
        List<Arg> args = new ArrayList<>();
        args.add(Arg.of(
                repo,
                ctx.facts
                        .localWeights()
                        .map(w -> "the local " + c.quantization() + " checkpoint " + w.hostDirectory()
                                + ", mounted read-only")
                        .orElse("Hugging Face repository of the " + c.quantization() + " weights")));
        args.add(Arg.of("--served-model-name=" + ctx.facts.modelId(), "the name clients send as \"model\""));
        args.add(Arg.of(
                "--max-model-len=" + c.contextTokens(),
                "context per sequence; prompt + reasoning budget + answer = "
                        + PlanText.tokens(ctx.plan.request().workload().tokensPerSequence())));
        args.add(Arg.of(
                "--gpu-memory-utilization=" + RecipeContext.decimal(c.gpuMemoryUtilization()),
                "share of each GPU vLLM takes; the KV pool holds "
                        + PlanText.tokens(ctx.evaluation.memory().kvCapacityTokens()) + " tokens"));
        args.add(Arg.of(
                "--tensor-parallel-size=" + c.tensorParallel(),
                c.tensorParallel() == 1
                        ? "one GPU holds the model"
                        : "weights and KV split over " + c.tensorParallel() + " GPUs"
                                + (c.tensorParallelAcrossNodes() ? " on " + c.nodes() + " nodes" : "")));
        if (c.nodes() > 1) {
            args.add(Arg.of(
                    "--pipeline-parallel-size=" + c.pipelineParallel(),
                    c.pipelineParallel() == 1
                            ? "no pipeline stages: tensor parallel spans the nodes"
                            : "one pipeline stage per node"));
            args.add(Arg.of("--distributed-executor-backend=ray", "the GPUs of the other nodes join through Ray"));
        }
        args.add(Arg.of("--max-num-seqs=" + c.parallelSequences(), "samples x concurrency sequences decoded at once"));
        args.add(Arg.of(
                "--kv-cache-dtype=" + (c.kvCacheType() == KvCacheType.FP8 ? "fp8" : "auto"),
                c.kvCacheType() == KvCacheType.FP8
                        ? "one byte per KV element, half the 16-bit cache"
                        : "the model's 16-bit type"));
        precisionArg(c.quantization(), repo, ctx.facts.huggingFaceRepo()).ifPresent(args::add);
        ctx.facts
                .reasoningParser()
                .ifPresent(
                        p -> args.add(Arg.of("--reasoning-parser=" + p, "returns the thinking as message.reasoning")));
        return args;
    }

    /**
     * The weight precision flag: 16-bit weights name their dtype; FP8 from the 16-bit repository is quantized at load
     * ({@code --quantization fp8}); pre-quantized repositories (FP8, AWQ, GPTQ, NVFP4) carry their own
     * quantization_config, from which vLLM picks its fastest kernel (naming {@code awq} would force the slower one).
     */
    static Optional<Arg> precisionArg(Quantization q, String repo, String baseRepo) {
        return switch (q) {
            case BF16 -> Optional.of(Arg.of("--dtype=bfloat16", "16-bit weights as planned"));
            case F16 -> Optional.of(Arg.of("--dtype=float16", "16-bit weights as planned"));
            case FP8 ->
                repo.equals(baseRepo)
                        ? Optional.of(Arg.of("--quantization=fp8", "16-bit checkpoint quantized to FP8 at load"))
                        : Optional.empty();
            default -> Optional.empty();
        };
    }
}
