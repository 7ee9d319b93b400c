package dev.thinkrig.cli;

import dev.thinkrig.cli.checklog.CalibrationStore;
import dev.thinkrig.cli.render.Formats;
import dev.thinkrig.cli.render.Terminal;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code thinkrig calibration}: lists or clears what {@code check-log --save} recorded on this machine. */
@Command(
        name = "calibration",
        mixinStandardHelpOptions = true,
        description = {
            "List the engine logs recorded as this machine's calibration (check-log --save), or clear them.",
            "Plans on a machine with the same GPUs, for the same engine and release line, apply the corrections."
        })
public final class CalibrationCommand implements Callable<Integer> {

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--clear", description = "Remove the recorded entries (all, or --engine's)")
    boolean clear;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "With --clear: only this engine's (vllm, ollama)")
    String engine;

    @Mixin
    FormatMixin output;

    public CalibrationCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        CalibrationStore store = environment.calibrations();
        var out = spec.commandLine().getOut();
        if (clear) {
            out.println(store.clear(Optional.ofNullable(engine)));
            out.flush();
            return ExitCode.OK.code;
        }
        if (engine != null) {
            throw new IllegalArgumentException("--engine goes with --clear");
        }
        var entries = store.entries();
        if (!output.table()) {
            out.println(Formats.write(entries, output.format));
        } else if (entries.isEmpty()) {
            out.println("no calibration recorded in " + store.file() + " ('thinkrig check-log FILE --save' adds one)");
        } else {
            out.println("calibration in " + store.file());
            for (var e : entries) {
                out.printf(
                        "  %s %s, %s, on %s, recorded %s%n",
                        e.engine(),
                        Terminal.visible(e.engineVersion()),
                        Terminal.visible(e.model()),
                        Terminal.visible(e.machine()),
                        Terminal.visible(e.recorded()));
                e.terms()
                        .forEach((term, p) -> out.printf(
                                java.util.Locale.ROOT,
                                "    %-14s logged %,d B, planned %,d B (%+.2f GiB)%n",
                                term,
                                p.logged(),
                                p.planned(),
                                (p.logged() - p.planned()) / (1024.0 * 1024 * 1024)));
            }
        }
        out.flush();
        return ExitCode.OK.code;
    }
}
