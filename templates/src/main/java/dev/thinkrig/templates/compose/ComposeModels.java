package dev.thinkrig.templates.compose;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.NimProfile;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.GpuDriver;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.kv.KvCacheType;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.DeviceMemory;
import dev.thinkrig.sizing.plan.Evaluation;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.templates.Escapes;
import dev.thinkrig.templates.compose.ComposeModel.EnvEntry;
import dev.thinkrig.templates.compose.ComposeModel.LaunchScript;
import dev.thinkrig.templates.compose.ComposeModel.Readme;
import dev.thinkrig.templates.compose.Service.Arg;
import dev.thinkrig.templates.compose.Service.Dependency;
import dev.thinkrig.templates.compose.Service.EnvVar;
import dev.thinkrig.templates.compose.Service.Gpu;
import dev.thinkrig.templates.compose.Service.Healthcheck;
import dev.thinkrig.templates.compose.Service.Ulimit;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a plan that fits into a {@link ComposeModel}: every image, flag, device, port, mount and healthcheck is decided
 * here, so the templates only write it out.
 */
public final class ComposeModels {

    static final int OLLAMA_PORT = 11434;
    static final int OPENAI_PORT = 8000;
    static final int WEBUI_PORT = 3000;
    static final int WEBUI_CONTAINER_PORT = 8080;

    /** Published ports stay on this machine unless {@code --listen} says otherwise: Ollama has no authentication. */
    static final String LOOPBACK = "127.0.0.1";

    /**
     * Ollama unloads an idle model after 5 minutes by default; reloading tens of GiB takes minutes, and this server
     * exists for one model, so it stays loaded.
     */
    static final String OLLAMA_KEEP_ALIVE = "-1";

    /**
     * Failures during this period do not count: vLLM and NIM download tens of GiB and load them before /health
     * answers, which takes many minutes on a first start.
     */
    static final String ENGINE_START_PERIOD = "30m";

    /** NIM's guidance for multi-GPU profiles (NIM for LLMs docs, "Getting started": {@code --shm-size=16GB}). */
    static final String NIM_SHM_SIZE = "16gb";

    /** NVIDIA's recommended limits for NGC containers ({@code --ulimit memlock=-1 --ulimit stack=67108864}). */
    static final long NGC_STACK_BYTES = 67_108_864L;

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** At least two colons: {@code ::}, {@code ::1}, {@code fe80::1}; a host:port has one. */
    private static final Pattern IPV6 = Pattern.compile("(?=(?:[^:]*:){2})[0-9A-Fa-f:.]+");

    private ComposeModels() {}

    /** The deployment for the plan's chosen configuration; the plan must fit. */
    public static ComposeModel of(Plan plan, CatalogFacts facts, ComposeOptions options) {
        Evaluation chosen = plan.chosen()
                .orElseThrow(() -> new IllegalArgumentException("the plan does not fit; there is nothing to deploy"));
        Context ctx = new Context(plan, chosen, facts, options);
        return switch (chosen.config().engine()) {
            case OLLAMA -> ctx.hardware.platform() == Platform.APPLE ? ollamaNative(ctx) : ollama(ctx);
            case VLLM -> vllm(ctx);
            case NIM -> nim(ctx);
        };
    }

    /** What every engine's decisions read. */
    private static final class Context {
        final Plan plan;
        final Evaluation evaluation;
        final Configuration config;
        final Hardware hardware;
        final CatalogFacts facts;
        final ComposeOptions options;
        final String hostIp;
        final String urlHost;
        final List<String> header;

        /**
         * The target's NVIDIA driver: {@code --nvidia-driver} when given, else the driver detection found on this
         * machine (or in a support bundle); presets name none.
         */
        Optional<String> nvidiaDriver() {
            return options.nvidiaDriver().or(() -> hardware.driver().map(GpuDriver::version));
        }

        /** Whether the driver came from detection rather than {@code --nvidia-driver}. */
        boolean driverDetected() {
            return options.nvidiaDriver().isEmpty() && hardware.driver().isPresent();
        }

        Context(Plan plan, Evaluation evaluation, CatalogFacts facts, ComposeOptions options) {
            this.plan = plan;
            this.evaluation = evaluation;
            this.config = evaluation.config();
            this.hardware = plan.request().hardware();
            this.facts = facts;
            this.options = options;
            this.hostIp = options.listen().map(ComposeModels::listenAddress).orElse(LOOPBACK);
            this.urlHost = urlHost(hostIp);
            this.header = PlanText.header(plan, evaluation, options.invocation());
        }

        boolean listening() {
            return options.listen().isPresent();
        }
    }

    // ---------------------------------------------------------------- Ollama

