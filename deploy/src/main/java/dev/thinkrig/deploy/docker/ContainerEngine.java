package dev.thinkrig.deploy.docker;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The few container-engine operations a deployment needs, so the orchestration is tested against a fake and the real
 * engine sits behind one implementation ({@link DockerJavaEngine}).
 */
public interface ContainerEngine extends AutoCloseable {

    /** The label every container and volume thinkrig creates carries; its value is the deployment's name. */
    String DEPLOYMENT_LABEL = "dev.thinkrig.deployment";

    /** The label naming the run that created a container, so a failed run removes only what it created. */
    String RUN_LABEL = "dev.thinkrig.run";

    /** Engine facts; throws {@link ContainerEngineException} when the engine cannot be reached. */
    EngineInfo info();

    boolean hasImage(String image);

    /** Pulls {@code image} with the engine's own credentials (as {@code docker pull} does). */
    default void pull(String image, Consumer<PullProgress> progress) {
        pull(image, Optional.empty(), progress);
    }

    /**
     * Pulls {@code image}, reporting per-layer progress, authenticating with {@code login} where given (this pull
     * only: nothing is stored). Throws {@code REGISTRY_AUTH_FAILED} when the registry answers 401, else
     * {@code IMAGE_PULL_FAILED} with the registry's reason.
     */
    void pull(String image, Optional<RegistryLogin> login, Consumer<PullProgress> progress);

    /** Creates the named volume with {@code labels} unless it exists. */
    void ensureVolume(String name, Map<String, String> labels);

    /** Creates and starts a container; returns its id. A port in use throws {@code PORT_TAKEN}. */
    String createAndStart(ContainerSpec spec);

    /** Containers (running or not) whose {@code label} has {@code value}; any value when {@code value} is empty. */
    List<ContainerSummary> containers(String label, Optional<String> value);

    /** Named volumes whose {@code label} has {@code value}; any value when {@code value} is empty. */
    List<String> volumes(String label, Optional<String> value);

    /** Every named volume with {@code label}, with that label's value (for thinkrig: the deployment it belongs to). */
    Map<String, String> volumeOwners(String label);

    /** Stops and removes a container; a container that is gone already is not an error. */
    void remove(String containerId);

    void removeVolume(String name);

    /** The last {@code lines} lines of the container's stdout and stderr. */
    List<String> logTail(String containerId, int lines);

    /**
     * Streams the container's stdout and stderr, from its last {@code tail} lines on, one line at a time to {@code
     * lines}, until the container stops or the calling thread is interrupted (Ctrl-C ends the JVM).
     */
    void followLog(String containerId, int tail, Consumer<String> lines);

    ContainerState state(String containerId);

    @Override
    void close();

    /**
     * What the engine says about itself.
     *
     * @param runtimes the OCI runtimes it knows ({@code runc}, {@code nvidia})
     * @param cdiGpus whether it lists NVIDIA CDI devices ({@code nvidia.com/gpu=...})
     * @param rootDir the engine's data root ({@code docker info}'s {@code DockerRootDir}): images and named volumes
     * @param local whether the engine runs on this machine (a unix socket), so {@code rootDir} is a path here
     */
    record EngineInfo(
            String version,
            String apiVersion,
            String architecture,
            List<String> runtimes,
            boolean cdiGpus,
            Optional<String> rootDir,
            boolean local) {

        public EngineInfo {
            runtimes = List.copyOf(runtimes);
            Objects.requireNonNull(rootDir, "rootDir");
        }

        /** An engine whose data root is not known. */
        public EngineInfo(
                String version, String apiVersion, String architecture, List<String> runtimes, boolean cdiGpus) {
            this(version, apiVersion, architecture, runtimes, cdiGpus, Optional.empty(), false);
        }

        /** Whether a container here can be given NVIDIA GPUs: the nvidia runtime or CDI devices. */
        public boolean gpuAccess() {
            return runtimes.contains("nvidia") || cdiGpus;
        }
    }

    /**
     * Credentials for one registry, sent with a pull and nowhere else. {@link #toString()} leaves the password out.
     *
     * @param registry the registry's host ({@code nvcr.io})
     */
    record RegistryLogin(String registry, String username, String password) {

        public RegistryLogin {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "RegistryLogin[" + registry + ", user " + username + ", password not shown]";
        }
    }

    /** One progress line of an image pull: a layer, its size and how much of it arrived. */
    record PullProgress(String layer, String status, long total, long current) {}

    /** A published port: {@code hostIp:hostPort -> containerPort/tcp}. */
    record PortBinding(String hostIp, int hostPort, int containerPort) {}

    /**
     * A mount: a named volume ({@code source} without a slash) or a host directory.
     *
     * @param source a volume name or an absolute host path
     */
    record Mount(String source, String target) {

        public boolean isVolume() {
            return !source.contains("/");
        }
    }

    /** GPUs for a container: all of them ({@code count} -1) or a number, or specific device ids. */
    record GpuRequest(int count, List<String> deviceIds) {

        public GpuRequest {
            deviceIds = List.copyOf(deviceIds);
        }
    }

    /** Everything a container is created with. {@code env} values may be secrets: never log or label them. */
    record ContainerSpec(
            String name,
            String image,
            List<String> entrypoint,
            List<String> command,
            Map<String, String> env,
            List<PortBinding> ports,
            List<Mount> mounts,
            List<String> devices,
            Optional<GpuRequest> gpus,
            Optional<String> ipc,
            Optional<Long> shmBytes,
            Map<String, String> labels) {

        public ContainerSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(image, "image");
            entrypoint = List.copyOf(entrypoint);
            command = List.copyOf(command);
            env = Map.copyOf(env);
            ports = List.copyOf(ports);
            mounts = List.copyOf(mounts);
            devices = List.copyOf(devices);
            labels = Map.copyOf(labels);
        }
    }

    /** A container as a listing shows it. */
    record ContainerSummary(
            String id, String name, String image, String state, String status, Map<String, String> labels) {

        public ContainerSummary {
            labels = Map.copyOf(labels);
        }
    }

    /** Whether a container runs, and how it ended when it does not. */
    record ContainerState(boolean running, String status, long exitCode, boolean oomKilled) {}
}
