package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thinkrig.deploy.StandInEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real case for every exit code that needs no Docker engine, each run through the command line as a user would; the
 * codes of deploy's faults (10 to 17) run against the real Docker engine in {@code DeployIT} and
 * {@code DockerPermissionIT}, and 18 in {@code NativeDeployTest}. {@link #everyCode_isAssertedByATest} holds the
 * suite to a case per code.
 */
class ExitCodeCasesTest {

    @TempDir
    Path dir;

    private static Path bundle(String name) throws URISyntaxException {
        return Path.of(ExitCodeCasesTest.class.getResource("/bundles/" + name).toURI());
    }

    /** A copy of a recorded bundle to spoil. */
    private Path copyOf(String name) throws IOException, URISyntaxException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(bundle(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        return copy;
    }

    @Test
    void ok_aPlanThatFits() {
        Cli cli = Cli.run("plan", "qwq-32b", "--hardware", "h100-80gb");
        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.OK.code);
    }

    @Test
    void internalError_anUnexpectedExceptionPointsAtVerbose() {
        StringWriter err = new StringWriter();
        int code = Main.report(new IllegalStateException("a bug"), new PrintWriter(err), false);
        assertThat(code).isEqualTo(ExitCode.INTERNAL_ERROR.code);
        assertThat(err.toString()).contains("a bug");
    }

    @Test
    void usage_noCommand() {
        Cli cli = Cli.run();
        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("a command is required");
    }

    @Test
    void doesNotFit_bf16On24GiB() {
        Cli cli = Cli.run(
                "plan",
                "qwq-32b",
                "--hardware",
                "rtx-4090",
                "--engine",
                "vllm",
                "--quant",
                "BF16",
                "--context",
                "65536");
        assertThat(cli.exitCode).isEqualTo(ExitCode.DOES_NOT_FIT.code);
    }

    @Test
    void unknownName_suggestsTheClosest() {
        Cli cli = Cli.run("plan", "qwq-23b", "--hardware", "h100-80gb");
        assertThat(cli.exitCode).isEqualTo(ExitCode.UNKNOWN_NAME.code);
        assertThat(cli.err).contains("qwq-32b");
    }

    @Test
    void badProfile_aCorruptSupportBundle() throws IOException {
        Path b = Files.createDirectories(dir.resolve("corrupt"));
        Files.writeString(b.resolve("bundle.json"), "{\"format\": 1, \"system\": ");
        Cli cli = Cli.run("detect", "--replay", b.toString());
        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.BAD_PROFILE.code);
        assertThat(cli.err).contains(b.resolve("bundle.json") + ":1:");
    }

    @Test
    void detectionFailed_nvidiaSmiThatPrintsNothing() throws IOException, URISyntaxException {
        Path b = copyOf("2x-rtx-4090");
        Files.writeString(b.resolve("command-1-nvidia-smi.stdout.txt"), "\n");
        Cli cli = Cli.run("detect", "--replay", b.toString());
        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.DETECTION_FAILED.code);
        assertThat(cli.err).contains("nvidia-smi printed nothing");
    }

    @Test
    void engineUnreachable_nothingListens() {
        Cli cli = Cli.run("smoke-test", "--endpoint", "http://127.0.0.1:9");
        assertThat(cli.exitCode).isEqualTo(ExitCode.ENGINE_UNREACHABLE.code);
    }

    @Test
    void smokeTestFailed_aWrongAnswer() throws IOException {
        try (StandInEngine engine = new StandInEngine().mode(StandInEngine.Mode.WRONG_ANSWER)) {
            Cli cli = Cli.run("smoke-test", "--endpoint", engine.uri().toString());
            assertThat(cli.exitCode).isEqualTo(ExitCode.SMOKE_TEST_FAILED.code);
        }
    }

    @Test
    void outputRefused_composeIntoADirectoryOfSomeoneElsesFiles() throws IOException {
        Path out = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        Cli cli = Cli.run("compose", "qwq-32b", "--hardware", "h100-80gb", "--out", out.toString());
        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.OUTPUT_REFUSED.code);
        assertThat(Files.readString(out.resolve("notes.txt"))).isEqualTo("mine");
    }

    @Test
    void outputRefused_recordIntoAnExistingDirectory() throws IOException {
        // was exit 6, "detection failed", though nothing was wrong with the detection
        Path taken = Files.createDirectories(dir.resolve("taken"));
        Cli cli = Cli.run("detect", "--record", taken.toString());
        assertThat(cli.exitCode).as(cli.err).isEqualTo(ExitCode.OUTPUT_REFUSED.code);
        assertThat(cli.err).contains("already exists");
        try (Stream<Path> left = Files.list(taken)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void unreadableLog_somethingElseEntirely() throws IOException {
        Path notALog = Files.writeString(dir.resolve("recipe.txt"), "two eggs\nflour\n");
        Cli cli = Cli.run("check-log", notALog.toString());
        assertThat(cli.exitCode).isEqualTo(ExitCode.UNREADABLE_LOG.code);
    }

    /** A name of this run's own: locks live in the user's runtime directory, which other runs share. */
    private static final String BUSY =
            "thinkrig-busy-" + ProcessHandle.current().pid();

    @Test
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    void deploymentBusy_aDeployOrDownWhileAnotherRuns() {
        // two deploys of one name at once removed each other's container; a down during a deploy raced it too
        DeploymentStates states = new DeploymentStates(
                DeploymentStates.root(java.util.Map.of("XDG_DATA_HOME", Cli.DATA_HOME.toString()), "/nonexistent"),
                DeploymentStates.locks(java.util.Map.of()));
        try (DeploymentStates.Lock held = states.lock(BUSY)) {
            Cli down = Cli.run("down", BUSY);
            assertThat(down.exitCode).as(down.err).isEqualTo(ExitCode.DEPLOYMENT_BUSY.code);
            assertThat(down.err)
                    .contains("another thinkrig deploy or down of " + BUSY + " is running (pid "
                            + ProcessHandle.current().pid() + ")");
            Cli deploy = Cli.run(
                    "deploy",
                    "deepseek-r1-distill-qwen-1.5b",
                    "--hardware",
                    "cpu-only",
                    "--engine",
                    "ollama",
                    "--name",
                    BUSY);
            assertThat(deploy.exitCode).as(deploy.err).isEqualTo(ExitCode.DEPLOYMENT_BUSY.code);
        }
        // released: the next one gets past the lock (and then finds no such deployment)
        assertThat(Cli.run("down", BUSY).exitCode).isNotEqualTo(ExitCode.DEPLOYMENT_BUSY.code);
    }

    @Test
    void everyCode_isAssertedByATest() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "test", "java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.add(Files.readString(f));
            }
        }
        String all = String.join("\n", sources);
        for (ExitCode c : ExitCode.values()) {
            assertThat(all)
                    .as("a test that expects exit %d (%s)", c.code, c.name())
                    .containsPattern("isEqualTo\\(ExitCode\\." + c.name() + "\\.code\\)");
        }
    }
}
