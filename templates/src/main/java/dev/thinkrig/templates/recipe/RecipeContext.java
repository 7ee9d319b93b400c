package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.GpuDriver;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.DeviceMemory;
import dev.thinkrig.sizing.plan.Evaluation;
import dev.thinkrig.sizing.plan.Plan;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What every engine recipe reads: the plan's chosen configuration, the catalog's facts and the user's options. */
final class RecipeContext {

    final Plan plan;
    final Evaluation evaluation;
    final Configuration config;
    final Hardware hardware;
    final CatalogFacts facts;
    final RecipeOptions options;
    final String hostIp;
    final PlanSummary summary;

    RecipeContext(Plan plan, CatalogFacts facts, RecipeOptions options) {
        this.plan = plan;
        this.evaluation = plan.chosen()
                .orElseThrow(() -> new RecipeException(
                        RecipeException.Kind.UNSUPPORTED,
                        "plan",
                        plan.request().model().name(),
                        "the plan does not fit; there is nothing to deploy"));
        this.config = evaluation.config();
        this.hardware = plan.request().hardware();
        this.facts = facts;
        this.options = options;
        this.hostIp = options.listen().map(Listen::address).orElse(Listen.LOOPBACK);
        this.summary = PlanSummary.of(plan, evaluation, facts.modelName(), options.invocation());
    }

    boolean listening() {
        return options.listen().isPresent();
    }

    String urlHost() {
        return Listen.urlHost(hostIp);
    }

    /** {@code http://127.0.0.1:8000}: where a client on this machine reaches a port published here. */
    String url(int port) {
        return "http://" + urlHost() + ":" + port;
    }

    /** The deployment's name: {@code --name}, else {@code thinkrig-} and the model id in the characters Compose allows. */
    String name() {
        return options.name().orElseGet(() -> Recipes.projectName(facts.modelId()));
    }

    /**
     * The target's NVIDIA driver: the option when given, else the driver detection found on this machine (or in a
     * support bundle); presets name none.
     */
    Optional<String> nvidiaDriver() {
        return options.nvidiaDriver().or(() -> hardware.driver().map(GpuDriver::version));
    }

    /** Whether the driver came from detection rather than the option. */
    boolean driverDetected() {
        return options.nvidiaDriver().isEmpty() && hardware.driver().isPresent();
    }

    ReadmeFacts.Accelerator accelerator() {
        var p = hardware.platform();
        if (p.isNvidia()) {
            return ReadmeFacts.Accelerator.NVIDIA;
        }
        if (p.isAmd()) {
            return ReadmeFacts.Accelerator.AMD;
        }
        return p == Platform.APPLE ? ReadmeFacts.Accelerator.APPLE : ReadmeFacts.Accelerator.CPU;
    }

    /** Indices of the accelerators holding part of the model, ascending. */
    List<Integer> plannedGpus() {
        return evaluation.memory().perDevice().stream()
                .filter(d -> d.accelerator() != DeviceMemory.SYSTEM_MEMORY && d.layers() > 0)
                .map(DeviceMemory::accelerator)
                .distinct()
                .sorted()
                .toList();
    }

    List<Accelerator> plannedAccelerators() {
        return plannedGpus().stream().map(i -> hardware.accelerators().get(i)).toList();
    }

    /**
     * The NVIDIA GPUs the plan placed the model on: their number when they are the first ones (GPU 0 to N-1), otherwise
     * their ids; a planned MIG instance by its {@code MIG-<uuid>}, the one id that pins the container to that instance
     * (a count or index 0 may hand CUDA another instance of the GPU; the NVIDIA Container Toolkit takes MIG device
     * UUIDs in NVIDIA_VISIBLE_DEVICES, which Docker's device_ids set:
     * https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/docker-specialized.html and the MIG User
     * Guide's "Running CUDA Applications as Containers", https://docs.nvidia.com/datacenter/tesla/mig-user-guide/);
     * none on CPU, ROCm and Apple targets.
     */
    Optional<GpuRequest> gpu() {
        if (!hardware.platform().isNvidia()) {
            return Optional.empty();
        }
        List<Integer> gpus = plannedGpus();
        if (gpus.isEmpty()) {
            return Optional.empty();
        }
        List<Accelerator> planned = plannedAccelerators();
        if (planned.stream().anyMatch(a -> a.deviceId().isPresent())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < gpus.size(); i++) {
                ids.add(planned.get(i).deviceId().orElse(String.valueOf(gpus.get(i))));
            }
            return Optional.of(GpuRequest.deviceIds(ids));
        }
        return Optional.of(gpuReservation(gpus));
    }

    static GpuRequest gpuReservation(List<Integer> gpus) {
        for (int i = 0; i < gpus.size(); i++) {
            if (gpus.get(i) != i) {
                return GpuRequest.deviceIds(gpus.stream().map(String::valueOf).toList());
            }
        }
        return GpuRequest.count(gpus.size());
    }

    /** What the user must know before a published port is reachable from elsewhere. */
    List<String> listenWarnings(int port) {
        if (!listening()) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        String where = Listen.hostPort(hostIp, port);
        if (config.engine() == Engine.OLLAMA) {
            warnings.add("Ollama has no authentication: anyone who reaches " + where
                    + " can run, pull and delete models. Put a reverse proxy with authentication in front of it,"
                    + " or a firewall.");
        } else if (config.engine() == Engine.NIM) {
            warnings.add("NIM has no authentication: anyone who reaches " + where
                    + " can use the model. Put a reverse proxy with authentication in front of it, or a firewall.");
        } else {
            warnings.add("vLLM on " + where + " requires the key in .env (VLLM_API_KEY); set it before"
                    + " 'docker compose up'.");
        }
        if (options.withUi()) {
            warnings.add("Open WebUI on " + Listen.hostPort(hostIp, Companions.WEBUI_PORT)
                    + ": the first account created becomes its administrator; create it before others can reach it.");
        }
        return warnings;
    }

    /** {@code 0.9}, {@code 0.82}: the planner's utilization without binary-fraction noise. */
    static String decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String engineName(Engine engine) {
        return switch (engine) {
            case OLLAMA -> "Ollama";
            case VLLM -> "vLLM";
            case NIM -> "NVIDIA NIM";
        };
    }
}
