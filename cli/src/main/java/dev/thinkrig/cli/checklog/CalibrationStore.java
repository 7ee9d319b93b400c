package dev.thinkrig.cli.checklog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.thinkrig.sizing.engine.Calibration;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.engine.EngineVersion;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.plan.PlanRequest;
import dev.thinkrig.templates.output.OutputDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * This machine's calibration ({@code $XDG_DATA_HOME/thinkrig/calibration.json}): what engine logs recorded with {@code
 * check-log --save}, per machine (its GPUs), engine and release line, and the corrections later plans apply. A file
 * that is not a thinkrig calibration is an error naming it, never ignored or applied.
 */
public final class CalibrationStore {

    static final String FORMAT = "thinkrig-calibration";
    static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Path file;

    public CalibrationStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The file's contents. */
    public record StoreFile(String format, int version, List<Entry> entries) {
        public StoreFile {
            entries = entries == null ? List.of() : List.copyOf(entries);
        }
    }

    /**
     * One recorded log.
     *
     * @param machine the GPUs it ran on ({@link #machine(Hardware)})
     * @param engineVersion the release the log printed
     * @param terms logged and planned bytes per term (weights, activation, nonTorch, computeBuffer)
     */
    public record Entry(
            String machine,
            String engine,
            String engineVersion,
            String model,
            String recorded,
            String source,
            Map<String, Pair> terms) {
        public Entry {
            terms = terms == null ? Map.of() : Map.copyOf(terms);
        }
    }

    public record Pair(long logged, long planned) {}

    /** What a plan on {@code hardware} gets: the corrections and the lines that say what was applied or not. */
    public record Applied(Map<Engine, Calibration> calibrations, List<String> notes) {}

