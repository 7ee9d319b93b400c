package dev.thinkrig.deploy.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.DeviceRequest;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** {@link ContainerEngine} on the Docker Engine API through docker-java (one client, explicit timeouts). */
public final class DockerJavaEngine implements ContainerEngine {

    /** A local engine answers a connect in milliseconds; a dead socket or host should fail fast. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Engine images are 5-20 GB and a pull's progress stream can stall for minutes on a slow layer
     * (shared/reference/engines.md), so a response may take this long.
     */
    static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(30);

    /** How long the last log lines may take to arrive. */
    static final Duration LOG_TIMEOUT = Duration.ofSeconds(20);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** CDI's name for NVIDIA GPUs, {@code nvidia.com/gpu=0} (Docker Engine API, DeviceInfo.ID). */
    static final String CDI_NVIDIA_GPU = "nvidia.com/gpu";

    private final DockerClient client;
    private final String host;
    // the last info(): createAndStart asks for GPUs the way this engine can give them
    private volatile EngineInfo lastInfo;

    private DockerJavaEngine(DockerClient client, String host) {
        this.client = client;
        this.host = host;
    }

    /**
     * A client for the engine at {@code DOCKER_HOST} (from {@code env}), else the default socket. The API version is
     * left unset so the engine answers at its own (Docker Engine 29 rejects versions below 1.44).
     */
    public static DockerJavaEngine connect(Map<String, String> env) {
        String dockerHost = env.get("DOCKER_HOST");
        // checked before docker-java's builder, which reads DOCKER_HOST itself and fails with a URI parser's message
        String host = dockerHost == null || dockerHost.isBlank() ? null : checkedHost(dockerHost.strip());
        DefaultDockerClientConfig.Builder builder = DefaultDockerClientConfig.createDefaultConfigBuilder();
        if (host != null) {
            builder.withDockerHost(host);
        }
        DockerClientConfig config = builder.build();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(CONNECT_TIMEOUT)
                .responseTimeout(RESPONSE_TIMEOUT)
                .build();
        return new DockerJavaEngine(
                DockerClientImpl.getInstance(config, http),
                config.getDockerHost().toString());
    }

