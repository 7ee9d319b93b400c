package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.plan.Configuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** vLLM over Ray across machines, built on {@link VllmRecipe}: node-1 runs the Ray head and vllm serve. */
final class RayClusterRecipe {

    static final int RAY_PORT = 6379;

    /** The RDMA devices of InfiniBand / RoCE NICs (the DGX Spark's ConnectX-7), for NCCL to bypass TCP. */
    static final String RDMA_DEVICES = "/dev/infiniband:/dev/infiniband";

    private RayClusterRecipe() {}

    /** A vLLM plan over 2 or more nodes; anything else cannot become a multi-node layout. */
    static RecipeContext multiNode(RecipeContext ctx) {
        if (ctx.config.nodes() < 2 || ctx.config.engine() != Engine.VLLM) {
            throw new RecipeException(
                    RecipeException.Kind.UNSUPPORTED,
                    "nodes",
                    Integer.toString(ctx.config.nodes()),
                    "a multi-node deployment needs a vLLM plan over 2 or more nodes");
        }
        return ctx;
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

    private static Value required(String variable) {
        return Value.variable(variable, Value.Need.REQUIRED);
    }

    static ClusterRecipe of(RecipeContext ctx) {
        multiNode(ctx);
        Configuration c = ctx.config;
        int nodes = c.nodes();
        ImageChoice image = VllmRecipe.image(ctx);
        Optional<GpuRequest> gpu = ctx.hardware.platform().isNvidia()
                ? Optional.of(GpuRequest.count(gpusPerNode(c, ctx.hardware)))
                : Optional.empty();

        List<Arg> serveArgs = new ArrayList<>(VllmRecipe.serveArgs(ctx, VllmRecipe.repo(ctx)));
        serveArgs.add(Arg.of(
                "--host=" + ctx.hostIp,
                ctx.listening() ? "--listen" : "host networking: this machine only unless --listen"));
        serveArgs.add(Arg.of("--port=" + VllmRecipe.PORT));
        List<EnvVar> headEnv = new ArrayList<>(
                clusterEnv(required("THINKRIG_HEAD_ADDRESS"), "node-1's address on the link between the nodes"));
        headEnv.add(EnvVar.plain(
                "THINKRIG_NODES", Integer.toString(nodes), "vllm serve starts once this many nodes joined Ray"));
        if (ctx.listening()) {
            headEnv.add(Companions.requiredApiKey());
        }
        String healthHost = ctx.hostIp.equals("0.0.0.0") || ctx.hostIp.equals("::") ? Listen.LOOPBACK : ctx.urlHost();
        ContainerRecipe head = node("vllm-head", image.image(), gpu, ctx.facts.localWeights())
                .entrypoint(List.of(
                        "/bin/bash",
                        "-c",
                        headScript(" --node-ip-address=\"$VLLM_HOST_IP\"", "THINKRIG_NODES"),
                        "vllm-head"))
                .args(serveArgs)
                .env(headEnv)
                .healthcheck(Companions.httpHealthcheck(healthHost, VllmRecipe.PORT, VllmRecipe.READINESS_PATH))
                .build();
        List<ClusterRecipe.Node> files = new ArrayList<>();
        files.add(new ClusterRecipe.Node("node-1", head, settings(ctx, true)));
        Value nodeAddress = required("THINKRIG_NODE_ADDRESS");
        for (int n = 2; n <= nodes; n++) {
            ContainerRecipe worker = node("ray-worker", image.image(), gpu, ctx.facts.localWeights())
                    .entrypoint(List.of("ray"))
                    .arg(Arg.of("start"))
                    .arg(Arg.of("--block", "stay in the foreground: the container lives as long as the worker"))
                    .arg(new Arg(
                            required("THINKRIG_HEAD_ADDRESS")
                                    .after("--address=")
                                    .then(":" + RAY_PORT),
                            "the Ray head on node-1"))
                    .arg(new Arg(nodeAddress.after("--node-ip-address="), "this node on the link"))
                    .env(clusterEnv(nodeAddress, "this node's address on the link"))
                    .build();
            files.add(new ClusterRecipe.Node("node-" + n, worker, settings(ctx, false)));
        }
        return new ClusterRecipe(
                ctx.name(),
                ctx.summary,
                files,
                RAY_PORT,
                ctx.url(VllmRecipe.PORT),
                ctx.facts.modelId(),
                ctx.listening(),
                image,
                warnings(ctx));
    }

    private static List<String> warnings(RecipeContext ctx) {
        List<String> warnings = new ArrayList<>(ctx.listenWarnings(VllmRecipe.PORT));
        ctx.facts
                .localWeights()
                .ifPresent(w -> warnings.add("every node mounts " + w.hostDirectory()
                        + ": copy the checkpoint to that path on each of them before starting"));
        return warnings;
    }

    /** What every node's container shares: host network and IPC, the weights cache, the GPUs, NGC's limits, RDMA. */
    private static ContainerRecipe.Builder node(
            String service, String image, Optional<GpuRequest> gpu, Optional<LocalWeights> local) {
        ContainerRecipe.Builder b = ContainerRecipe.builder(service, image)
                .mount(Mount.home(".cache/huggingface", "/root/.cache/huggingface"));
        // every node loads its own copy of a local checkpoint, at the same path
        local.ifPresent(w -> b.mount(w.mount()));
        return b.optionalDevices(List.of(RDMA_DEVICES))
                .gpu(gpu)
                .ipc("host")
                .ulimits(Companions.ngcUlimits())
                .hostNetwork();
    }

    private static List<EnvVar> clusterEnv(Value address, String addressWhy) {
        Value iface = required("THINKRIG_NETWORK_INTERFACE");
        return List.of(
                Companions.optionalHfToken(),
                EnvVar.of("VLLM_HOST_IP", address, addressWhy),
                EnvVar.of("NCCL_SOCKET_IFNAME", iface, "NCCL traffic on the link between the nodes"),
                EnvVar.of("GLOO_SOCKET_IFNAME", iface, "Gloo (vLLM's CPU-side collectives) on the same link"));
    }

    private static List<UserSetting> settings(RecipeContext ctx, boolean head) {
        List<UserSetting> settings = new ArrayList<>();
        settings.add(Companions.hfToken());
        if (head && ctx.listening()) {
            settings.add(Companions.vllmApiKey());
        }
        settings.add(UserSetting.toFill(
                "THINKRIG_HEAD_ADDRESS", "node-1's IP address on the link between the nodes (fill in)"));
        if (!head) {
            settings.add(UserSetting.toFill(
                    "THINKRIG_NODE_ADDRESS", "this node's IP address on the link between the nodes (fill in)"));
        }
        settings.add(UserSetting.toFill(
                "THINKRIG_NETWORK_INTERFACE",
                "this node's interface on that link, from ip -br addr (fill in; for NCCL and Gloo)"));
        return settings;
    }
}
