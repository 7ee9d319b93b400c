package dev.thinkrig.templates.recipe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One container of a deployment, every setting decided and typed: what a compose service writes out and what deploy
 * creates through the Docker API. Built with {@link #builder(String, String)}.
 *
 * @param service the container's role, the compose service name ({@code vllm}, {@code ollama-pull})
 * @param entrypoint replaces the image's entrypoint when not empty
 * @param args the container's arguments, each with the reason it is there
 * @param devices host devices passed through ({@code /dev/kfd} for ROCm)
 * @param optionalDevices host devices the user may enable (RDMA); written commented out, never passed by deploy
 * @param gpu the NVIDIA GPUs; empty on CPU, ROCm and Apple targets
 * @param shmBytes the size of {@code /dev/shm}; empty: the engine's default
 * @param healthcheck the container's own healthcheck ({@code docker ps} shows it)
 * @param hostNetwork whether the container uses the host's network (the nodes of a Ray cluster); it publishes no ports
 */
public record ContainerRecipe(
        String service,
        String image,
        List<String> entrypoint,
        List<Arg> args,
        List<EnvVar> env,
        List<PortBinding> ports,
        List<Mount> mounts,
        List<String> devices,
        List<String> optionalDevices,
        Optional<GpuRequest> gpu,
        Optional<String> ipc,
        Optional<Long> shmBytes,
        List<Ulimit> ulimits,
        Optional<Healthcheck> healthcheck,
        List<Dependency> dependsOn,
        String restart,
        boolean hostNetwork) {

    public ContainerRecipe {
        Names.require("service name", service);
        Objects.requireNonNull(image, "image");
        entrypoint = List.copyOf(entrypoint);
        args = List.copyOf(args);
        env = List.copyOf(env);
        ports = List.copyOf(ports);
        mounts = List.copyOf(mounts);
        devices = List.copyOf(devices);
        optionalDevices = List.copyOf(optionalDevices);
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(ipc, "ipc");
        Objects.requireNonNull(shmBytes, "shmBytes");
        ulimits = List.copyOf(ulimits);
        Objects.requireNonNull(healthcheck, "healthcheck");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(restart, "restart");
        if (hostNetwork && !ports.isEmpty()) {
            throw new RecipeException(
                    RecipeException.Kind.INVALID_VALUE,
                    "ports",
                    ports.toString(),
                    "a container on the host's network publishes no ports");
        }
    }

    public static Builder builder(String service, String image) {
        return new Builder(service, image);
    }

    /** A builder holding this container's settings, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(service, image);
        b.entrypoint.addAll(entrypoint);
        b.args.addAll(args);
        b.env.addAll(env);
        b.ports.addAll(ports);
        b.mounts.addAll(mounts);
        b.devices.addAll(devices);
        b.optionalDevices.addAll(optionalDevices);
        b.gpu = gpu;
        b.ipc = ipc;
        b.shmBytes = shmBytes;
        b.ulimits.addAll(ulimits);
        b.healthcheck = healthcheck;
        b.dependsOn.addAll(dependsOn);
        b.restart = restart;
        b.hostNetwork = hostNetwork;
        return b;
    }

    /** This container running {@code other} instead of the planned image ({@code deploy --image}: a mirror). */
    public ContainerRecipe withImage(String other) {
        return toBuilder().image(other).build();
    }

    /** This container with its first port published on {@code hostPort} instead ({@code deploy --port}). */
    public ContainerRecipe withHostPort(int hostPort) {
        if (ports.isEmpty()) {
            throw new RecipeException(
                    RecipeException.Kind.INVALID_VALUE,
                    "port",
                    Integer.toString(hostPort),
                    "the " + service + " container publishes no port to move");
        }
        List<PortBinding> moved = new ArrayList<>(ports);
        moved.set(0, ports.get(0).onHostPort(hostPort));
        Builder b = toBuilder();
        b.ports.clear();
        b.ports.addAll(moved);
        return b.build();
    }

    /**
     * The recipe hash of this container with its references filled from {@code env}: equal hashes mean equal
     * effective settings. See {@link RecipeHash}.
     */
    public String hash(Map<String, String> env) {
        return RecipeHash.of(this, env);
    }

    /** Collects a container's settings; lists keep the order they were added in. */
    public static final class Builder {
        private final String service;
        private String image;
        private final List<String> entrypoint = new ArrayList<>();
        private final List<Arg> args = new ArrayList<>();
        private final List<EnvVar> env = new ArrayList<>();
        private final List<PortBinding> ports = new ArrayList<>();
        private final List<Mount> mounts = new ArrayList<>();
        private final List<String> devices = new ArrayList<>();
        private final List<String> optionalDevices = new ArrayList<>();
        private Optional<GpuRequest> gpu = Optional.empty();
        private Optional<String> ipc = Optional.empty();
        private Optional<Long> shmBytes = Optional.empty();
        private final List<Ulimit> ulimits = new ArrayList<>();
        private Optional<Healthcheck> healthcheck = Optional.empty();
        private final List<Dependency> dependsOn = new ArrayList<>();
        private String restart = "unless-stopped";
        private boolean hostNetwork;

        private Builder(String service, String image) {
            this.service = service;
            this.image = image;
        }

        public Builder image(String value) {
            this.image = value;
            return this;
        }

        public Builder entrypoint(List<String> values) {
            entrypoint.addAll(values);
            return this;
        }

        public Builder arg(Arg arg) {
            args.add(arg);
            return this;
        }

        public Builder args(List<Arg> values) {
            args.addAll(values);
            return this;
        }

        public Builder env(EnvVar variable) {
            env.add(variable);
            return this;
        }

        public Builder env(List<EnvVar> variables) {
            env.addAll(variables);
            return this;
        }

        public Builder port(PortBinding port) {
            ports.add(port);
            return this;
        }

        public Builder mount(Mount mount) {
            mounts.add(mount);
            return this;
        }

        public Builder devices(List<String> values) {
            devices.addAll(values);
            return this;
        }

        public Builder optionalDevices(List<String> values) {
            optionalDevices.addAll(values);
            return this;
        }

        public Builder gpu(Optional<GpuRequest> value) {
            gpu = value;
            return this;
        }

        public Builder ipc(String value) {
            ipc = Optional.of(value);
            return this;
        }

        public Builder shmBytes(long value) {
            shmBytes = Optional.of(value);
            return this;
        }

        public Builder ulimits(List<Ulimit> values) {
            ulimits.addAll(values);
            return this;
        }

        public Builder healthcheck(Healthcheck value) {
            healthcheck = Optional.of(value);
            return this;
        }

        public Builder dependsOn(Dependency value) {
            dependsOn.add(value);
            return this;
        }

        public Builder restart(String value) {
            restart = value;
            return this;
        }

        public Builder hostNetwork() {
            hostNetwork = true;
            return this;
        }

        public ContainerRecipe build() {
            return new ContainerRecipe(
                    service,
                    image,
                    entrypoint,
                    args,
                    env,
                    ports,
                    mounts,
                    devices,
                    optionalDevices,
                    gpu,
                    ipc,
                    shmBytes,
                    ulimits,
                    healthcheck,
                    dependsOn,
                    restart,
                    hostNetwork);
        }
    }
}
