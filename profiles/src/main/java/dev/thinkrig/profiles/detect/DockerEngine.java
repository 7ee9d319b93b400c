package dev.thinkrig.profiles.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a Docker engine is reachable and whether its containers can reach NVIDIA GPUs, from
 * {@code docker info --format '{{json .}}'}: the {@code nvidia} runtime (NVIDIA Container Toolkit configured for Docker)
 * or CDI devices named {@code nvidia.com/gpu} (Docker 28 lists them as {@code DiscoveredDevices}).
 *
 * @param reachable whether the daemon answered
 * @param message why it is not reachable (the client's own words), empty when it is
 * @param runtimes the engine's runtimes ({@code runc}, {@code nvidia}, ...)
 */
public record DockerEngine(
        boolean reachable,
        String message,
        String serverVersion,
        String architecture,
        List<String> runtimes,
        List<String> cdiDevices,
        GpuAccess gpuAccess) {

    static final List<String> QUERY = List.of("docker", "info", "--format", "{{json .}}");

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How containers reach NVIDIA GPUs. */
    public enum GpuAccess {
        NVIDIA_RUNTIME,
        CDI,
        NONE
    }

    public DockerEngine {
        runtimes = List.copyOf(runtimes);
        cdiDevices = List.copyOf(cdiDevices);
    }

    /** Runs the query through {@code probes}; a missing docker CLI is an unreachable engine, not an error. */
    public static DockerEngine probe(Probes probes) {
        Optional<CommandResult> result;
        try {
            result = probes.commands().run(QUERY, TIMEOUT);
        } catch (CommandTimeoutException e) {
            return unreachable("docker info did not answer within " + TIMEOUT.toSeconds() + " s");
        }
        if (result.isEmpty()) {
            return unreachable("the docker command is not installed");
        }
        return parse(result.get());
    }

    static DockerEngine parse(CommandResult result) {
        if (!result.succeeded()) {
            return unreachable(result.firstMessageLine());
        }
        JsonNode info;
        try {
            info = JSON.readTree(String.join("\n", result.stdout()));
        } catch (IOException e) {
            throw new DetectionException("docker info printed something that is not JSON: " + e.getMessage(), e);
        }
        String version = info.path("ServerVersion").asText("");
        if (version.isEmpty()) {
            return unreachable("docker info reached no server");
        }
        List<String> runtimes = new ArrayList<>();
        info.path("Runtimes").fieldNames().forEachRemaining(runtimes::add);
        List<String> devices = new ArrayList<>();
        for (JsonNode d : info.path("DiscoveredDevices")) {
            devices.add(d.path("ID").asText());
        }
        GpuAccess access = runtimes.contains("nvidia")
                ? GpuAccess.NVIDIA_RUNTIME
                : devices.stream().anyMatch(d -> d.startsWith("nvidia.com/gpu")) ? GpuAccess.CDI : GpuAccess.NONE;
        return new DockerEngine(true, "", version, info.path("Architecture").asText(""), runtimes, devices, access);
    }

    private static DockerEngine unreachable(String why) {
        return new DockerEngine(false, why, "", "", List.of(), List.of(), GpuAccess.NONE);
    }
}
