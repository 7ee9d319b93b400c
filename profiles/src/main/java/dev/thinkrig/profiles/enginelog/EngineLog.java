package dev.thinkrig.profiles.enginelog;

import java.util.List;
import java.util.Optional;

/**
 * What one engine start-up log says: the engine and release, the setup it states, every figure it gives, and whether
 * the engine refused to start.
 *
 * @param refusal the line where the engine gave up for lack of memory, if it did
 * @param notes what the reader should know when comparing (per-rank figures, an estimate rather than a measurement)
 */
public record EngineLog(
        LogEngine engine,
        Optional<String> version,
        LogSetup setup,
        List<LogFigure> figures,
        Optional<String> refusal,
        List<String> notes) {

    public EngineLog {
        figures = List.copyOf(figures);
        notes = List.copyOf(notes);
    }

    /** The figure for {@code term}, if the log gives it. */
    public Optional<LogFigure> figure(LogTerm term) {
        return figures.stream().filter(f -> f.term() == term).findFirst();
    }
}
