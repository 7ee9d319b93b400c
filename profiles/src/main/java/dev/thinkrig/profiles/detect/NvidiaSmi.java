package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * NVIDIA GPUs from {@code nvidia-smi --query-gpu=index,uuid,memory.total,memory.used,memory.free,driver_version,
 * compute_cap,name --format=csv,nounits}; the only I/O is {@link #query}.
 */
public final class NvidiaSmi {

    static final List<String> COLUMNS = List.of(
            "index", "uuid", "memory.total", "memory.used", "memory.free", "driver_version", "compute_cap", "name");

    /** The query; the name goes last so that a comma inside a product name cannot shift the numeric columns. */
    public static final List<String> QUERY =
            List.of("nvidia-smi", "--query-gpu=" + String.join(",", COLUMNS), "--format=csv,nounits");

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private NvidiaSmi() {}

    /** Runs the query; an empty list when nvidia-smi is missing, fails or hangs (the note says which). */
    public static List<NvidiaGpu> query(CommandRunner runner, List<String> notes) {
        CommandRunner.CommandResult r = runner.run(QUERY, TIMEOUT);
        switch (r.status()) {
            case NOT_FOUND:
                return List.of();
            case TIMED_OUT:
                notes.add("nvidia-smi did not answer within " + TIMEOUT.toSeconds() + " s; no NVIDIA GPU planned");
                return List.of();
            default:
                if (!r.succeeded()) {
                    String why = r.stderr().isBlank()
                            ? String.join(" ", r.stdout())
                            : r.stderr().strip();
                    notes.add("nvidia-smi failed (exit " + r.exitCode() + "): "
                            + why.lines().findFirst().orElse(""));
                    return List.of();
                }
                return parse(r.stdout());
        }
    }

    /** Parses CSV output with its header line: columns are found by name, units in brackets ignored. */
    public static List<NvidiaGpu> parse(List<String> lines) {
        List<String> rows = lines.stream().filter(l -> !l.isBlank()).toList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> header = split(rows.get(0)).stream()
                .map(h -> h.replaceAll("\\s*\\[.*]$", "").trim())
                .toList();
        if (!header.contains("memory.total")) {
            throw new IllegalArgumentException("nvidia-smi output has no header line with memory.total: '" + rows.get(0)
                    + "' (expected the output of " + String.join(" ", QUERY) + ")");
        }
        return parseRows(rows.subList(1, rows.size()), header);
    }

    /** Parses CSV output without a header ({@code --format=csv,noheader}) whose columns are {@code columns}. */
    public static List<NvidiaGpu> parse(List<String> lines, List<String> columns) {
        return parseRows(lines.stream().filter(l -> !l.isBlank()).toList(), columns);
    }

    private static List<NvidiaGpu> parseRows(List<String> rows, List<String> header) {
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            at.put(header.get(i), i);
        }
        List<NvidiaGpu> gpus = new ArrayList<>();
        for (int n = 0; n < rows.size(); n++) {
            String row = rows.get(n);
            List<String> cells = split(row);
            // a comma in the name (last column) makes extra cells: join them back
            if (cells.size() > header.size() && header.get(header.size() - 1).equals("name")) {
                String name = String.join(", ", cells.subList(header.size() - 1, cells.size()));
                cells = new ArrayList<>(cells.subList(0, header.size() - 1));
                cells.add(name);
            }
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException("nvidia-smi line " + (n + 1) + " has " + cells.size()
                        + " columns, the header " + header.size() + ": '" + row + "'");
            }
            List<String> c = cells;
            gpus.add(new NvidiaGpu(
                    Optional.ofNullable(at.get("index"))
                            .map(i -> integer(c.get(i), row))
                            .orElse(n),
                    cell(c, at, "uuid").orElse(""),
                    cell(c, at, "name").orElse("NVIDIA GPU"),
                    mib(c, at, "memory.total", row),
                    mib(c, at, "memory.used", row),
                    mib(c, at, "memory.free", row),
                    cell(c, at, "driver_version").orElse(""),
                    cell(c, at, "compute_cap").orElse("")));
        }
        return gpus;
    }

    /**
     * The GPUs a CUDA program would see: {@code CUDA_VISIBLE_DEVICES} lists indices or UUIDs (a prefix is enough, as
     * in CUDA); unset means all, empty means none.
     */
    public static List<NvidiaGpu> visible(List<NvidiaGpu> gpus, String cudaVisibleDevices) {
        if (cudaVisibleDevices == null) {
            return gpus;
        }
        Set<NvidiaGpu> out = new LinkedHashSet<>();
        for (String token : cudaVisibleDevices.split(",")) {
            String t = token.trim();
            if (t.isEmpty()) {
                continue;
            }
            boolean matched = false;
            for (NvidiaGpu g : gpus) {
                if (t.equals(Integer.toString(g.index()))
                        || (t.startsWith("GPU-") && g.uuid().startsWith(t))) {
                    out.add(g);
                    matched = true;
                }
            }
            if (!matched) {
                break; // CUDA ignores every device after the first invalid entry
            }
        }
        return List.copyOf(out);
    }

    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.split(",", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }

    private static Optional<String> cell(List<String> cells, Map<String, Integer> at, String column) {
        Integer i = at.get(column);
        return i == null ? Optional.empty() : Optional.of(cells.get(i));
    }

    private static Optional<DataSize> mib(List<String> cells, Map<String, Integer> at, String column, String row) {
        Optional<String> value = cell(cells, at, column);
        if (value.isEmpty() || notAvailable(value.get())) {
            return Optional.empty();
        }
        String number = value.get().replaceAll("(?i)\\s*MiB$", "");
        try {
            return Optional.of(DataSize.ofMiB(Long.parseLong(number)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nvidia-smi " + column + " is not a number of MiB: '" + row + "'");
        }
    }

    private static int integer(String value, String row) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nvidia-smi index is not a number: '" + row + "'");
        }
    }

    private static boolean notAvailable(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.contains("n/a") || v.contains("not supported") || v.isEmpty();
    }
}
