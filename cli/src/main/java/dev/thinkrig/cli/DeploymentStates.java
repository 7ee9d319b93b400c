package dev.thinkrig.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.thinkrig.cli.render.Formats;
import dev.thinkrig.cli.render.PlanReport;
import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.flow.Deployment;
import dev.thinkrig.deploy.natively.NativeDeployer;
import dev.thinkrig.deploy.natively.NativeDeployment;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.templates.Templates;
import dev.thinkrig.templates.compose.ComposeRenderer;
import dev.thinkrig.templates.output.GeneratedFile;
import dev.thinkrig.templates.output.OutputDirectory;
import dev.thinkrig.templates.recipe.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Each deployment's state directory, {@code $XDG_DATA_HOME/thinkrig/deployments/NAME/} (default
 * {@code ~/.local/share/thinkrig/deployments/NAME/}, the XDG Base Directory rule, used on macOS too): the files
 * {@code compose} writes for the same plan, the plan as JSON, and {@code deployment.json}, which {@code status} reads
 * to probe the engine. Written only after a deployment succeeded; never holds a secret value ({@code .env} leaves
 * them empty, as {@code compose} does).
 */
final class DeploymentStates {

    /** What {@code status} needs to probe a deployment; no secret goes here. */
    static final String STATE_FILE = "deployment.json";

    static final String PLAN_FILE = "plan.json";

    /** Deployment names as {@code Recipes.projectName} makes them; anything else never becomes a path. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,127}");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * {@code deployment.json}.
     *
     * @param endpoint where the engine's API answers
     * @param readinessPath the path that answers 200 once it serves
     * @param container the engine container's name; empty for a native server
     * @param image the container's image; for a native server the executable thinkrig ran (or found running)
     * @param runtime {@link #DOCKER}, or {@link #NATIVE} for a server running on the host (a Mac); a file written
     *     before native deploys has none and is Docker's
     * @param pid the native server thinkrig started; null when it used one that answered already, or for Docker
     * @param started when that process started (ISO-8601): {@code down} stops the PID only while it still matches
     * @param log the native server's log file, where thinkrig started it
     */
    record State(
            String name,
            String engine,
            String endpoint,
            String readinessPath,
            String model,
            String container,
            String image,
            List<String> volumes,
            String runtime,
            Long pid,
            String started,
            String log) {

        static final String DOCKER = "docker";
        static final String NATIVE = "native";

        boolean isNative() {
            return NATIVE.equals(runtime);
        }

        /** The state of a container deployment. */
        static State of(Deployment d) {
            return new State(
                    d.name(),
                    d.engine().id(),
                    d.endpoint().toString(),
                    d.readinessPath(),
                    d.model().orElse(""),
                    d.container().name(),
                    d.container().image(),
                    d.volumes(),
                    DOCKER,
                    null,
                    null,
                    null);
        }

        /** The state of a native deployment; {@code started} empty when a server answered already. */
        static State of(
                NativeDeployment d, Path executable, Optional<NativeDeployer.Started> started, Optional<Path> log) {
            return new State(
                    d.name(),
                    "ollama",
                    d.endpoint().toString(),
                    d.readinessPath(),
                    d.model(),
                    "",
                    executable.toString(),
                    List.of(),
                    NATIVE,
                    started.map(NativeDeployer.Started::pid).orElse(null),
                    started.flatMap(NativeDeployer.Started::startedAt)
                            .map(Object::toString)
                            .orElse(null),
                    log.map(Path::toString).orElse(null));
        }
    }

    /** The native server's log file in the deployment's directory. */
    static final String NATIVE_LOG = "ollama.log";

    private final Path root;
    private final Path locks;

    /** States under {@code root}; their locks in the temporary directory (tests). */
    DeploymentStates(Path root) {
        this(root, locks(Map.of()));
    }

    DeploymentStates(Path root, Path locks) {
        this.root = root;
        this.locks = locks;
    }

