package dev.thinkrig.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code thinkrig} command. */
@Command(
        name = "thinkrig",
        mixinStandardHelpOptions = true,
        versionProvider = ThinkrigCommand.Version.class,
        description = "Will this reasoning model fit on my machine, and how fast will it think?",
        subcommands = {
            PlanCommand.class,
            ComposeCommand.class,
            DetectCommand.class,
            ModelsCommand.class,
            HardwareCommand.class,
            DeployCommand.class,
            StatusCommand.class,
            LogsCommand.class,
            DownCommand.class,
            SmokeTestCommand.class,
            CheckLogCommand.class,
            CalibrationCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes:",
            "  0   success (plan: a configuration fits)",
            "  1   unexpected error (run with --verbose for the stack trace)",
            "  2   usage error: unknown option, bad value, contradictory options",
            "  3   plan, compose: nothing fits on this hardware (the output says why; compose writes nothing)",
            "  4   unknown model or hardware preset (closest names suggested)",
            "  5   malformed catalog, preset, user or model file (file:line:column, or file: at byte N)",
            "  6   detection failed: a hardware tool's output could not be read (use --hardware)",
            "  7   an engine endpoint or the Docker engine does not answer, or answers with an error",
            "  8   smoke test failed: wrong or empty answer, or no reasoning trace",
            "  9   compose: the output directory holds files thinkrig did not write (use --force), or cannot be written",
            "  10  deploy, status, logs, down: permission denied on the Docker socket",
            "  11  deploy: the plan needs NVIDIA GPUs and Docker has no GPU access (nvidia runtime or CDI)",
            "  12  deploy: the engine image or the model could not be pulled",
            "  13  deploy: the port to publish is already taken",
            "  14  deploy: the engine container exited during start-up (last log lines shown)",
            "  15  deploy: the engine did not become ready in time",
            "  16  deploy: not enough free disk space for the model's weights (nothing pulled or created)",
            "  17  deploy: registry authentication failed (nvcr.io: NGC_API_KEY missing or refused)",
            "  18  deploy: the plan runs the native Ollama (a Mac) and it is not installed (the message says how)",
            "  19  check-log: the input is not a vLLM, Ollama or llama.cpp start-up log (the expected lines named)"
        })
public final class ThinkrigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(
            names = "--verbose",
            scope = CommandLine.ScopeType.INHERIT,
            description = "Show the stack trace of unexpected errors")
    boolean verbose;

    /** Without a command there is nothing to do: a usage error (exit 2) that lists the commands, as docs/cli.md says. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a command is required ('thinkrig --help' describes each)");
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ThinkrigCommand.class.getPackage().getImplementationVersion();
            return new String[] {"thinkrig " + (version == null ? "development build" : version)};
        }
    }
}