    /** A machine as its GPUs: "2 x NVIDIA GeForce RTX 4090 (23.99 GiB)", or the host for a plan without GPUs. */
    public static String machine(Hardware hardware) {
        if (hardware.accelerators().isEmpty()) {
            return "CPU only (" + hardware.host().memory() + ")";
        }
        Map<String, Long> counts = hardware.accelerators().stream()
                .collect(Collectors.groupingBy(
                        (Accelerator a) -> a.name() + " (" + a.memory() + ")",
                        LinkedHashMap::new,
                        Collectors.counting()));
        return counts.entrySet().stream()
                .map(e -> e.getValue() + " x " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    public List<Entry> entries() {
        return read().entries();
    }

    /** Records {@code report}'s figures; the note it returns says what was saved and where. */
    public String save(LogReport report, Instant now) {
        String machine = report.machine();
        if (report.model() == null || report.terms().stream().noneMatch(t -> t.planned() != null)) {
            throw new IllegalArgumentException("nothing to calibrate: thinkrig did not plan this log's setup "
                    + "(name the model with --model and the machine with --hardware)");
        }
        if (report.version() == null) {
            throw new IllegalArgumentException("nothing to calibrate: the log does not say which " + report.engine()
                    + " release it was (--engine-version names it)");
        }
        Map<String, Pair> terms = new LinkedHashMap<>();
        for (String name : List.of("weights", "activation", "nonTorch", "computeBuffer")) {
            report.term(name)
                    .filter(t -> t.logged() != null && t.planned() != null && t.planned() > 0)
                    .ifPresent(t -> terms.put(name, new Pair(t.logged(), t.planned())));
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException(
                    "nothing to calibrate: the log gives none of weights, activation, nonTorch or computeBuffer");
        }
        Entry entry = new Entry(
                machine,
                report.engine(),
                report.version(),
                report.model(),
                now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString(),
                report.engine() + " start-up log",
                terms);
        List<Entry> kept = new ArrayList<>();
        for (Entry e : entries()) {
            boolean same = e.machine().equals(machine)
                    && e.engine().equals(entry.engine())
                    && e.engineVersion().equals(entry.engineVersion())
                    && e.model().equals(entry.model());
            if (!same) {
                kept.add(e);
            }
        }
        kept.add(entry);
        write(new StoreFile(FORMAT, VERSION, kept));
        return "saved as the calibration of " + machine + " for " + report.engine() + " " + report.version() + " in "
                + file + " (" + describe(entry, corrections(entry)) + ")";
    }

    /**
     * Removes every entry (the whole file, a corrupt or foreign one too: the error for one says to run this), or
     * those of one engine; returns what it did, in words.
     */
    public String clear(Optional<String> engine) {
        if (engine.isEmpty()) {
            try {
                return Files.deleteIfExists(file)
                        ? "removed " + file
                        : "nothing to remove: " + file + " does not exist";
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + file, e);
            }
        }
        List<Entry> all = entries();
        List<Entry> kept =
                all.stream().filter(e -> !e.engine().equals(engine.get())).toList();
        if (kept.size() != all.size()) {
            write(new StoreFile(FORMAT, VERSION, kept));
        }
        int removed = all.size() - kept.size();
        return String.format("removed %d %s entr%s from %s", removed, engine.get(), removed == 1 ? "y" : "ies", file);
    }

    /**
     * The corrections for {@code request}'s machine, per engine: the newest entry of the same machine, engine and
     * release line (major.minor) as planned, preferring one of the same model. vLLM entries correct the weights, the
     * activation peak and the non-torch memory; Ollama entries the compute buffer (their weights are the file's bytes,
     * which the logs match to the byte). A term outside {@link Calibration}'s bounds is named in the notes and not
     * applied. llama.cpp entries (check-log of llama.cpp's own log) are recorded and listed, not applied: an Ollama
     * plan follows Ollama's rules, not llama.cpp's.
     */
    public Applied forRequest(PlanRequest request) {
        String machine = machine(request.hardware());
        Map<Engine, Calibration> calibrations = new java.util.EnumMap<>(Engine.class);
        List<String> notes = new ArrayList<>();
        List<Entry> all = entries();
        for (Engine engine : List.of(Engine.VLLM, Engine.OLLAMA)) {
            EngineVersion planned = request.engineVersion(engine);
            Optional<Entry> best = all.stream()
                    .filter(e -> e.machine().equals(machine) && e.engine().equals(engine.id()))
                    .filter(e -> sameLine(e.engineVersion(), planned))
                    .max(Comparator.comparing((Entry e) ->
                                    e.model().equals(request.model().id()))
                            .thenComparing(Entry::recorded));
            if (best.isEmpty()) {
                continue;
            }
            Entry e = best.get();
            Corrections c = corrections(e);
            String source = String.format(
                    "from your %s %s log of %s (%s): %s",
                    engine.id(),
                    e.engineVersion(),
                    e.recorded().substring(0, Math.min(10, e.recorded().length())),
                    e.model(),
                    describe(e, c));
            c.outliers()
                    .forEach((term, why) -> notes.add("calibration outlier not applied (" + engine.id() + " "
                            + e.engineVersion() + " log of " + e.recorded() + "): " + why));
            calibrations.put(
                    engine,
                    engine == Engine.VLLM
                            ? new Calibration(c.weights(), c.activation(), c.nonTorch(), source)
                            : new Calibration(1, c.computeBuffer(), 0, source));
        }
        return new Applied(calibrations, notes);
    }

    /** @param outliers why each term left out was left out, by term name */
    private record Corrections(
            double weights, double activation, long nonTorch, double computeBuffer, Map<String, String> outliers) {}

    private static Corrections corrections(Entry e) {
        Map<String, String> outliers = new LinkedHashMap<>();
        double weights = ratio(e, "weights", outliers);
        double activation = ratio(e, "activation", outliers);
        double computeBuffer = ratio(e, "computeBuffer", outliers);
        long nonTorch = 0;
        Pair p = e.terms().get("nonTorch");
        if (p != null) {
            long delta = p.logged() - p.planned();
            if (Math.abs(delta) > Calibration.MAX_NON_TORCH_DELTA) {
                outliers.put(
                        "nonTorch", String.format(Locale.ROOT, "nonTorch %+.2f GiB is beyond +/-4 GiB", delta / GIB));
            } else {
                nonTorch = delta;
            }
        }
        return new Corrections(weights, activation, nonTorch, computeBuffer, outliers);
    }

    private static final double GIB = 1024.0 * 1024 * 1024;

    private static double ratio(Entry e, String term, Map<String, String> outliers) {
        Pair p = e.terms().get(term);
        if (p == null || p.planned() <= 0) {
            return 1;
        }
        double r = p.logged() / (double) p.planned();
        if (!(r >= 1 / Calibration.MAX_RATIO && r <= Calibration.MAX_RATIO)) {
            outliers.put(term, String.format(Locale.ROOT, "%s x%.2f of the plan is outside x0.5 to x2", term, r));
            return 1;
        }
        return r;
    }

    private static String describe(Entry e, Corrections c) {
        List<String> parts = new ArrayList<>();
        e.terms()
                .forEach((term, p) -> parts.add(String.format(
                        Locale.ROOT,
                        "%s %+.2f GiB%s",
                        term,
                        (p.logged() - p.planned()) / GIB,
                        c.outliers().containsKey(term) ? " (outlier, not applied)" : "")));
        return String.join(", ", parts);
    }

    private static boolean sameLine(String recorded, EngineVersion planned) {
        String[] parts = recorded.split("\\.");
        return parts.length >= 2
                && parts[0].equals(Integer.toString(planned.major()))
                && parts[1].replaceAll("\\D.*$", "").equals(Integer.toString(planned.minor()));
    }

    private StoreFile read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new StoreFile(FORMAT, VERSION, List.of());
        } catch (IOException e) {
            throw new CalibrationStoreException(file + ": cannot be read: " + e.getMessage());
        }
        StoreFile f;
        try {
            f = JSON.readValue(bytes, StoreFile.class);
        } catch (IOException e) {
            throw new CalibrationStoreException(file + ": not a thinkrig calibration file ("
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
                    + "); move it away or run 'thinkrig calibration --clear'");
        }
        if (f == null || !FORMAT.equals(f.format()) || f.version() != VERSION) {
            throw new CalibrationStoreException(file + ": not a thinkrig calibration file (format "
                    + (f == null ? "missing" : f.format() + " version " + f.version()) + ", expected " + FORMAT
                    + " version " + VERSION + "); move it away or run 'thinkrig calibration --clear'");
        }
        for (Entry e : f.entries()) {
            if (e.machine() == null
                    || e.engine() == null
                    || e.engineVersion() == null
                    || e.model() == null
                    || e.recorded() == null) {
                throw new CalibrationStoreException(file
                        + ": an entry lacks machine, engine, engineVersion, model or recorded; move it away or run "
                        + "'thinkrig calibration --clear'");
            }
        }
        return f;
    }

    private void write(StoreFile contents) {
        try {
            OutputDirectory.writeAtomically(
                    file.getParent(), file.getFileName().toString(), JSON.writeValueAsBytes(contents), "rw-r--r--");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Applies this machine's calibration to {@code request}. */
    public PlanRequest apply(PlanRequest request, List<String> notes) {
        Applied a = forRequest(request);
        notes.addAll(a.notes());
        return a.calibrations().isEmpty() ? request : request.withCalibrations(a.calibrations());
    }
}
