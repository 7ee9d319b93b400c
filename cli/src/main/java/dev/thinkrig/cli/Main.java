package dev.thinkrig.cli;

import dev.thinkrig.cli.checklog.CalibrationStoreException;
import dev.thinkrig.cli.render.Terminal;
import dev.thinkrig.deploy.api.EngineApiException;
import dev.thinkrig.deploy.docker.ContainerEngineException;
import dev.thinkrig.deploy.flow.DeployException;
import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.ProfileException;
import dev.thinkrig.profiles.UnknownNameException;
import dev.thinkrig.profiles.detect.BundleWriteException;
import dev.thinkrig.profiles.detect.DetectionException;
import dev.thinkrig.profiles.enginelog.EngineLogException;
import dev.thinkrig.sizing.plan.PlanException;
import dev.thinkrig.templates.RenderException;
import dev.thinkrig.templates.output.IoReason;
import dev.thinkrig.templates.output.OutputException;
import dev.thinkrig.templates.recipe.RecipeException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** Entry point: builds the command line, maps exceptions to exit codes; the only place that exits. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(out, err, System.getenv(), System.console() != null, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs thinkrig with the given streams and environment; tests call this with StringWriters. */
    public static int run(PrintWriter out, PrintWriter err, Map<String, String> env, boolean terminal, String... args) {
        Environment environment = new Environment(env, System.getProperty("user.home"), terminal);
        CommandLine cli = new CommandLine(new ThinkrigCommand(), new CommandFactory(environment));
        // every command prints through the one sanitiser: what an engine, a file or a log sends cannot act on a
        // terminal
        PrintWriter safeOut = new PrintWriter(Terminal.writer(out), true);
        PrintWriter safeErr = new PrintWriter(Terminal.writer(err), true);
        cli.setOut(safeOut);
        cli.setErr(safeErr);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.getCommandSpec().usageMessage().footer(ExitCode.helpFooter());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = false;
            for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
                verbose |= r.hasMatchedOption("--verbose");
            }
            return report(e, commandLine.getErr(), verbose);
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("thinkrig: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, c.getErr());
            c.getErr().println("Run '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE.code;
        });
        int code = cli.execute(args);
        safeOut.flush();
        safeErr.flush();
        return code;
    }

    static int report(Exception e, PrintWriter err, boolean verbose) {
        int code;
        if (e instanceof UnknownNameException) {
            code = ExitCode.UNKNOWN_NAME.code;
        } else if (e instanceof ProfileException || e instanceof RenderException || e instanceof ModelFileException) {
            code = ExitCode.BAD_PROFILE.code; // a RenderException comes from a user's template override
        } else if (e instanceof CalibrationStoreException) {
            code = ExitCode.BAD_PROFILE.code;
        } else if (e instanceof DeploymentBusyException) {
            code = ExitCode.DEPLOYMENT_BUSY.code;
        } else if (e instanceof EngineLogException) {
            code = ExitCode.UNREADABLE_LOG.code;
        } else if (e instanceof OutputException || e instanceof BundleWriteException) {
            code = ExitCode.OUTPUT_REFUSED.code;
        } else if (e instanceof DetectionException) {
            code = ExitCode.DETECTION_FAILED.code;
        } else if (e instanceof EngineApiException) {
            code = ExitCode.ENGINE_UNREACHABLE.code;
        } else if (e instanceof DeployException d) {
            code = switch (d.kind()) {
                case ENGINE_UNREACHABLE -> ExitCode.ENGINE_UNREACHABLE.code;
                case PERMISSION_DENIED -> ExitCode.DOCKER_PERMISSION_DENIED.code;
                case NO_GPU_ACCESS -> ExitCode.NO_GPU_ACCESS.code;
                case PULL_FAILED -> ExitCode.PULL_FAILED.code;
                case REGISTRY_AUTH_FAILED -> ExitCode.REGISTRY_AUTH_FAILED.code;
                case DISK_TOO_SMALL -> ExitCode.DISK_TOO_SMALL.code;
                case PORT_TAKEN -> ExitCode.PORT_TAKEN.code;
                case EXITED_AT_START -> ExitCode.EXITED_AT_START.code;
                case READINESS_TIMEOUT -> ExitCode.READINESS_TIMEOUT.code;
                case SMOKE_TEST_FAILED -> ExitCode.SMOKE_TEST_FAILED.code;
                case MISSING_SETTING -> ExitCode.USAGE.code;
                case ENGINE_NOT_INSTALLED -> ExitCode.ENGINE_NOT_INSTALLED.code;
                case FAILED -> ExitCode.INTERNAL_ERROR.code;
            };
        } else if (e instanceof ContainerEngineException c) {
            code = switch (c.kind()) {
                case PERMISSION_DENIED -> ExitCode.DOCKER_PERMISSION_DENIED.code;
                case IMAGE_PULL_FAILED -> ExitCode.PULL_FAILED.code;
                case REGISTRY_AUTH_FAILED -> ExitCode.REGISTRY_AUTH_FAILED.code;
                case PORT_TAKEN -> ExitCode.PORT_TAKEN.code;
                case UNREACHABLE -> ExitCode.ENGINE_UNREACHABLE.code;
                default -> ExitCode.INTERNAL_ERROR.code;
            };
        } else if (e instanceof PlanException
                || e instanceof RecipeException
                || e instanceof IllegalArgumentException) {
            code = ExitCode.USAGE.code;
        } else {
            code = ExitCode.INTERNAL_ERROR.code;
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // the JDK's file errors often carry only a path; say why, unless the message already does (compose's does)
        String reason = IoReason.of(e)
                .filter(r -> !message.contains(r))
                .map(r -> " (" + r + ")")
                .orElse("");
        err.println("thinkrig: " + message + reason);
        if (verbose) {
            e.printStackTrace(err);
        }
        return code;
    }
}