    private static List<EnvVar> ollamaSettings(Context ctx) {
        Configuration c = ctx.config;
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar(
                "OLLAMA_CONTEXT_LENGTH",
                Integer.toString(c.contextTokens()),
                "context per sequence: prompt + reasoning budget + answer = "
                        + PlanText.tokens(ctx.plan.request().workload().tokensPerSequence())
                        + " tokens fit"));
        env.add(new EnvVar(
                "OLLAMA_NUM_PARALLEL",
                Integer.toString(c.parallelSequences()),
                "samples x concurrency; KV for context x parallel ("
                        + ctx.evaluation.memory().kvCache() + ") is allocated at load"));
        env.add(new EnvVar(
                "OLLAMA_FLASH_ATTENTION",
                c.flashAttention() ? "1" : "0",
                c.kvCacheType().needsFlashAttention()
                        ? "a quantized KV cache needs flash attention"
                        : "planned " + (c.flashAttention() ? "on" : "off") + " (compute buffer sized for it)"));
        env.add(new EnvVar(
                "OLLAMA_KV_CACHE_TYPE",
                c.kvCacheType().cliName(),
                PlanText.tokens(ctx.evaluation.memory().kvBytesPerToken().bytes()) + " bytes of KV per token"));
        env.add(new EnvVar("OLLAMA_KEEP_ALIVE", OLLAMA_KEEP_ALIVE, "keep the model loaded: a reload takes minutes"));
        env.add(new EnvVar("OLLAMA_MAX_LOADED_MODELS", "1", "memory was planned for this one model"));
        if (plannedGpus(ctx).size() > 1) {
            env.add(new EnvVar(
                    "OLLAMA_SCHED_SPREAD",
                    "1",
                    "the plan splits the layers over " + plannedGpus(ctx).size() + " GPUs"));
        }
        return env;
    }

    private static String ollamaTag(Context ctx) {
        return ctx.facts
                .ollamaTag()
                .orElseThrow(() -> new ComposeException("the catalog lists no Ollama tag for " + ctx.facts.modelName()
                        + " in " + ctx.config.quantization()));
    }

    private static ComposeModel ollama(Context ctx) {
        Platform platform = ctx.hardware.platform();
        String image = Images.ollama(platform);
        String tag = ollamaTag(ctx);
        List<String> devices = platform.isAmd() ? List.of("/dev/kfd", "/dev/dri") : List.of();
        Service server = new Service(
                "ollama",
                image,
                List.of(),
                List.of(),
                ollamaSettings(ctx),
                List.of(port(ctx.hostIp, OLLAMA_PORT, OLLAMA_PORT)),
                List.of("ollama:/root/.ollama"),
                devices,
                gpu(ctx),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                // the image has no curl; the CLI's own client asks the server it runs next to
                Optional.of(new Healthcheck(List.of("CMD", "ollama", "list"), "10s", "5s", 6, "30s")),
                List.of(),
                "unless-stopped");
        Service pull = new Service(
                "ollama-pull",
                image,
                List.of(),
                List.of(Arg.of("pull"), new Arg(literal(tag), ctx.config.quantization() + " as planned")),
                List.of(new EnvVar("OLLAMA_HOST", "http://ollama:11434", "pull through the server above")),
                List.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                List.of(new Dependency("ollama", "service_healthy")),
                "no");
        List<Service> services = new ArrayList<>(List.of(server, pull));
        List<String> volumes = new ArrayList<>(List.of("ollama"));
        if (ctx.options.withUi()) {
            services.add(webUi(ctx, List.of(new EnvVar("OLLAMA_BASE_URL", "http://ollama:11434", "")), "ollama"));
            volumes.add("open-webui");
        }
        String url = "http://" + ctx.urlHost + ":" + OLLAMA_PORT;
        List<String> why = new ArrayList<>();
        if (platform.isAmd()) {
            why.add("AMD GPU: Ollama's ROCm image, with /dev/kfd and /dev/dri passed through (no NVIDIA device"
                    + " reservation).");
        } else if (platform == Platform.CPU) {
            why.add("No accelerator: Ollama runs on the CPU, so the service reserves no GPU.");
        }
        Readme readme = new Readme(
                title(ctx),
                planned(ctx),
                PlanText.rows(ctx.evaluation.memory()),
                why,
                List.of("docker compose up -d", "docker compose logs -f ollama-pull   # the model download"),
                List.of("docker compose ps", "curl -s " + url + "/api/ps   # size_vram = size when fully on the GPU"),
                url + " (Ollama API; OpenAI-compatible under " + url + "/v1)",
                List.of(chatRequest(url + "/v1/chat/completions", tag, Optional.empty())),
                List.of("docker compose down        # keeps the downloaded model (volume ollama)"),
                notes(ctx));
        return new ComposeModel(
                ctx.header,
                Optional.of(new ComposeFile(services, volumes)),
                envEntries(ctx, List.of()),
                Optional.empty(),
                readme,
                listenWarnings(ctx, "Ollama", OLLAMA_PORT));
    }

    /** Apple Silicon: Docker on macOS has no GPU, so Ollama runs natively from a script with the same settings. */
    private static ComposeModel ollamaNative(Context ctx) {
        String tag = ollamaTag(ctx);
        List<EnvVar> env = new ArrayList<>(ollamaSettings(ctx));
        env.add(new EnvVar(
                "OLLAMA_HOST", hostPort(ctx.hostIp, OLLAMA_PORT), ctx.listening() ? "--listen" : "this machine only"));
        String url = "http://" + ctx.urlHost + ":" + OLLAMA_PORT;
        LaunchScript script = new LaunchScript("start-ollama.sh", env, tag, url);
        Optional<ComposeFile> compose = Optional.empty();
        List<String> start = new ArrayList<>(List.of("./start-ollama.sh"));
        List<String> stop = new ArrayList<>(List.of("Ctrl-C in the terminal running start-ollama.sh"));
        if (ctx.options.withUi()) {
            // the UI needs no GPU, so it may run in Docker and reach the native server through Docker Desktop's host
            compose = Optional.of(new ComposeFile(
                    List.of(webUi(
                            ctx,
                            List.of(new EnvVar(
                                    "OLLAMA_BASE_URL",
                                    "http://host.docker.internal:11434",
                                    "the native Ollama on this Mac")),
                            "")),
                    List.of("open-webui")));
            start.add("docker compose up -d   # Open WebUI");
            stop.add("docker compose down");
        }
        List<String> why = List.of(
                "Docker on macOS runs containers in a Linux VM without access to the Apple GPU (Metal), so an Ollama"
                        + " container would run on the CPU only. start-ollama.sh runs the native Ollama"
                        + " (https://ollama.com/download) with the planned settings instead.",
                "Quit the Ollama menu-bar app first: it serves on the same port with its own settings.");
        Readme readme = new Readme(
                title(ctx),
                planned(ctx),
                PlanText.rows(ctx.evaluation.memory()),
                why,
                start,
                List.of("curl -s " + url + "/api/ps   # size_vram = size when fully on the GPU"),
                url + " (Ollama API; OpenAI-compatible under " + url + "/v1)",
                List.of(chatRequest(url + "/v1/chat/completions", tag, Optional.empty())),
                stop,
                notes(ctx));
        return new ComposeModel(
                ctx.header,
                compose,
                compose.isPresent() ? envEntries(ctx, List.of()) : List.of(),
                Optional.of(script),
                readme,
                listenWarnings(ctx, "Ollama", OLLAMA_PORT));
    }

    // ---------------------------------------------------------------- vLLM

    private static ComposeModel vllm(Context ctx) {
        Configuration c = ctx.config;
        Platform platform = ctx.hardware.platform();
        Optional<Integer> driver = ctx.nvidiaDriver().map(Images::driverMajor);
        String image = Images.vllm(platform, driver);
        String repo = ctx.facts
                .vllmRepo()
                .orElseThrow(() -> new ComposeException("the catalog lists no vLLM repository for "
                        + ctx.facts.modelName() + " in " + c.quantization()));
        String served = ctx.facts.modelId();
        List<Arg> args = new ArrayList<>();
        boolean ngc = platform == Platform.NVIDIA_UNIFIED;
        if (ngc) {
            args.add(new Arg("vllm", "NVIDIA's image does not start the server by itself"));
            args.add(Arg.of("serve"));
        }
        args.addAll(vllmServeArgs(ctx, repo));
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("HF_TOKEN", "${HF_TOKEN:-}", "gated models only; set in .env"));
        if (ctx.listening()) {
            env.add(new EnvVar(
                    "VLLM_API_KEY", required("VLLM_API_KEY"), "--listen: clients must send this key (set in .env)"));
        }
        if (c.tensorParallel() > 1 && plannedAccelerators(ctx).stream().anyMatch(a -> !a.peerToPeer())) {
            env.add(new EnvVar(
                    "NCCL_P2P_DISABLE",
                    "1",
                    "these GPUs have no peer-to-peer path; tensor parallel can hang without this"));
        }
        Service server = new Service(
                "vllm",
                image,
                List.of(),
                args,
                env,
                List.of(port(ctx.hostIp, OPENAI_PORT, OPENAI_PORT)),
                List.of("${HOME}/.cache/huggingface:/root/.cache/huggingface"),
                List.of(),
                gpu(ctx),
                Optional.of("host"),
                Optional.empty(),
                ngc ? ngcUlimits() : List.of(),
                Optional.of(httpHealthcheck(OPENAI_PORT, "/health")),
                List.of(),
                "unless-stopped");
        List<Service> services = new ArrayList<>(List.of(server));
        List<String> volumes = new ArrayList<>();
        if (ctx.options.withUi()) {
            services.add(webUi(ctx, openAiUi("vllm", ctx.listening() ? "${VLLM_API_KEY}" : "none"), "vllm"));
            volumes.add("open-webui");
        }
        List<EnvEntry> secrets = new ArrayList<>();
        secrets.add(new EnvEntry(
                "HF_TOKEN",
                "",
                "Hugging Face token (https://huggingface.co/settings/tokens); needed for gated models only"));
        if (ctx.listening()) {
            secrets.add(new EnvEntry(
                    "VLLM_API_KEY",
                    "",
                    "required with --listen: clients send it as 'Authorization: Bearer KEY' (openssl rand -hex 32)"));
        }
        String url = "http://" + ctx.urlHost + ":" + OPENAI_PORT;
        List<String> notes = new ArrayList<>(notes(ctx));
        if (ngc) {
            notes.add("DGX Spark: NVIDIA's vLLM build (" + Images.NGC_VLLM + ") runs on the GB10 (arm64, sm_121).");
        } else if (driver.isEmpty()) {
            notes.add("The image is vLLM's CUDA 12.9 build, which needs NVIDIA driver 575 or newer. With driver 580"
                    + " or newer (nvidia-smi shows it), the CUDA 13 build is the plain tag: pass --nvidia-driver"
                    + " to thinkrig compose to get it.");
        } else if (ctx.driverDetected()) {
            GpuDriver detected = ctx.hardware.driver().get();
            notes.add("The image follows the NVIDIA driver detected on this machine, " + detected.version()
                    + detected.cudaVersion().map(v -> " (CUDA " + v + ")").orElse("") + ": "
                    + (driver.get() >= Images.CUDA13_MIN_DRIVER
                            ? "vLLM's CUDA 13 build"
                            : "vLLM's CUDA 12.9 build (CUDA 13 needs driver " + Images.CUDA13_MIN_DRIVER + ")")
                    + "; --nvidia-driver overrides it.");
        }
        if (!ngc && driver.isPresent() && driver.get() < Images.CUDA129_MIN_DRIVER) {
            notes.add("NVIDIA driver " + ctx.nvidiaDriver().get() + " is older than CUDA 12.9 needs (575):"
                    + " data-center GPUs run it through forward compatibility, GeForce cards need a driver update.");
        }
        Readme readme = new Readme(
                title(ctx),
                planned(ctx),
                PlanText.rows(ctx.evaluation.memory()),
                List.of(),
                List.of("docker compose up -d", "docker compose logs -f vllm   # download and load take minutes"),
                List.of(
                        "docker compose ps   # healthy once the model is loaded",
                        "curl -s " + url + "/v1/models"
                                + (ctx.listening() ? " -H \"Authorization: Bearer $KEY\"" : "")),
                url + "/v1 (OpenAI-compatible)",
                List.of(chatRequest(
                        url + "/v1/chat/completions",
                        served,
                        ctx.listening() ? Optional.of("$KEY") : Optional.empty())),
                List.of("docker compose down   # the weights stay in ~/.cache/huggingface"),
                notes);
        return new ComposeModel(
                ctx.header,
                Optional.of(new ComposeFile(services, volumes)),
                envEntries(ctx, secrets),
                Optional.empty(),
                readme,
                listenWarnings(ctx, "vLLM", OPENAI_PORT));
    }

    /** The arguments of {@code vllm serve}: the model and every flag the plan decided. */
    private static List<Arg> vllmServeArgs(Context ctx, String repo) {
        Configuration c = ctx.config;
        String served = ctx.facts.modelId();
        List<Arg> args = new ArrayList<>();
        args.add(new Arg(literal(repo), "Hugging Face repository of the " + c.quantization() + " weights"));
        args.add(new Arg("--served-model-name=" + literal(served), "the name clients send as \"model\""));
        args.add(new Arg(
                "--max-model-len=" + c.contextTokens(),
                "context per sequence; prompt + reasoning budget + answer = "
                        + PlanText.tokens(ctx.plan.request().workload().tokensPerSequence())));
        args.add(new Arg(
                "--gpu-memory-utilization=" + decimal(c.gpuMemoryUtilization()),
                "share of each GPU vLLM takes; the KV pool holds "
                        + PlanText.tokens(ctx.evaluation.memory().kvCapacityTokens()) + " tokens"));
        args.add(new Arg(
                "--tensor-parallel-size=" + c.tensorParallel(),
                c.tensorParallel() == 1
                        ? "one GPU holds the model"
                        : "weights and KV split over " + c.tensorParallel() + " GPUs"
                                + (c.tensorParallelAcrossNodes() ? " on " + c.nodes() + " nodes" : "")));
        if (c.nodes() > 1) {
            args.add(new Arg(
                    "--pipeline-parallel-size=" + c.pipelineParallel(),
                    c.pipelineParallel() == 1
                            ? "no pipeline stages: tensor parallel spans the nodes"
                            : "one pipeline stage per node"));
            args.add(new Arg("--distributed-executor-backend=ray", "the GPUs of the other nodes join through Ray"));
        }
        args.add(new Arg("--max-num-seqs=" + c.parallelSequences(), "samples x concurrency sequences decoded at once"));
        args.add(new Arg(
                "--kv-cache-dtype=" + (c.kvCacheType() == KvCacheType.FP8 ? "fp8" : "auto"),
                c.kvCacheType() == KvCacheType.FP8
                        ? "one byte per KV element, half the 16-bit cache"
                        : "the model's 16-bit type"));
        precisionArg(c.quantization(), repo, ctx.facts.huggingFaceRepo()).ifPresent(args::add);
        ctx.facts
                .reasoningParser()
                .ifPresent(p -> args.add(
                        new Arg("--reasoning-parser=" + literal(p), "returns the thinking as message.reasoning")));
        // the key reaches vLLM as the environment variable VLLM_API_KEY (vLLM's envs.py, read by the API server when
        // --api-key is absent), not as an argument: an argument shows in 'docker inspect', ps and the start-up log
        return args;
    }

    /**
     * The weight precision flag: 16-bit weights name their dtype; FP8 from the 16-bit repository is quantized at load
     * ({@code --quantization fp8}); pre-quantized repositories (FP8, AWQ, GPTQ, NVFP4) carry their own
     * quantization_config, from which vLLM picks its fastest kernel (naming {@code awq} would force the slower one).
     */
    static Optional<Arg> precisionArg(Quantization q, String repo, String baseRepo) {
        return switch (q) {
            case BF16 -> Optional.of(new Arg("--dtype=bfloat16", "16-bit weights as planned"));
            case F16 -> Optional.of(new Arg("--dtype=float16", "16-bit weights as planned"));
            case FP8 ->
                repo.equals(baseRepo)
                        ? Optional.of(new Arg("--quantization=fp8", "16-bit checkpoint quantized to FP8 at load"))
                        : Optional.empty();
            default -> Optional.empty();
        };
    }

    // ---------------------------------------------------------------- vLLM over Ray, across machines

    static final int RAY_PORT = 6379;

    /** The RDMA devices of InfiniBand / RoCE NICs (the DGX Spark's ConnectX-7), for NCCL to bypass TCP. */
    static final String RDMA_DEVICES = "/dev/infiniband:/dev/infiniband";

    private static Context multiNode(Plan plan, CatalogFacts facts, ComposeOptions options) {
        Evaluation chosen = plan.chosen()
                .orElseThrow(() -> new IllegalArgumentException("the plan does not fit; there is nothing to deploy"));
        if (chosen.config().nodes() < 2 || chosen.config().engine() != Engine.VLLM) {
            throw new ComposeException("a multi-node deployment needs a vLLM plan over 2 or more nodes");
        }
        return new Context(plan, chosen, facts, options);
    }

    /** GPUs each node gives the deployment (identical nodes). */
    static int gpusPerNode(Configuration c, Hardware hardware) {
        return Math.max(
                1, Math.min(c.ranks() / c.nodes(), hardware.accelerators().size()));
    }

    /**
     * The head's shell script: start the Ray head, wait until the count in {@code countVariable} of nodes is alive,
     * then replace itself with {@code vllm serve} and the arguments that follow the script.
     */
    static String headScript(String nodeAddressFlag, String countVariable) {
        return "ray start --head --port=" + RAY_PORT + nodeAddressFlag
                + " && until python3 -c \"import ray, sys; ray.init(address='auto', logging_level='ERROR');"
                + " sys.exit(sum(n['Alive'] for n in ray.nodes()) < int(sys.argv[1]))\" \"$" + countVariable
                + "\" >/dev/null 2>&1; do echo \"thinkrig: waiting for $" + countVariable
                + " nodes to join Ray\"; sleep 10; done && exec vllm serve \"$@\"";
    }

    /** One compose file per node: node-1 runs the Ray head and vllm serve, node-2..N join it as Ray workers. */
    public static ClusterModel cluster(Plan plan, CatalogFacts facts, ComposeOptions options) {
        Context ctx = multiNode(plan, facts, options);
        Configuration c = ctx.config;
        int nodes = c.nodes();
        String image = Images.vllm(ctx.hardware.platform(), ctx.nvidiaDriver().map(Images::driverMajor));
        String repo = vllmRepo(ctx);
        String head = required("THINKRIG_HEAD_ADDRESS");
        String iface = required("THINKRIG_NETWORK_INTERFACE");
        Optional<Gpu> gpu = ctx.hardware.platform().isNvidia()
                ? Optional.of(Gpu.count(gpusPerNode(c, ctx.hardware)))
                : Optional.empty();
        List<String> volumes = List.of("${HOME}/.cache/huggingface:/root/.cache/huggingface");

        List<Arg> serveArgs = new ArrayList<>(vllmServeArgs(ctx, repo));
        serveArgs.add(new Arg(
                "--host=" + ctx.hostIp,
                ctx.listening() ? "--listen" : "host networking: this machine only unless --listen"));
        serveArgs.add(new Arg("--port=" + OPENAI_PORT, ""));
        List<EnvVar> headEnv =
                new ArrayList<>(clusterEnv(head, iface, "node-1's address on the link between the nodes"));
        headEnv.add(new EnvVar(
                "THINKRIG_NODES", Integer.toString(nodes), "vllm serve starts once this many nodes joined Ray"));
        if (ctx.listening()) {
            headEnv.add(new EnvVar(
                    "VLLM_API_KEY", required("VLLM_API_KEY"), "--listen: clients must send this key (set in .env)"));
        }
        String healthHost = ctx.hostIp.equals("0.0.0.0") || ctx.hostIp.equals("::") ? LOOPBACK : ctx.urlHost;
        Service headService = new Service(
                "vllm-head",
                image,
                List.of(
                        "/bin/bash",
                        "-c",
                        literal(headScript(" --node-ip-address=\"$VLLM_HOST_IP\"", "THINKRIG_NODES")),
                        "vllm-head"),
                serveArgs,
                headEnv,
                List.of(),
                volumes,
                List.of(),
                gpu,
                Optional.of("host"),
                Optional.empty(),
                ngcUlimits(),
                Optional.of(httpHealthcheck(healthHost, OPENAI_PORT, "/health")),
                List.of(),
                "unless-stopped",
                Optional.of("host"),
                List.of(RDMA_DEVICES));
        List<ClusterModel.Node> files = new ArrayList<>();
        files.add(new ClusterModel.Node(
                "node-1", new ComposeFile(List.of(headService), List.of()), clusterEnvEntries(ctx, true)));
        for (int n = 2; n <= nodes; n++) {
            Service worker = new Service(
                    "ray-worker",
                    image,
                    List.of("ray"),
                    List.of(
                            Arg.of("start"),
                            new Arg("--block", "stay in the foreground: the container lives as long as the worker"),
                            new Arg("--address=" + head + ":" + RAY_PORT, "the Ray head on node-1"),
                            new Arg("--node-ip-address=" + required("THINKRIG_NODE_ADDRESS"), "this node on the link")),
                    clusterEnv(required("THINKRIG_NODE_ADDRESS"), iface, "this node's address on the link"),
                    List.of(),
                    volumes,
                    List.of(),
                    gpu,
                    Optional.of("host"),
                    Optional.empty(),
                    ngcUlimits(),
                    Optional.empty(),
                    List.of(),
                    "unless-stopped",
                    Optional.of("host"),
                    List.of(RDMA_DEVICES));
            files.add(new ClusterModel.Node(
                    "node-" + n, new ComposeFile(List.of(worker), List.of()), clusterEnvEntries(ctx, false)));
        }
        String url = "http://" + ctx.urlHost + ":" + OPENAI_PORT;
        List<String> why = List.of(
                "The model spans " + nodes + " machines: vLLM runs over Ray (" + PlanText.configuration(c) + ")."
                        + " node-1 is the head: it runs the Ray head and, once all " + nodes + " nodes joined, vllm"
                        + " serve, the only endpoint. node-2 to node-" + nodes
                        + " are Ray workers that lend their GPUs.",
                "Copy node-1/ to the head machine and node-K/ to each worker. In every .env, set THINKRIG_HEAD_ADDRESS"
                        + " (node-1's IP on the fast link between the machines), THINKRIG_NETWORK_INTERFACE (that link's"
                        + " interface on this machine, from ip -br addr; NCCL and Gloo use it) and, on workers,"
                        + " THINKRIG_NODE_ADDRESS (the worker's own IP on that link). thinkrig does not guess them.",
                "Every container uses the host's network (Ray and NCCL open many ports) and the host's IPC namespace,"
                        + " so /dev/shm is the host's. For RDMA (InfiniBand or RoCE, such as the DGX Spark's ConnectX-7),"
                        + " uncomment the devices lines; without them NCCL uses TCP sockets on that interface.",
                "Order: start node-1 first (its Ray head listens on port " + RAY_PORT + "), then every worker; node-1"
                        + " starts vllm serve by itself once all workers have joined. Each node downloads the weights"
                        + " into its own ~/.cache/huggingface.");
        List<String> start = new ArrayList<>();
        start.add("# 1. on node-1 (the head): Ray head, then vllm serve once the workers joined");
        start.add("cd node-1 && docker compose up -d");
        start.add("# 2. on each worker node-K, after node-1's Ray head is up (logs: 'Ray runtime started')");
        start.add("cd node-K && docker compose up -d");
        start.add("# 3. on node-1: watch the workers join and the model load");
        start.add("docker compose logs -f vllm-head");
        List<String> notes = new ArrayList<>(notes(ctx));
        if (ctx.hardware.platform() == Platform.NVIDIA_UNIFIED) {
            notes.add("DGX Spark: NVIDIA's vLLM build (" + Images.NGC_VLLM + ") runs on the GB10 (arm64, sm_121);"
                    + " two Sparks are joined by their 200 GbE ConnectX-7 ports, as in NVIDIA's playbook.");
        }
        Readme readme = new Readme(
                title(ctx) + " x " + nodes,
                planned(ctx),
                PlanText.rows(ctx.evaluation.memory()),
                why,
                start,
                List.of(
                        "docker compose ps   # on node-1: healthy once the model is loaded",
                        "docker compose exec vllm-head ray status   # on node-1: " + nodes + " nodes, their GPUs",
                        "curl -s " + url + "/v1/models"
                                + (ctx.listening() ? " -H \"Authorization: Bearer $KEY\"" : "")),
                url + "/v1 on node-1 (OpenAI-compatible)",
                List.of(chatRequest(
                        url + "/v1/chat/completions",
                        ctx.facts.modelId(),
                        ctx.listening() ? Optional.of("$KEY") : Optional.empty())),
                List.of("docker compose down   # on node-1 first, then on the workers"),
                notes);
        return new ClusterModel(ctx.header, files, readme, listenWarnings(ctx, "vLLM", OPENAI_PORT));
    }

    private static List<EnvVar> clusterEnv(String address, String iface, String addressWhy) {
        return List.of(
                new EnvVar("HF_TOKEN", "${HF_TOKEN:-}", "gated models only; set in .env"),
                new EnvVar("VLLM_HOST_IP", address, addressWhy),
                new EnvVar("NCCL_SOCKET_IFNAME", iface, "NCCL traffic on the link between the nodes"),
                new EnvVar("GLOO_SOCKET_IFNAME", iface, "Gloo (vLLM's CPU-side collectives) on the same link"));
    }

    private static List<EnvEntry> clusterEnvEntries(Context ctx, boolean head) {
        List<EnvEntry> secrets = new ArrayList<>();
        secrets.add(new EnvEntry(
                "HF_TOKEN",
                "",
                "Hugging Face token (https://huggingface.co/settings/tokens); needed for gated models only"));
        if (head && ctx.listening()) {
            secrets.add(new EnvEntry(
                    "VLLM_API_KEY",
                    "",
                    "required with --listen: clients send it as 'Authorization: Bearer KEY' (openssl rand -hex 32)"));
        }
        secrets.add(new EnvEntry(
                "THINKRIG_HEAD_ADDRESS", "", "node-1's IP address on the link between the nodes (fill in)"));
        if (!head) {
            secrets.add(new EnvEntry(
                    "THINKRIG_NODE_ADDRESS", "", "this node's IP address on the link between the nodes (fill in)"));
        }
        secrets.add(new EnvEntry(
                "THINKRIG_NETWORK_INTERFACE",
                "",
                "this node's interface on that link, from ip -br addr (fill in; for NCCL and Gloo)"));
        return envEntries(ctx, secrets);
    }

    /** A LeaderWorkerSet of one group (the leader and N-1 workers, one pod per node) and a Service for its port. */
    public static KubernetesModel kubernetes(Plan plan, CatalogFacts facts, ComposeOptions options) {
        Context ctx = multiNode(plan, facts, options);
        if (ctx.listening() || ctx.options.withUi()) {
            throw new IllegalArgumentException(
                    "--listen and --with-ui apply to compose files, not to --target kubernetes"
                            + " (the Service is reached inside the cluster)");
        }
        Configuration c = ctx.config;
        String image = Images.vllm(ctx.hardware.platform(), ctx.nvidiaDriver().map(Images::driverMajor));
        List<Arg> args = new ArrayList<>(vllmServeArgs(ctx, vllmRepo(ctx)));
        args.add(new Arg("--port=" + OPENAI_PORT, "the Service's target port"));
        String name = projectName(ctx.facts.modelId()).replace('_', '-');
        if (name.length() > 63) {
            name = name.substring(0, 63).replaceAll("-+$", "");
        }
        List<EnvVar> env =
                List.of(new EnvVar("HF_HOME", "/root/.cache/huggingface", "where the weights are downloaded"));
        String url = "http://" + name + ":" + OPENAI_PORT;
        Readme readme = new Readme(
                title(ctx) + " x " + c.nodes() + " (Kubernetes)",
                planned(ctx),
                PlanText.rows(ctx.evaluation.memory()),
                List.of(
                        "leaderworkerset.yaml holds a LeaderWorkerSet (https://lws.sigs.k8s.io, its controller must be"
                                + " installed) of one group of " + c.nodes() + " pods, one per node with "
                                + gpusPerNode(c, ctx.hardware) + " GPU each: the leader runs the Ray head and, once"
                                + " all pods joined (LWS_GROUP_SIZE), vllm serve; the workers join it at"
                                + " LWS_LEADER_ADDRESS. A Service named " + name + " reaches the leader's port "
                                + OPENAI_PORT + ".",
                        "/dev/shm is a memory-backed emptyDir (NCCL needs more than the container default). Each pod"
                                + " downloads the weights; for gated models create the secret hf-token first."),
                List.of(
                        "kubectl create secret generic hf-token --from-literal=token=hf_...   # gated models only",
                        "kubectl apply -f leaderworkerset.yaml",
                        "kubectl logs -f " + name + "-0   # the leader"),
                List.of(
                        "kubectl get leaderworkerset " + name,
                        "kubectl get pods -l leaderworkerset.sigs.k8s.io/name=" + name),
                url + "/v1 inside the cluster (OpenAI-compatible)",
                List.of(
                        "kubectl port-forward svc/" + name + " " + OPENAI_PORT + ":" + OPENAI_PORT,
                        chatRequest(
                                "http://127.0.0.1:" + OPENAI_PORT + "/v1/chat/completions",
                                ctx.facts.modelId(),
                                Optional.empty())),
                List.of("kubectl delete -f leaderworkerset.yaml"),
                notes(ctx));
        return new KubernetesModel(
                ctx.header,
                name,
                c.nodes(),
                image,
                gpusPerNode(c, ctx.hardware),
                List.of("/bin/bash", "-c", headScript("", "LWS_GROUP_SIZE"), "vllm-leader"),
                args,
                List.of("ray", "start", "--block", "--address=$(LWS_LEADER_ADDRESS):" + RAY_PORT),
                env,
                OPENAI_PORT,
                "/health",
                readme,
                List.of());
    }

    private static String vllmRepo(Context ctx) {
        return ctx.facts
                .vllmRepo()
                .orElseThrow(() -> new ComposeException("the catalog lists no vLLM repository for "
                        + ctx.facts.modelName() + " in " + ctx.config.quantization()));
    }

    // ---------------------------------------------------------------- NIM

    private static ComposeModel nim(Context ctx) {
        Configuration c = ctx.config;
        String repository = ctx.facts
                .nimImage()
                .orElseThrow(() -> new ComposeException("NVIDIA publishes no NIM for " + ctx.facts.modelName()));
        String image = Images.nim(literal(repository), ctx.hardware.platform());
        // the generic vLLM profile the plan sized (sizing's NimProfile: vllm-<precision>-tp<N>-pp<M>)
        String profile = NimProfile.of(c).name();
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("NGC_API_KEY", required("NGC_API_KEY"), "set in .env; the container downloads with it"));
        env.add(new EnvVar(
                "NIM_MODEL_PROFILE",
                profile,
                "vLLM backend, " + c.quantization() + ", tensor parallel " + c.tensorParallel()));
        env.add(new EnvVar(
                "NIM_MAX_MODEL_LEN",
                Integer.toString(c.contextTokens()),
                "context per sequence; prompt + reasoning budget + answer = "
                        + PlanText.tokens(ctx.plan.request().workload().tokensPerSequence())));
        env.add(new EnvVar(
                "NIM_MAX_NUM_SEQS",
                Integer.toString(c.parallelSequences()),
                "samples x concurrency sequences decoded at once"));
        env.add(new EnvVar(
                "NIM_GPU_MEMORY_UTILIZATION",
                decimal(c.gpuMemoryUtilization()),
                "share of each GPU; the KV pool holds "
                        + PlanText.tokens(ctx.evaluation.memory().kvCapacityTokens()) + " tokens"));
        Service server = new Service(
                "nim",
                image,
                List.of(),
                List.of(),
                env,
                List.of(port(ctx.hostIp, OPENAI_PORT, OPENAI_PORT)),
                List.of("${HOME}/.cache/nim:/opt/nim/.cache"),
                List.of(),
                gpu(ctx),
                Optional.empty(),
                Optional.of(NIM_SHM_SIZE),
                List.of(),
                Optional.of(httpHealthcheck(OPENAI_PORT, "/v1/health/ready")),
                List.of(),
                "unless-stopped");
        List<Service> services = new ArrayList<>(List.of(server));
        List<String> volumes = new ArrayList<>();
        if (ctx.options.withUi()) {
            services.add(webUi(ctx, openAiUi("nim", "none"), "nim"));
            volumes.add("open-webui");
        }
        String url = "http://" + ctx.urlHost + ":" + OPENAI_PORT;
        List<String> notes = new ArrayList<>(notes(ctx));
        notes.add("NIM_MODEL_PROFILE names the profile thinkrig sized (" + profile + "). If the container rejects"
                + " it, list the profiles that match these GPUs with: docker compose run --rm nim list-model-profiles"
                + " (then set one of them).");
        notes.add("The image tag is " + Images.NIM_TAG + "; pin the version you have tested (NGC catalog) before"
                + " keeping this file.");
        Readme readme = new Readme(
                title(ctx),
                planned(ctx),
                PlanText.rows(ctx.evaluation.memory()),
                List.of(),
                List.of(
                        "sed -n 's/^NGC_API_KEY=//p' .env | docker login nvcr.io -u '$oauthtoken' --password-stdin",
                        "mkdir -p ~/.cache/nim && chmod a+w ~/.cache/nim   # the container's user writes here",
                        "docker compose up -d",
                        "docker compose logs -f nim   # download and load take minutes"),
                List.of("docker compose ps   # healthy once /v1/health/ready answers", "curl -s " + url + "/v1/models"),
                url + "/v1 (OpenAI-compatible)",
                List.of("curl -s " + url + "/v1/models   # the served model name to put in requests"),
                List.of("docker compose down   # the download stays in ~/.cache/nim"),
                notes);
        return new ComposeModel(
                ctx.header,
                Optional.of(new ComposeFile(services, volumes)),
                envEntries(
                        ctx,
                        List.of(new EnvEntry(
                                "NGC_API_KEY",
                                "",
                                "NGC API key (https://org.ngc.nvidia.com/setup/api-key); also the docker login"
                                        + " password for nvcr.io"))),
                Optional.empty(),
                readme,
                listenWarnings(ctx, "NIM", OPENAI_PORT));
    }

    // ---------------------------------------------------------------- shared pieces

    /**
     * The NVIDIA device reservation for the GPUs the plan placed the model on: their number when they are the first
     * ones (GPU 0 to N-1), otherwise their ids; a planned MIG instance by its {@code MIG-<uuid>}, the one id that pins
     * the container to that instance (a count or index 0 may hand CUDA another instance of the GPU; the NVIDIA
     * Container Toolkit takes MIG device UUIDs in NVIDIA_VISIBLE_DEVICES, which Docker's device_ids set:
     * https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/docker-specialized.html and the MIG User
     * Guide's "Running CUDA Applications as Containers", https://docs.nvidia.com/datacenter/tesla/mig-user-guide/);
     * none on CPU, ROCm and Apple targets.
     */
    static Optional<Gpu> gpu(Context ctx) {
        if (!ctx.hardware.platform().isNvidia()) {
            return Optional.empty();
        }
        List<Integer> gpus = plannedGpus(ctx);
        if (gpus.isEmpty()) {
            return Optional.empty();
        }
        List<Accelerator> planned = plannedAccelerators(ctx);
        if (planned.stream().anyMatch(a -> a.deviceId().isPresent())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < gpus.size(); i++) {
                ids.add(planned.get(i).deviceId().orElse(String.valueOf(gpus.get(i))));
            }
            return Optional.of(Gpu.deviceIds(ids));
        }
        return Optional.of(gpuReservation(gpus));
    }

    static Gpu gpuReservation(List<Integer> gpus) {
        for (int i = 0; i < gpus.size(); i++) {
            if (gpus.get(i) != i) {
                return Gpu.deviceIds(gpus.stream().map(String::valueOf).toList());
            }
        }
        return Gpu.count(gpus.size());
    }

    /** Indices of the accelerators holding part of the model, ascending. */
    private static List<Integer> plannedGpus(Context ctx) {
        return ctx.evaluation.memory().perDevice().stream()
                .filter(d -> d.accelerator() != DeviceMemory.SYSTEM_MEMORY && d.layers() > 0)
                .map(DeviceMemory::accelerator)
                .distinct()
                .sorted()
                .toList();
    }

    private static List<Accelerator> plannedAccelerators(Context ctx) {
        return plannedGpus(ctx).stream()
                .map(i -> ctx.hardware.accelerators().get(i))
                .toList();
    }

    private static List<Ulimit> ngcUlimits() {
        return List.of(new Ulimit("memlock", -1, -1), new Ulimit("stack", NGC_STACK_BYTES, NGC_STACK_BYTES));
    }

    /** A healthcheck on an HTTP path without curl (the engine images have Python; a non-200 raises). */
    static Healthcheck httpHealthcheck(int port, String path) {
        return httpHealthcheck(LOOPBACK, port, path);
    }

    static Healthcheck httpHealthcheck(String host, int port, String path) {
        String probe =
                "import urllib.request; urllib.request.urlopen('http://" + host + ":" + port + path + "', timeout=5)";
        return new Healthcheck(List.of("CMD", "python3", "-c", probe), "30s", "10s", 3, ENGINE_START_PERIOD);
    }

    private static List<EnvVar> openAiUi(String service, String key) {
        return List.of(
                new EnvVar("OPENAI_API_BASE_URL", "http://" + service + ":8000/v1", ""),
                new EnvVar("OPENAI_API_KEY", key, key.startsWith("$") ? "the key vLLM requires" : "unused: no key"),
                new EnvVar("ENABLE_OLLAMA_API", "False", "the engine here speaks the OpenAI API"));
    }

    private static Service webUi(Context ctx, List<EnvVar> env, String engineService) {
        return new Service(
                "open-webui",
                Images.OPEN_WEBUI,
                List.of(),
                List.of(),
                env,
                List.of(port(ctx.hostIp, WEBUI_PORT, WEBUI_CONTAINER_PORT)),
                List.of("open-webui:/app/backend/data"),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                engineService.isEmpty() ? List.of() : List.of(new Dependency(engineService, "service_started")),
                "unless-stopped");
    }

    private static List<EnvEntry> envEntries(Context ctx, List<EnvEntry> secrets) {
        List<EnvEntry> entries = new ArrayList<>();
        entries.add(new EnvEntry(
                "COMPOSE_PROJECT_NAME",
                projectName(ctx.facts.modelId()),
                "names the containers, network and volumes (Debian's docker-compose 1.29 rejects a name: key)"));
        entries.addAll(secrets);
        return entries;
    }

    /** {@code thinkrig-} and the model id, in the characters Compose allows in a project name. */
    public static String projectName(String modelId) {
        String name = ("thinkrig-" + modelId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
        return name.replaceAll("-+$", "");
    }

    private static List<String> listenWarnings(Context ctx, String engine, int port) {
        if (!ctx.listening()) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        String where = hostPort(ctx.hostIp, port);
        if (ctx.config.engine() == Engine.OLLAMA) {
            warnings.add("Ollama has no authentication: anyone who reaches " + where
                    + " can run, pull and delete models. Put a reverse proxy with authentication in front of it,"
                    + " or a firewall.");
        } else if (ctx.config.engine() == Engine.NIM) {
            warnings.add("NIM has no authentication: anyone who reaches " + where
                    + " can use the model. Put a reverse proxy with authentication in front of it, or a firewall.");
        } else {
            warnings.add(engine + " on " + where + " requires the key in .env (VLLM_API_KEY); set it before"
                    + " 'docker compose up'.");
        }
        if (ctx.options.withUi()) {
            warnings.add("Open WebUI on " + hostPort(ctx.hostIp, WEBUI_PORT)
                    + ": the first account created becomes its administrator; create it before others can reach it.");
        }
        return warnings;
    }

    private static String title(Context ctx) {
        return ctx.facts.modelName() + " with " + engineName(ctx.config.engine()) + " on " + ctx.hardware.name();
    }

    private static String engineName(Engine engine) {
        return switch (engine) {
            case OLLAMA -> "Ollama";
            case VLLM -> "vLLM";
            case NIM -> "NVIDIA NIM";
        };
    }

    private static List<String> planned(Context ctx) {
        List<String> lines = new ArrayList<>();
        lines.add("Configuration: " + PlanText.configuration(ctx.config));
        lines.add("Workload " + PlanText.workload(ctx.plan.request().workload()));
        lines.add("Memory: " + PlanText.memory(ctx.evaluation.memory()));
        lines.add("KV cache: "
                + PlanText.tokens(ctx.evaluation.memory().kvBytesPerToken().bytes())
                + " bytes per token; " + PlanText.tokens(ctx.evaluation.memory().kvCapacityTokens())
                + " tokens of capacity");
        lines.add("Speed: " + PlanText.speed(ctx.evaluation));
        return lines;
    }

    private static List<String> notes(Context ctx) {
        List<String> notes = new ArrayList<>(ctx.evaluation.notes());
        notes.addAll(ctx.hardware.notes());
        return notes;
    }

    /** An OpenAI-style chat request as one shell line; the JSON is built with the same escaping as the YAML. */
    private static String chatRequest(String url, String model, Optional<String> key) {
        String body = "{\"model\": " + Escapes.yamlString(model)
                + ", \"messages\": [{\"role\": \"user\", \"content\": \"How many primes are below 100?\"}]}";
        return "curl -s " + url + " -H 'Content-Type: application/json'"
                + key.map(k -> " -H \"Authorization: Bearer " + k + "\"").orElse("") + " -d "
                + Escapes.shellWord(body);
    }

    /** A short-syntax port: {@code 127.0.0.1:8000:8000}, IPv6 addresses in brackets. */
    static String port(String hostIp, int published, int target) {
        return hostPort(hostIp, published) + ":" + target;
    }

    private static String hostPort(String hostIp, int port) {
        return (hostIp.contains(":") ? "[" + hostIp + "]" : hostIp) + ":" + port;
    }

    /** {@code --listen}'s address: an IP literal (a host name would need a lookup at compose time). */
    public static String listenAddress(String text) {
        String a = text.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        var v4 = IPV4.matcher(a);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    throw new IllegalArgumentException("--listen: not an IPv4 address: " + text);
                }
            }
            return a;
        }
        if (IPV6.matcher(a).matches()) {
            return a.toLowerCase(Locale.ROOT);
        }
        throw new IllegalArgumentException(
                "--listen takes an IP address of this machine (0.0.0.0 for every interface), was '" + text + "'");
    }

    /** The host to put in URLs in the README: the loopback address when publishing on every interface. */
    private static String urlHost(String hostIp) {
        if (hostIp.equals("0.0.0.0")) {
            return LOOPBACK;
        }
        if (hostIp.equals("::")) {
            return "[::1]";
        }
        return hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
    }

    /** Catalog text written into a compose file: Compose reads {@code $} as interpolation, {@code $$} as a dollar. */
    static String literal(String text) {
        return text.replace("$", "$$");
    }

    /** A variable that must be set in .env, or Compose refuses to start (and says which). */
    private static String required(String variable) {
        return "${" + variable + ":?set " + variable + " in .env}";
    }

    /** {@code 0.9}, {@code 0.82}: the planner's utilization without binary-fraction noise. */
    static String decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