    /**
     * DOCKER_HOST as docker-java can use it, or the "engine unreachable" error that says what to write instead: docker-java
     * speaks to unix:// sockets, tcp:// addresses and Windows' npipe://, not to ssh:// (the docker CLI's own SSH
     * transport) or http://; a malformed address failed with a URI parser's message and exit 2.
     */
    static String checkedHost(String host) {
        URI uri;
        try {
            uri = new URI(host);
        } catch (URISyntaxException e) {
            throw new ContainerEngineException(
                    ContainerEngineException.Kind.UNREACHABLE,
                    "DOCKER_HOST='" + host + "' is not an address: write unix:///var/run/docker.sock or"
                            + " tcp://HOST:2375 (" + e.getReason() + ")",
                    e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "unix", "tcp", "npipe" -> {
                return host;
            }
            case "ssh" ->
                throw new ContainerEngineException(
                        ContainerEngineException.Kind.UNREACHABLE,
                        "DOCKER_HOST=" + host + ": thinkrig reaches Docker through a unix socket or tcp://, not ssh://;"
                                + " forward the remote socket ('ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock "
                                + (uri.getAuthority() == null ? "user@host" : uri.getAuthority())
                                + "') and set DOCKER_HOST=unix:///tmp/docker.sock",
                        null);
            case "http", "https" ->
                throw new ContainerEngineException(
                        ContainerEngineException.Kind.UNREACHABLE,
                        "DOCKER_HOST=" + host + ": a Docker address over the network is written tcp://"
                                + (uri.getAuthority() == null ? "HOST:2375" : uri.getAuthority())
                                + " (with DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH for TLS)",
                        null);
            default ->
                throw new ContainerEngineException(
                        ContainerEngineException.Kind.UNREACHABLE,
                        "DOCKER_HOST='" + host + "' is not a Docker address: write unix:///var/run/docker.sock or"
                                + " tcp://HOST:2375",
                        null);
        }
    }

    @Override
    public EngineInfo info() {
        try {
            Info info = client.infoCmd().exec();
            String api = client.versionCmd().exec().getApiVersion();
            List<String> runtimes = info.getRuntimes() == null
                    ? List.of()
                    : List.copyOf(info.getRuntimes().keySet());
            // docker-java 3.7's Info has no CDI device list; the fields it does not model stay in its raw values
            List<String> cdi = cdiGpus(info);
            EngineInfo engine = new EngineInfo(
                    info.getServerVersion(),
                    api,
                    info.getArchitecture(),
                    runtimes,
                    !cdi.isEmpty(),
                    Optional.ofNullable(info.getDockerRootDir()).filter(d -> !d.isBlank()),
                    isLocal(host));
            lastInfo = engine;
            return engine;
        } catch (RuntimeException e) {
            throw translate(e, "ask the Docker engine at " + host + " for its info");
        }
    }

    /** A unix socket or Windows named pipe is this machine's engine; tcp:// and ssh:// may be another machine's. */
    static boolean isLocal(String dockerHost) {
        return dockerHost.startsWith("unix://") || dockerHost.startsWith("npipe://");
    }

    /**
     * The NVIDIA GPUs a {@code GET /info} answer lists as CDI devices: {@code DiscoveredDevices} entries with
     * {@code Source} {@code cdi} and an {@code ID} such as {@code nvidia.com/gpu=0} (SystemInfo.DiscoveredDevices of DeviceInfo,
     * https://docs.docker.com/reference/api/engine/version/v1.57/schemas/SystemInfo/; listed by Docker 28 and 29). An
     * engine without the field (older than Docker 28) lists none. docker-java 3.7's {@link Info} does not model the
     * field; it keeps it, as every field it does not know, in {@link Info#getRawValues()}.
     */
    static List<String> cdiGpus(Info response) {
        JsonNode info =
                response.getRawValues() == null ? JSON.createObjectNode() : JSON.valueToTree(response.getRawValues());
        List<String> gpus = new ArrayList<>();
        for (JsonNode device : info.path("DiscoveredDevices")) {
            String id = device.path("ID").asText("");
            if (device.path("Source").asText("").equals("cdi") && id.startsWith(CDI_NVIDIA_GPU + "=")) {
                gpus.add(id);
            }
        }
        return List.copyOf(gpus);
    }

    /**
     * How a container asks for its GPUs: through the nvidia runtime's device driver ({@code --gpus}) when the engine
     * has it, else, when the engine lists NVIDIA CDI devices, the CDI way: driver {@code cdi} with CDI names
     * ({@code nvidia.com/gpu=all}, or {@code nvidia.com/gpu=0} per index), which is what {@code docker run --device
     * nvidia.com/gpu=all} sends (Docker Engine API, DeviceRequest.DeviceIDs).
     */
    static DeviceRequest deviceRequest(GpuRequest g, Optional<EngineInfo> info) {
        boolean cdi =
                info.map(i -> i.cdiGpus() && !i.runtimes().contains("nvidia")).orElse(false);
        if (cdi) {
            List<String> ids = g.deviceIds().isEmpty()
                    ? List.of(CDI_NVIDIA_GPU + "=all")
                    : g.deviceIds().stream()
                            .map(id -> id.startsWith(CDI_NVIDIA_GPU + "=") ? id : CDI_NVIDIA_GPU + "=" + id)
                            .toList();
            return new DeviceRequest().withDriver("cdi").withDeviceIds(ids);
        }
        DeviceRequest request = new DeviceRequest().withDriver("nvidia").withCapabilities(List.of(List.of("gpu")));
        return g.deviceIds().isEmpty() ? request.withCount(g.count()) : request.withDeviceIds(g.deviceIds());
    }

    @Override
    public boolean hasImage(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw translate(e, "inspect image " + image);
        }
    }

