package dev.thinkrig.cli.checklog;

import java.util.List;

/**
 * {@code check-log}'s result, as {@code --format json} writes it (docs/cli.md#check-log): sizes in bytes, tokens for
 * {@code kvCapacityTokens}; {@code planned} and {@code error} are null where thinkrig could not plan the setup.
 *
 * @param model the catalog model planned, or null when the log's model is not known
 * @param hardware the machine planned for, and how it was chosen
 * @param machine that machine's GPUs, the key of its calibration ({@code check-log --save}); null when not planned
 * @param refused whether the log shows the engine refusing to start for lack of memory
 * @param plannedFits whether thinkrig's plan says the setup fits (null when not planned); a log that refused while
 *     the plan fits is the dangerous disagreement
 */
public record LogReport(
        String engine,
        String version,
        Setup setup,
        String model,
        String hardware,
        String machine,
        List<Term> terms,
        boolean refused,
        Boolean plannedFits,
        List<String> notes) {

    public LogReport {
        terms = List.copyOf(terms);
        notes = List.copyOf(notes);
    }

    /** The same report with one more note. */
    public LogReport withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new LogReport(engine, version, setup, model, hardware, machine, terms, refused, plannedFits, more);
    }

    /** The term named {@code name}, if the log or the plan gives it. */
    public java.util.Optional<Term> term(String name) {
        return terms.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** What the log states and what was planned with it (options filled or overrode the rest). */
    public record Setup(
            String model,
            String quantization,
            Integer contextTokens,
            Integer tensorParallel,
            Double gpuMemoryUtilization,
            Integer parallel,
            String kvCacheType) {}

    /**
     * One figure: logged next to planned.
     *
     * @param name weights, activation, nonTorch, cudaGraphs, kvCache, kvCapacityTokens, computeBuffer or total
     * @param unit {@code bytes} or {@code tokens}
     * @param error {@code (planned - logged) / |logged|}; null when either is missing or the logged figure is 0
     * @param detail where the logged figure came from (line number and line kind)
     */
    public record Term(String name, String unit, Long logged, Long planned, Double error, String detail) {}
}
