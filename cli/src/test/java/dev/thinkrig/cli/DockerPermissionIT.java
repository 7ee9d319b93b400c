package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Permission denied on the Docker socket, for real: the packaged {@code thinkrig.jar} runs as the unprivileged user
 * {@code nobody} (uid and gid 65534, no supplementary groups, through util-linux's {@code setpriv}) against the real
 * engine's socket, which only root and the {@code docker} group may open. Root itself is never refused, so this needs
 * root to drop to {@code nobody}; elsewhere it is skipped, except under {@code CI=true} as root, where it must run.
 */
class DockerPermissionIT {

    /** The unprivileged user and group on Debian and most distributions ({@code nobody}, {@code nogroup}). */
    static final String NOBODY = "65534";

    static final String DEFAULT_SOCKET = "/var/run/docker.sock";

    private static Path socket;

    @BeforeAll
    static void rootAndSocket() {
        boolean ci = "true".equals(System.getenv("CI"));
        Assumptions.assumeTrue(
                "root".equals(System.getProperty("user.name")),
                "not root: cannot run thinkrig as another user, so the permission IT is skipped");
        String host = System.getenv().getOrDefault("DOCKER_HOST", "unix://" + DEFAULT_SOCKET);
        Assumptions.assumeTrue(host.startsWith("unix://"), "DOCKER_HOST is not a unix socket: " + host);
        socket = Path.of(host.substring("unix://".length()));
        String why = null;
        if (!Files.exists(socket)) {
            why = "no Docker socket at " + socket;
        } else if (!Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            why = "util-linux's setpriv is not installed";
        } else if (othersMayOpen(socket)) {
            why = "the Docker socket " + socket + " is open to every user, so nobody is not refused";
        }
        if (why != null) {
            if (ci) {
                fail("CI=true as root but the permission IT cannot run: " + why);
            }
            Assumptions.abort(why);
        }
    }

    private static boolean othersMayOpen(Path p) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            return perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException e) {
            return false;
        }
    }

    /** The shaded jar that {@code package} wrote beside target/classes (failsafe runs after package). */
    private static Path shadedJar() throws URISyntaxException {
        Path classes = Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = classes.resolveSibling("thinkrig.jar");
        assertThat(jar).as("the shaded jar built by package").isRegularFile();
        return jar;
    }

    private record Run(int exitCode, String output) {}

    /**
     * Runs {@code thinkrig args} as nobody from a copy of the jar in {@code dir} (/root and its Maven repository are
     * closed to other users), with HOME and the XDG directories in {@code dir}.
     */
    private static Run asNobody(Path dir, String... args) throws Exception {
        Set<PosixFilePermission> open = PosixFilePermissions.fromString("rwxrwxrwx");
        Files.setPosixFilePermissions(dir, open);
        Path jar = dir.resolve("thinkrig.jar");
        if (!Files.exists(jar)) {
            Files.copy(shadedJar(), jar);
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.setPosixFilePermissions(home, open);
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/setpriv",
                "--reuid=" + NOBODY,
                "--regid=" + NOBODY,
                "--clear-groups",
                "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        var env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("HOME", home.toString());
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
        env.put("DOCKER_HOST", "unix://" + socket);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("thinkrig as nobody did not finish: " + output);
        }
        return new Run(p.exitValue(), output);
    }

    private static void assertRefusedWithTheFix(Run run) {
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.DOCKER_PERMISSION_DENIED.code);
        assertThat(run.output())
                .contains("permission denied on the Docker socket unix://" + socket)
                .contains("docker group", "sudo usermod -aG docker $USER", "rootless Docker");
    }

    @Test
    void status_asAUserOutsideTheDockerGroup_exits10NamingTheSocketAndTheFix(@TempDir Path dir) throws Exception {
        assertRefusedWithTheFix(asNobody(dir, "status"));
    }

    @Test
    void deploy_asAUserOutsideTheDockerGroup_exits10BeforeWritingAnything(@TempDir Path dir) throws Exception {
        Run run = asNobody(
                dir,
                "deploy",
                DeployIT.MODEL,
                "--hardware",
                "cpu-only",
                "--engine",
                "ollama",
                "--image",
                DeployIT.IMAGE,
                "--port",
                "45678");

        assertRefusedWithTheFix(run);
        assertThat(run.output()).contains("==> Checking the Docker engine").doesNotContain("Pulling");
        assertThat(dir.resolve("home/data/thinkrig/deployments")).doesNotExist();
    }
}
