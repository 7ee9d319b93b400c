package dev.thinkrig.cli;

import dev.thinkrig.cli.checklog.CalibrationStoreException;
import dev.thinkrig.cli.render.Terminal;
import dev.thinkrig.deploy.api.EngineApiException;
import dev.thinkrig.deploy.docker.ContainerEngineException;
import dev.thinkrig.deploy.flow.DeployException;
import dev.thinkrig.profiles.ModelFileException;
import dev.thinkrig.profiles.ProfileException;
import dev.thinkrig.profiles.UnknownNameException;
import dev.thinkrig.profiles.detect.DetectionException;
import dev.thinkrig.profiles.enginelog.EngineLogException;
import dev.thinkrig.sizing.plan.PlanException;
import dev.thinkrig.templates.RenderException;
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
            return ExitCodes.USAGE;
        });
        int code = cli.execute(args);
        safeOut.flush();
        safeErr.flush();
        return code;
    }

    static int report(Exception e, PrintWriter err, boolean verbose) {
        int code;
        if (e instanceof UnknownNameException) {
            code = ExitCodes.UNKNOWN_NAME;
        } else if (e instanceof ProfileException || e instanceof RenderException || e instanceof ModelFileException) {
            code = ExitCodes.BAD_PROFILE; // a RenderException comes from a user's template override
        } else if (e instanceof CalibrationStoreException) {
            code = ExitCodes.BAD_PROFILE;
        } else if (e instanceof EngineLogException) {
            code = ExitCodes.UNREADABLE_LOG;
        } else if (e instanceof OutputException) {
            code = ExitCodes.OUTPUT_REFUSED;
        } else if (e instanceof DetectionException) {
            code = ExitCodes.DETECTION_FAILED;
        } else if (e instanceof EngineApiException) {
            code = ExitCodes.ENGINE_UNREACHABLE;
        } else if (e instanceof DeployException d) {
            code = switch (d.kind()) {
                case ENGINE_UNREACHABLE -> ExitCodes.ENGINE_UNREACHABLE;
                case PERMISSION_DENIED -> ExitCodes.DOCKER_PERMISSION_DENIED;
                case NO_GPU_ACCESS -> ExitCodes.NO_GPU_ACCESS;
                case PULL_FAILED -> ExitCodes.PULL_FAILED;
                case REGISTRY_AUTH_FAILED -> ExitCodes.REGISTRY_AUTH_FAILED;
                case DISK_TOO_SMALL -> ExitCodes.DISK_TOO_SMALL;
                case PORT_TAKEN -> ExitCodes.PORT_TAKEN;
                case EXITED_AT_START -> ExitCodes.EXITED_AT_START;
                case READINESS_TIMEOUT -> ExitCodes.READINESS_TIMEOUT;
                case SMOKE_TEST_FAILED -> ExitCodes.SMOKE_TEST_FAILED;
                case MISSING_SETTING -> ExitCodes.USAGE;
                case ENGINE_NOT_INSTALLED -> ExitCodes.ENGINE_NOT_INSTALLED;
                case FAILED -> ExitCodes.INTERNAL_ERROR;
            };
        } else if (e instanceof ContainerEngineException c) {
            code = switch (c.kind()) {
                case PERMISSION_DENIED -> ExitCodes.DOCKER_PERMISSION_DENIED;
                case IMAGE_PULL_FAILED -> ExitCodes.PULL_FAILED;
                case REGISTRY_AUTH_FAILED -> ExitCodes.REGISTRY_AUTH_FAILED;
                case PORT_TAKEN -> ExitCodes.PORT_TAKEN;
                case UNREACHABLE -> ExitCodes.ENGINE_UNREACHABLE;
                default -> ExitCodes.INTERNAL_ERROR;
            };
        } else if (e instanceof PlanException
                || e instanceof RecipeException
                || e instanceof IllegalArgumentException) {
            code = ExitCodes.USAGE;
        } else {
            code = ExitCodes.INTERNAL_ERROR;
        }
        err.println("thinkrig: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        if (verbose) {
            e.printStackTrace(err);
        }
        return code;
    }
}
