package dev.thinkrig.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the STAND-IN engine's container image locally (no registry is reachable from test machines): a jlink'ed JRE
 * with the shared libraries {@code ldd} lists, the stand-in's classes, {@code docker import}ed with an entrypoint.
 */
public final class StandInImage {

    private static final Pattern LIB = Pattern.compile("(/\\S+\\.so[.0-9]*)");

    private StandInImage() {}

    /**
     * {@code StandInImage TAG [ARGS...]}: builds the image from the command line, for bench/deploy-overhead.sh and
     * .ci/run (run with the deploy module's test classes on the class path).
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: StandInImage TAG [StandInMain arguments: mode, start-up seconds]");
            System.exit(2);
        }
        build(args[0], List.of(args).subList(1, args.length));
        System.out.println("built " + args[0] + " (stand-in engine, tests and benchmarks only)");
    }

    /** Builds {@code tag} whose entrypoint runs {@link StandInMain} with {@code args}; about 40 MB. */
    public static void build(String tag, List<String> args) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("thinkrig-standin");
        try {
            Path root = work.resolve("rootfs");
            Path jre = root.resolve("opt/java");
            Files.createDirectories(jre.getParent());
            Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
            run(List.of(
                    jlink.toString(),
                    "--add-modules",
                    "java.base,jdk.httpserver",
                    "--strip-debug",
                    "--no-man-pages",
                    "--no-header-files",
                    "--compress=2",
                    "--output",
                    jre.toString()));
            Set<String> libs = new LinkedHashSet<>();
            for (Path binary : List.of(jre.resolve("bin/java"), jre.resolve("lib/server/libjvm.so"))) {
                Matcher m = LIB.matcher(run(List.of("ldd", binary.toString())));
                while (m.find()) {
                    if (!m.group(1).startsWith(work.toString())) { // the JRE's own libraries are in place already
                        libs.add(m.group(1));
                    }
                }
            }
            for (String lib : libs) {
                Path target = root.resolve(lib.substring(1));
                Files.createDirectories(target.getParent());
                Files.copy(Path.of(lib), target, StandardCopyOption.REPLACE_EXISTING); // follows links: real files
            }
            Files.createDirectories(root.resolve("tmp"));
            copyClasses(root.resolve("app"));
            StringBuilder entrypoint =
                    new StringBuilder("ENTRYPOINT [\"/opt/java/bin/java\", \"-cp\", \"/app:/app/standin.jar\", "
                            + "\"dev.thinkrig.deploy.StandInMain\"");
            for (String a : args) {
                entrypoint.append(", \"").append(a).append('"');
            }
            entrypoint.append(']');
            // the previous build of this tag is removed first, so repeated test runs leave no dangling images
            run(List.of(
                    "bash",
                    "-c",
                    "docker rmi \"$3\" >/dev/null 2>&1; tar -C \"$1\" -c . | docker import -c \"$2\" - \"$3\"",
                    "import",
                    root.toString(),
                    entrypoint.toString(),
                    tag));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Removes {@code tags} (images a test run built), whether or not a container still refers to them. */
    public static void remove(List<String> tags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("docker", "rmi", "--force"));
        command.addAll(tags);
        new ProcessBuilder(command).redirectErrorStream(true).start().waitFor();
    }

    /** The stand-in's classes: from the test-classes directory, or the whole deploy test jar when run from it. */
    private static void copyClasses(Path app) throws IOException {
        Path location;
        try {
            location = Path.of(StandInMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Files.createDirectories(app);
        if (Files.isRegularFile(location)) {
            Files.copy(location, app.resolve("standin.jar"));
            return;
        }
        Path pkg = location.resolve("dev/thinkrig/deploy");
        Path target = app.resolve("dev/thinkrig/deploy");
        Files.createDirectories(target);
        try (Stream<Path> classes = Files.list(pkg)) {
            for (Path c : classes.filter(p -> p.getFileName().toString().startsWith("StandIn"))
                    .toList()) {
                Files.copy(c, target.resolve(c.getFileName().toString()));
            }
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command))
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new UncheckedIOException(new IOException(String.join(" ", command) + " failed: " + output));
        }
        return output;
    }
}