    @Override
    public void pull(String image, Optional<RegistryLogin> login, Consumer<PullProgress> progress) {
        AtomicReference<String> error = new AtomicReference<>();
        ResultCallback.Adapter<PullResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(PullResponseItem item) {
                if (item.getErrorDetail() != null) {
                    error.set(item.getErrorDetail().getMessage());
                    return;
                }
                long total = 0;
                long current = 0;
                if (item.getProgressDetail() != null) {
                    total = orZero(item.getProgressDetail().getTotal());
                    current = orZero(item.getProgressDetail().getCurrent());
                }
                progress.accept(new PullProgress(
                        item.getId() == null ? "" : item.getId(),
                        item.getStatus() == null ? "" : item.getStatus(),
                        total,
                        current));
            }
        };
        try {
            String[] ref = splitTag(image);
            PullImageCmd pull = client.pullImageCmd(ref[0]).withTag(ref[1]);
            // the credentials travel in this request's X-Registry-Auth header only; nothing is stored
            login.ifPresent(l -> pull.withAuthConfig(new AuthConfig()
                    .withRegistryAddress(l.registry())
                    .withUsername(l.username())
                    .withPassword(l.password())));
            pull.exec(callback).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerEngineException(ContainerEngineException.Kind.FAILED, "interrupted pulling " + image, e);
        } catch (RuntimeException e) {
            String reason = message(e);
            if (authenticationFailed(reason)) {
                throw new ContainerEngineException(
                        ContainerEngineException.Kind.REGISTRY_AUTH_FAILED, authAdvice(image, reason, login), e);
            }
            ContainerEngineException t = translate(e, "pull " + image);
            if (t.kind() == ContainerEngineException.Kind.FAILED
                    || t.kind() == ContainerEngineException.Kind.NOT_FOUND) {
                throw new ContainerEngineException(
                        ContainerEngineException.Kind.IMAGE_PULL_FAILED, pullAdvice(image, message(e)), e);
            }
            throw t;
        }
        if (error.get() != null) {
            if (authenticationFailed(error.get())) {
                throw new ContainerEngineException(
                        ContainerEngineException.Kind.REGISTRY_AUTH_FAILED,
                        authAdvice(image, error.get(), login),
                        null);
            }
            throw new ContainerEngineException(
                    ContainerEngineException.Kind.IMAGE_PULL_FAILED, pullAdvice(image, error.get()), null);
        }
        if (!hasImage(image)) {
            throw new ContainerEngineException(
                    ContainerEngineException.Kind.IMAGE_PULL_FAILED,
                    pullAdvice(image, "the pull ended without the image"),
                    null);
        }
    }

    /**
     * Whether the engine's pull error is the registry's 401: Docker reports a registry asking for credentials it was
     * not given as {@code no basic auth credentials}, and refused credentials as {@code unauthorized: authentication
     * required} (both seen from Docker 20.10 against a registry answering 401 with {@code WWW-Authenticate: Basic}).
     * Docker Hub's "pull access denied ... may require 'docker login'" also stands for an unknown repository, so it
     * stays a pull failure.
     */
    static boolean authenticationFailed(String reason) {
        String lower = reason.toLowerCase(Locale.ROOT);
        return lower.contains("no basic auth credentials")
                || lower.contains("unauthorized")
                || lower.contains("authentication required")
                || lower.contains("401 unauthorized");
    }

    static String authAdvice(String image, String reason, Optional<RegistryLogin> login) {
        String registry = registry(image);
        String advice = login.isPresent()
                ? registry + " refused the credentials sent (user "
                        + login.get().username() + ")"
                        + (registry.equals("nvcr.io")
                                ? ": check that NGC_API_KEY is a current personal or service key that includes"
                                        + " NGC Catalog, and that you accepted the model's terms on its NGC page"
                                : "")
                : registry + " asks for credentials: 'docker login " + registry + "' first";
        return "registry authentication failed pulling " + image + ": " + reason + "; " + advice;
    }

    /** The registry host of an image reference; Docker Hub for a name without one. */
    static String registry(String image) {
        int slash = image.indexOf('/');
        if (slash > 0) {
            String first = image.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                return first;
            }
        }
        return "docker.io";
    }

    static String pullAdvice(String image, String reason) {
        String advice = image.startsWith("nvcr.io/")
                ? " (check the image name and tag in the NGC catalog)"
                : " (check the name and tag, your network, and 'docker login' for private registries)";
        return "could not pull " + image + ": " + reason + advice;
    }

    /** {@code repo:tag} with a registry port kept in the repository ({@code host:5000/x:1} gives tag 1). */
    static String[] splitTag(String image) {
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon > slash) {
            return new String[] {image.substring(0, colon), image.substring(colon + 1)};
        }
        return new String[] {image, "latest"};
    }

    @Override
    public void ensureVolume(String name, Map<String, String> labels) {
        try {
            client.inspectVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            try {
                client.createVolumeCmd().withName(name).withLabels(labels).exec();
            } catch (RuntimeException e2) {
                throw translate(e2, "create volume " + name);
            }
        } catch (RuntimeException e) {
            throw translate(e, "inspect volume " + name);
        }
    }

    @Override
    public String createAndStart(ContainerSpec spec) {
        Ports ports = new Ports();
        List<ExposedPort> exposed = new ArrayList<>();
        for (PortBinding p : spec.ports()) {
            ExposedPort port = ExposedPort.tcp(p.containerPort());
            exposed.add(port);
            ports.bind(port, Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort()));
        }
        HostConfig hostConfig = HostConfig.newHostConfig()
                .withPortBindings(ports)
                .withBinds(spec.mounts().stream()
                        .map(m -> new Bind(m.source(), new Volume(m.target())))
                        .toList())
                .withDevices(spec.devices().stream().map(Device::parse).toList());
        spec.gpus()
                .ifPresent(g -> hostConfig.withDeviceRequests(
                        List.of(deviceRequest(g, Optional.ofNullable(lastInfo).or(() -> Optional.of(info()))))));
        spec.ipc().ifPresent(hostConfig::withIpcMode);
        spec.shmBytes().ifPresent(hostConfig::withShmSize);
        CreateContainerCmd create = client.createContainerCmd(spec.image())
                .withName(spec.name())
                .withLabels(spec.labels())
                .withEnv(spec.env().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .sorted()
                        .toList())
                .withExposedPorts(exposed)
                .withHostConfig(hostConfig);
        if (!spec.entrypoint().isEmpty()) {
            create.withEntrypoint(spec.entrypoint());
        }
        if (!spec.command().isEmpty()) {
            create.withCmd(spec.command());
        }
        String id;
        try {
            id = create.exec().getId();
        } catch (ConflictException e) {
            throw new ContainerEngineException(
                    ContainerEngineException.Kind.FAILED,
                    "a container named " + spec.name() + " exists already ('thinkrig down' removes thinkrig's own)",
                    e);
        } catch (RuntimeException e) {
            throw translate(e, "create container " + spec.name());
        }
        try {
            client.startContainerCmd(id).exec();
            return id;
        } catch (RuntimeException e) {
            remove(id); // created by this call and never started: nothing of it may stay behind
            String text = message(e);
            String lower = text.toLowerCase(Locale.ROOT);
            if (lower.contains("port is already allocated") || lower.contains("address already in use")) {
                throw new ContainerEngineException(
                        ContainerEngineException.Kind.PORT_TAKEN,
                        "port " + describePorts(spec.ports()) + " is already taken on this machine: stop what"
                                + " listens there (ss -ltnp shows it) or plan with another --listen address",
                        e);
            }
            throw translate(e, "start container " + spec.name());
        }
    }

    private static String describePorts(List<PortBinding> ports) {
        return String.join(
                ", ", ports.stream().map(p -> p.hostIp() + ":" + p.hostPort()).toList());
    }

    @Override
    public List<ContainerSummary> containers(String label, Optional<String> value) {
        try {
            List<Container> found = value.isPresent()
                    ? client.listContainersCmd()
                            .withShowAll(true)
                            .withLabelFilter(Map.of(label, value.get()))
                            .exec()
                    : client.listContainersCmd()
                            .withShowAll(true)
                            .withLabelFilter(List.of(label))
                            .exec();
            return found.stream()
                    .map(c -> new ContainerSummary(
                            c.getId(),
                            c.getNames() == null || c.getNames().length == 0
                                    ? c.getId()
                                    : c.getNames()[0].replaceFirst("^/", ""),
                            c.getImage(),
                            c.getState(),
                            c.getStatus(),
                            c.getLabels() == null ? Map.of() : c.getLabels()))
                    .toList();
        } catch (RuntimeException e) {
            throw translate(e, "list containers");
        }
    }

    @Override
    public List<String> volumes(String label, Optional<String> value) {
        try {
            var response = client.listVolumesCmd()
                    .withFilter("label", List.of(value.map(v -> label + "=" + v).orElse(label)))
                    .exec();
            return response.getVolumes() == null
                    ? List.of()
                    : response.getVolumes().stream().map(v -> v.getName()).toList();
        } catch (RuntimeException e) {
            throw translate(e, "list volumes");
        }
    }

    @Override
    public Map<String, String> volumeOwners(String label) {
        try {
            var response =
                    client.listVolumesCmd().withFilter("label", List.of(label)).exec();
            Map<String, String> owners = new java.util.TreeMap<>();
            if (response.getVolumes() != null) {
                response.getVolumes()
                        .forEach(v -> owners.put(
                                v.getName(),
                                v.getLabels() == null ? "" : v.getLabels().getOrDefault(label, "")));
            }
            return owners;
        } catch (RuntimeException e) {
            throw translate(e, "list volumes");
        }
    }

    @Override
    public void remove(String containerId) {
        try {
            client.removeContainerCmd(containerId).withForce(true).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (ConflictException e) {
            // removal already in progress
        } catch (RuntimeException e) {
            throw translate(e, "remove container " + containerId);
        }
    }

    @Override
    public void removeVolume(String name) {
        try {
            client.removeVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (RuntimeException e) {
            throw translate(e, "remove volume " + name);
        }
    }

    @Override
    public void followLog(String containerId, int tail, Consumer<String> lines) {
        LineSplitter splitter = new LineSplitter(lines);
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                splitter.accept(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        };
        try {
            client.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(tail)
                    .withFollowStream(true)
                    .exec(callback)
                    .awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NotFoundException e) {
            throw new ContainerEngineException(
                    ContainerEngineException.Kind.NOT_FOUND, "container " + containerId + " is gone", e);
        } catch (RuntimeException e) {
            throw translate(e, "follow the log of " + containerId);
        } finally {
            try {
                callback.close();
            } catch (IOException e) {
                // the stream is finished either way
            }
            splitter.flush();
        }
    }

    /** Frames cut lines anywhere: whole lines go on, the rest waits for the next frame. */
    static final class LineSplitter {

        private final Consumer<String> lines;
        private final StringBuilder pending = new StringBuilder();

        LineSplitter(Consumer<String> lines) {
            this.lines = lines;
        }

        synchronized void accept(String text) {
            pending.append(text);
            int newline;
            while ((newline = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, newline);
                pending.delete(0, newline + 1);
                lines.accept(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            }
        }

        synchronized void flush() {
            if (pending.length() > 0) {
                lines.accept(pending.toString());
                pending.setLength(0);
            }
        }
    }

    @Override
    public List<String> logTail(String containerId, int lines) {
        StringBuilder text = new StringBuilder();
        ResultCallback.Adapter<Frame> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (text) {
                    text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        };
        try {
            client.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(lines)
                    .exec(callback)
                    .awaitCompletion(LOG_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NotFoundException e) {
            return List.of();
        } catch (RuntimeException e) {
            throw translate(e, "read the log of " + containerId);
        } finally {
            try {
                callback.close();
            } catch (IOException e) {
                // the stream is finished either way
            }
        }
        synchronized (text) {
            return Arrays.stream(text.toString().split("\r?\n"))
                    .filter(l -> !l.isBlank())
                    .toList();
        }
    }

    @Override
    public ContainerState state(String containerId) {
        try {
            InspectContainerResponse.ContainerState s =
                    client.inspectContainerCmd(containerId).exec().getState();
            return new ContainerState(
                    Boolean.TRUE.equals(s.getRunning()),
                    s.getStatus() == null ? "unknown" : s.getStatus(),
                    s.getExitCodeLong() == null ? 0 : s.getExitCodeLong(),
                    Boolean.TRUE.equals(s.getOOMKilled()));
        } catch (NotFoundException e) {
            throw new ContainerEngineException(
                    ContainerEngineException.Kind.NOT_FOUND, "container " + containerId + " is gone", e);
        } catch (RuntimeException e) {
            throw translate(e, "inspect container " + containerId);
        }
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private ContainerEngineException translate(RuntimeException e, String what) {
        if (e instanceof ContainerEngineException c) {
            return c;
        }
        String text = message(e);
        String lower = text.toLowerCase(Locale.ROOT);
        if (e instanceof DockerException d && !text.contains("\"message\"")) {
            // the Engine API answers every error with JSON {"message": ...} (docs.docker.com/reference/api/engine,
            // "Errors"); an HTML page or a bare status is a web server or proxy where DOCKER_HOST points
            return new ContainerEngineException(
                    ContainerEngineException.Kind.UNREACHABLE,
                    "something answers at " + host + ", but not as a Docker engine (HTTP " + d.getHttpStatus()
                            + " without the engine's error JSON): point DOCKER_HOST at the Docker engine's socket or"
                            + " port",
                    e);
        }
        if (e instanceof NotFoundException) {
            return new ContainerEngineException(
                    ContainerEngineException.Kind.NOT_FOUND, "could not " + what + ": " + text, e);
        }
        if (lower.contains("permission denied") || lower.contains("[13]")) {
            return new ContainerEngineException(
                    ContainerEngineException.Kind.PERMISSION_DENIED,
                    "permission denied on the Docker socket " + host + ": add yourself to the docker group"
                            + " ('sudo usermod -aG docker $USER', then log in again) or use rootless Docker",
                    e);
        }
        if (!(e instanceof DockerException)) {
            return new ContainerEngineException(
                    ContainerEngineException.Kind.UNREACHABLE,
                    "the Docker engine at " + host + " does not answer (" + rootMessage(e) + "): start it"
                            + " ('sudo systemctl start docker') or point DOCKER_HOST at a running one",
                    e);
        }
        return new ContainerEngineException(ContainerEngineException.Kind.FAILED, "could not " + what + ": " + text, e);
    }

    /** The innermost cause's message: "Connection refused", not the wrapping exceptions' class names. */
    private static String rootMessage(Throwable e) {
        String text = e.toString();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                text = t.getMessage().strip();
            }
        }
        return text;
    }

    private static String message(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                if (all.length() > 0) {
                    all.append(": ");
                }
                all.append(t.getMessage().strip());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return all.length() == 0 ? e.toString() : all.toString();
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