    /**
     * Where deployment locks live: {@code $XDG_RUNTIME_DIR/thinkrig/locks}, the XDG place for a user's runtime files
     * such as locks, else the temporary directory; never under the data root, which a deploy refused before its first
     * Docker call (exit 10, permission denied) must leave untouched.
     */
    static Path locks(Map<String, String> env) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Path.of(runtime).isAbsolute()) {
            return Path.of(runtime, "thinkrig", "locks");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "thinkrig-locks-" + System.getProperty("user.name"));
    }

    /**
     * {@code $XDG_DATA_HOME/thinkrig/deployments}; the XDG spec ignores a relative {@code XDG_DATA_HOME}, and without
     * one it is {@code $HOME/.local/share} ({@code HOME} from the environment, else the JVM's user home).
     */
    static Path root(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base;
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            base = Path.of(xdg);
        } else {
            String home = env.getOrDefault("HOME", userHome);
            base = Path.of(home, ".local", "share");
        }
        return base.resolve("thinkrig").resolve("deployments");
    }

    Path root() {
        return root;
    }

    /** The directory of deployment {@code name}; a name that could escape the root is refused. */
    Path directory(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a deployment name: '" + name + "'");
        }
        return root.resolve(name);
    }

    /**
     * The files for {@code deployment}, rendered before anything is deployed so a broken template override fails
     * early: what {@code compose} writes for {@code recipe}, plus the plan and {@link #STATE_FILE}.
     */
    static List<GeneratedFile> render(Templates templates, Recipe recipe, Plan plan, Deployment deployment) {
        return with(render(templates, recipe, plan), State.of(deployment));
    }

    /** What {@code compose} writes for {@code model}, plus the plan: the files without {@link #STATE_FILE}. */
    static List<GeneratedFile> render(Templates templates, Recipe recipe, Plan plan) {
        List<GeneratedFile> files = new ArrayList<>(new ComposeRenderer(templates).render(recipe));
        files.add(new GeneratedFile(
                PLAN_FILE,
                Formats.write(PlanReport.of(plan, List.of()), Formats.Format.JSON) + "\n",
                GeneratedFile.READABLE));
        return files;
    }

    /** {@code files} and the {@link #STATE_FILE} holding {@code state}. */
    static List<GeneratedFile> with(List<GeneratedFile> files, State state) {
        List<GeneratedFile> all = new ArrayList<>(files);
        try {
            all.add(new GeneratedFile(STATE_FILE, JSON.writeValueAsString(state) + "\n", GeneratedFile.READABLE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /** Writes the files into the deployment's directory, each atomically (the directory is thinkrig's own). */
    Path write(String name, List<GeneratedFile> files) {
        Path dir = directory(name);
        OutputDirectory.write(dir, files, true);
        return dir;
    }

    /** The names of the deployments that have a state directory, sorted. */
    List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> NAME.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** The deployment's {@link State}; empty when it has no state directory or the file cannot be read. */
    Optional<State> read(String name) {
        Path file = directory(name).resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), State.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * After a failed or interrupted deploy: removes the state directory unless containers of the deployment remain (a
     * running one this run reused keeps its files). Never fails: the deploy's own error is what matters.
     */
    void forgetIfGone(ContainerEngine docker, String name) {
        try {
            if (docker.containers(ContainerEngine.DEPLOYMENT_LABEL, Optional.of(name))
                    .isEmpty()) {
                remove(name);
            }
        } catch (RuntimeException e) {
            // the engine or the file system failed as well; the next deploy or 'down' cleans up
        }
    }

    /** Removes the deployment's state directory and everything in it; returns it when there was one. */
    Optional<Path> remove(String name) {
        Path dir = directory(name);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        // walk does not follow links: a link inside is removed, never what it points at
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
        return Optional.of(dir);
    }

    /**
     * The pid the lock's holder wrote into the file, or "" when it cannot be read: the holder writes it just after
     * taking the lock, so a reader that comes in between sees an empty file for a moment (CI caught one, reading
     * "is running" without the pid), and waits up to 200 ms for it.
     */
    private static String holder(Path file) {
        for (int tries = 0; tries < 10; tries++) {
            try {
                String pid = Files.readString(file).strip();
                if (!pid.isEmpty()) {
                    return pid;
                }
                Thread.sleep(20);
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            }
        }
        return "";
    }

    /** Held while one deploy or down of a deployment runs; closing it lets the next one in. */
    interface Lock extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes deployment {@code name}'s lock, a file lock on {@code NAME.lock} in {@link #locks} (outside the
     * deployment's own directory, which deploy creates and down removes), or throws {@link DeploymentBusyException}
     * naming the process that holds it: two deploys of one name at once removed each other's container, and a down
     * during a deploy left the survivor on an unlabelled volume. The operating system releases the lock when the
     * process ends, however it ends.
     */
    Lock lock(String name) {
        Path file = locks.resolve(directory(name).getFileName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held;
            try {
                held = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null; // this JVM holds it already
            }
            if (held == null) {
                channel.close();
                throw new DeploymentBusyException(name, holder(file));
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap(
                    Long.toString(ProcessHandle.current().pid()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            FileLock lock = held;
            return () -> {
                try {
                    lock.release();
                    channel.close();
                } catch (IOException e) {
                    // the lock goes with the channel, and both with the process
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take the lock " + file, e);
        }
    }
}
