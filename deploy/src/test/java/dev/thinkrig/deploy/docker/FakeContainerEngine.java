package dev.thinkrig.deploy.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/** An in-memory {@link ContainerEngine} for tests: records what was asked, fails where told to. */
public final class FakeContainerEngine implements ContainerEngine {

    /** A container the fake holds. */
    public static final class Box {
        public final String id;
        public final ContainerSpec spec;
        public String state = "running";
        public long exitCode;
        public List<String> log = new ArrayList<>();

        Box(String id, ContainerSpec spec) {
            this.id = id;
            this.spec = spec;
        }
    }

    public final Map<String, Box> containers = new LinkedHashMap<>();
    public final Map<String, Map<String, String>> volumes = new LinkedHashMap<>();
    public final Set<String> images = new TreeSet<>();
    public final List<String> calls = new ArrayList<>();
    public EngineInfo info = new EngineInfo("20.10.24", "1.41", "x86_64", List.of("runc"), false);
    public Optional<ContainerEngineException> infoFailure = Optional.empty();
    public Optional<String> pullFailure = Optional.empty();
    /** The message of a registry 401 the next pull fails with. */
    public Optional<String> authFailure = Optional.empty();
    /** The credentials each pull was given. */
    public final List<Optional<RegistryLogin>> logins = new ArrayList<>();

    public boolean portTaken;

    /** When set, createAndStart counts this down, then waits for {@link #createRelease}: a create still in flight. */
    public volatile java.util.concurrent.CountDownLatch createEntered;

    public volatile java.util.concurrent.CountDownLatch createRelease;
    /** Log lines a started container has; when {@code exitAtStart}, it exits with them. */
    public List<String> startLog = List.of("listening on 0.0.0.0:11434");

    public boolean exitAtStart;
    /** Where every container's log comes from instead of {@link Box#log}: a running stand-in's own log. */
    public Optional<java.util.function.Supplier<List<String>>> liveLog = Optional.empty();

    public long exitCode = 1;
    private int next = 1;

    @Override
    public EngineInfo info() {
        calls.add("info");
        if (infoFailure.isPresent()) {
            throw infoFailure.get();
        }
        return info;
    }

    @Override
    public boolean hasImage(String image) {
        return images.contains(image);
    }

    @Override
    public void pull(String image, Optional<RegistryLogin> login, Consumer<PullProgress> progress) {
        calls.add("pull " + image);
        logins.add(login);
        if (authFailure.isPresent()) {
            throw new ContainerEngineException(
                    ContainerEngineException.Kind.REGISTRY_AUTH_FAILED, authFailure.get(), null);
        }
        if (pullFailure.isPresent()) {
            throw new ContainerEngineException(
                    ContainerEngineException.Kind.IMAGE_PULL_FAILED, pullFailure.get(), null);
        }
        progress.accept(new PullProgress("a1", "Downloading", 1000, 500));
        progress.accept(new PullProgress("b2", "Downloading", 3000, 3000));
        progress.accept(new PullProgress("a1", "Downloading", 1000, 1000));
        images.add(image);
    }

    @Override
    public void ensureVolume(String name, Map<String, String> labels) {
        calls.add("volume " + name);
        volumes.putIfAbsent(name, labels);
    }

    @Override
    public String createAndStart(ContainerSpec spec) {
        calls.add("create " + spec.name());
        if (portTaken) {
            throw new ContainerEngineException(ContainerEngineException.Kind.PORT_TAKEN, "port is taken", null);
        }
        if (createEntered != null) {
            createEntered.countDown();
            try {
                createRelease.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String id = "c" + next++;
        Box box = new Box(id, spec);
        box.log = new ArrayList<>(startLog);
        if (exitAtStart) {
            box.state = "exited";
            box.exitCode = exitCode;
        }
        containers.put(id, box);
        return id;
    }

    /** Adds a container someone else started (not through thinkrig's deploy). */
    public String add(ContainerSpec spec) {
        String id = "c" + next++;
        containers.put(id, new Box(id, spec));
        return id;
    }

    @Override
    public List<ContainerSummary> containers(String label, Optional<String> value) {
        return containers.values().stream()
                .filter(b -> b.spec.labels().containsKey(label)
                        && value.map(v -> v.equals(b.spec.labels().get(label))).orElse(true))
                .map(b -> new ContainerSummary(b.id, b.spec.name(), b.spec.image(), b.state, b.state, b.spec.labels()))
                .toList();
    }

    @Override
    public Map<String, String> volumeOwners(String label) {
        Map<String, String> owners = new java.util.TreeMap<>();
        volumes.forEach((name, labels) -> {
            if (labels.containsKey(label)) {
                owners.put(name, labels.get(label));
            }
        });
        return owners;
    }

    @Override
    public List<String> volumes(String label, Optional<String> value) {
        return volumes.entrySet().stream()
                .filter(e -> e.getValue().containsKey(label)
                        && value.map(v -> v.equals(e.getValue().get(label))).orElse(true))
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public void remove(String containerId) {
        calls.add("remove " + containerId);
        containers.remove(containerId);
    }

    @Override
    public void removeVolume(String name) {
        calls.add("remove volume " + name);
        volumes.remove(name);
    }

    @Override
    public List<String> logTail(String containerId, int lines) {
        Box b = containers.get(containerId);
        if (b == null) {
            return List.of();
        }
        List<String> log = liveLog.map(java.util.function.Supplier::get).orElse(b.log);
        return log.subList(Math.max(0, log.size() - lines), log.size());
    }

    /** The fake's container "stops" after its log: the lines, then the call returns. */
    @Override
    public void followLog(String containerId, int tail, Consumer<String> lines) {
        calls.add("follow " + containerId);
        logTail(containerId, tail).forEach(lines);
    }

    @Override
    public ContainerState state(String containerId) {
        Box b = containers.get(containerId);
        if (b == null) {
            throw new ContainerEngineException(ContainerEngineException.Kind.NOT_FOUND, "gone", null);
        }
        return new ContainerState(b.state.equals("running"), b.state, b.exitCode, false);
    }

    @Override
    public void close() {}
}
