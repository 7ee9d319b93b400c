package dev.thinkrig.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code thinkrig} command; its --help footer, the exit codes, comes from {@link ExitCode}. */
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
