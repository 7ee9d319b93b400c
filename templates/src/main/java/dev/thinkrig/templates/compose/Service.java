package dev.thinkrig.templates.compose;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One service of a compose file, every field decided: the template only writes out what is here.
 *
 * @param entrypoint replaces the image's entrypoint when not empty
 * @param command the container's arguments, each with the reason it is there
 * @param ports short-syntax port specs ({@code 127.0.0.1:8000:8000})
 * @param volumes short-syntax mounts ({@code ollama:/root/.ollama})
 * @param devices host devices passed through ({@code /dev/kfd} for ROCm)
 * @param gpu the NVIDIA device reservation; empty on CPU, ROCm and Apple targets
 * @param networkMode {@code host} for the nodes of a multi-node deployment; empty: Compose's project network
 * @param optionalDevices host devices written commented out, for the user to enable (RDMA)
 */
public record Service(
        String name,
        String image,
        List<String> entrypoint,
        List<Arg> command,
        List<EnvVar> environment,
        List<String> ports,
        List<String> volumes,
        List<String> devices,
        Optional<Gpu> gpu,
        Optional<String> ipc,
        Optional<String> shmSize,
        List<Ulimit> ulimits,
        Optional<Healthcheck> healthcheck,
        List<Dependency> dependsOn,
        String restart,
        Optional<String> networkMode,
        List<String> optionalDevices) {

    /** Service, volume and variable names are written as bare YAML keys, so they are held to this. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    public Service {
        requireName(name, "service name");
        Objects.requireNonNull(image, "image");
        entrypoint = List.copyOf(entrypoint);
        command = List.copyOf(command);
        environment = List.copyOf(environment);
        ports = List.copyOf(ports);
        volumes = List.copyOf(volumes);
        devices = List.copyOf(devices);
        Objects.requireNonNull(gpu, "gpu");
        Objects.requireNonNull(ipc, "ipc");
        Objects.requireNonNull(shmSize, "shmSize");
        ulimits = List.copyOf(ulimits);
        Objects.requireNonNull(healthcheck, "healthcheck");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(networkMode, "networkMode");
        optionalDevices = List.copyOf(optionalDevices);
        if (networkMode.isPresent() && !ports.isEmpty()) {
            throw new IllegalArgumentException("a service on the host's network publishes no ports");
        }
    }

    /** A service on Compose's project network with no optional devices. */
    public Service(
            String name,
            String image,
            List<String> entrypoint,
            List<Arg> command,
            List<EnvVar> environment,
            List<String> ports,
            List<String> volumes,
            List<String> devices,
            Optional<Gpu> gpu,
            Optional<String> ipc,
            Optional<String> shmSize,
            List<Ulimit> ulimits,
            Optional<Healthcheck> healthcheck,
            List<Dependency> dependsOn,
            String restart) {
        this(
                name,
                image,
                entrypoint,
                command,
                environment,
                ports,
                volumes,
                devices,
                gpu,
                ipc,
                shmSize,
                ulimits,
                healthcheck,
                dependsOn,
                restart,
                Optional.empty(),
                List.of());
    }

    static String requireName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " must match " + NAME + ", was '" + name + "'");
        }
        return name;
    }

    /** One container argument and, where it carries a planned number, why it has that value. */
    public record Arg(String value, String why) {

        public Arg {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(why, "why");
        }

        public static Arg of(String value) {
            return new Arg(value, "");
        }
    }

    /** An environment variable and why it has its value; {@code ${NAME}} values are filled from {@code .env}. */
    public record EnvVar(String name, String value, String why) {

        public EnvVar {
            requireName(name, "variable name");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * An NVIDIA device reservation: a number of GPUs or the ids of specific ones, never both (the Compose
     * Specification rejects a device request with both).
     */
    public record Gpu(Optional<Integer> count, List<String> deviceIds) {

        public Gpu {
            Objects.requireNonNull(count, "count");
            deviceIds = List.copyOf(deviceIds);
            if (count.isPresent() == !deviceIds.isEmpty()) {
                throw new IllegalArgumentException("a GPU reservation has a count or device ids, exactly one of them");
            }
            if (count.isPresent() && count.get() < 1) {
                throw new IllegalArgumentException("a GPU count must be positive, was " + count.get());
            }
        }

        public static Gpu count(int count) {
            return new Gpu(Optional.of(count), List.of());
        }

        public static Gpu deviceIds(List<String> ids) {
            return new Gpu(Optional.empty(), ids);
        }
    }

    /** A resource limit ({@code memlock}, {@code stack}); -1 is unlimited. */
    public record Ulimit(String name, long soft, long hard) {

        public Ulimit {
            requireName(name, "ulimit name");
        }
    }

    /**
     * A container healthcheck.
     *
     * @param startPeriod how long failures do not count: model downloads and loads take minutes
     */
    public record Healthcheck(List<String> test, String interval, String timeout, int retries, String startPeriod) {

        public Healthcheck {
            test = List.copyOf(test);
            if (test.isEmpty()) {
                throw new IllegalArgumentException("a healthcheck needs a test");
            }
        }
    }

    /** A service this one waits for, and for what: {@code service_started} or {@code service_healthy}. */
    public record Dependency(String service, String condition) {

        public Dependency {
            requireName(service, "service name");
            if (!condition.equals("service_started") && !condition.equals("service_healthy")) {
                throw new IllegalArgumentException("unknown depends_on condition " + condition);
            }
        }
    }
}
