package dev.thinkrig.cli.checklog;

import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.enginelog.EngineLog;
import dev.thinkrig.profiles.enginelog.EngineLogException;
import dev.thinkrig.profiles.enginelog.EngineLogReader;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.Plan;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * What {@code deploy} does with the engine's own log once the smoke test passed: reads it as {@code check-log} does,
 * prints the logged figures beside the plan of the deployed setup, and records them in the calibration store (the
 * issue's "deploy automatically after a successful start").
 */
public final class DeployedLog {

    private DeployedLog() {}

    /**
     * Prints the comparison of {@code lines} with the deployed plan to {@code out}; a log with none of the lines
     * thinkrig reads (an engine that prints no memory figures) gets one line saying so.
     */
    public static void report(
            PrintWriter out,
            List<String> lines,
            Plan plan,
            Configuration chosen,
            ModelCatalog catalog,
            CalibrationStore store,
            Instant now) {
        if (lines.isEmpty()) {
            return;
        }
        EngineLog log;
        try {
            log = EngineLogReader.read(lines);
        } catch (EngineLogException e) {
            out.println("The engine's log has no memory figures thinkrig reads yet, so it is not compared with the"
                    + " plan.");
            return;
        }
        var overrides = new LogComparison.Overrides(
                Optional.of(plan.request().model().id()),
                Optional.of(chosen.quantization()),
                OptionalInt.of(chosen.contextTokens()),
                OptionalInt.of(chosen.tensorParallel()),
                chosen.engine().usesKvPool()
                        ? OptionalDouble.of(chosen.gpuMemoryUtilization())
                        : OptionalDouble.empty(),
                OptionalInt.of(chosen.parallelSequences()),
                plan.request().engineVersion(),
                Optional.empty());
        LogReport report;
        try {
            report = LogComparison.compare(
                    log,
                    overrides,
                    catalog,
                    (l, tp) -> new LogComparison.ChosenHardware(plan.request().hardware(), "the deployment's plan"));
        } catch (RuntimeException e) {
            // the deployment stands whatever the comparison meets (a model the catalog cannot resolve again)
            out.println("The engine's log was read but not compared with the plan: " + e.getMessage());
            return;
        }
        out.println("The engine's own log, logged next to planned:");
        String saved;
        try {
            // a build of its own (the stand-in's 0.32.0-standin, a release candidate) does not speak for its release
            // line, and deploy saves without being asked: only a release's figures calibrate later plans unasked
            saved = report.version() != null && !report.version().matches("v?\\d+(\\.\\d+)*")
                    ? "not saved as this machine's calibration: " + report.engine() + " " + report.version()
                            + " is not a release ('thinkrig check-log LOG --save' saves it if you want it)"
                    : store.save(report, now);
        } catch (IllegalArgumentException | CalibrationStoreException | java.io.UncheckedIOException e) {
            // the deployment stands; only the record is missing, and the note says why
            saved = "not saved as this machine's calibration: " + e.getMessage();
        }
        LogReportTable.print(report.withNote(saved), out);
    }
}
