package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * NVIDIA GPUs from {@code nvidia-smi --query-gpu=index,uuid,memory.total,memory.used,memory.free,driver_version,
 * compute_cap,name --format=csv,nounits}; the only I/O is {@link #list}.
 */
final class NvidiaSmi {

    private static final List<String> FIELDS = List.of(
            "index", "uuid", "memory.total", "memory.used", "memory.free", "driver_version", "compute_cap", "name");

    // name goes last: a comma inside a product name cannot shift the numeric columns. The header is kept so that
    // columns are read by name, and recorded outputs of other --query-gpu field lists parse as well.
    static final List<String> QUERY =
            List.of("nvidia-smi", "--query-gpu=" + String.join(",", FIELDS), "--format=csv,nounits");

    // Without persistence mode the driver initialises every GPU on each call, which takes seconds on multi-GPU
    // machines; a wedged driver makes nvidia-smi hang for minutes. 20 s allows the first and bounds the second.
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    // "memory.total [MiB]": a field name, then the unit nvidia-smi prints in the header even with nounits
    private static final Pattern HEADER_FIELD = Pattern.compile("([a-z][a-z0-9_.]*)(?: \\[([^\\]]*)\\])?");
    // "24564", or "24564 MiB" from --format=csv without nounits; nvidia-smi prints memory in MiB only
    private static final Pattern MEMORY = Pattern.compile("([0-9]+)(?: MiB)?");
    private static final Pattern COMPUTE_CAP = Pattern.compile("[0-9]+\\.[0-9]+");
    private static final Pattern INDEX = Pattern.compile("[0-9]{1,9}");
    // what nvidia-smi prints for a value a device does not have: memory.total on GB10 is "[N/A]" in CSV
    private static final Set<String> NOT_AVAILABLE = Set.of("[n/a]", "n/a", "[not supported]", "not supported");

    private NvidiaSmi() {}

    /** GPUs found by nvidia-smi and visible through {@code CUDA_VISIBLE_DEVICES}, with notes on how they were found. */
    record Listing(List<NvidiaGpu> gpus, List<String> notes) {
        Listing {
            gpus = List.copyOf(gpus);
            notes = List.copyOf(notes);
        }
    }

    /**
     * Runs {@link #QUERY}. A missing nvidia-smi, a failing one (no driver loaded, no device) and a hung one all give
     * no GPUs with a note saying why: such a machine can only run engines on its CPU. Output that cannot be parsed
     * throws {@link DetectionException}: it means a GPU is there and thinkrig misreads it.
     *
     * @param cudaVisibleDevices the value of {@code CUDA_VISIBLE_DEVICES}, empty when the variable is not set
     */
    static Listing list(CommandRunner runner, Optional<String> cudaVisibleDevices) {
        Optional<CommandResult> run;
        try {
            run = runner.run(QUERY, TIMEOUT);
        } catch (CommandTimeoutException e) {
            return new Listing(
                    List.of(),
                    List.of("nvidia-smi did not answer within " + TIMEOUT.toSeconds()
                            + " s and was killed; no GPU is counted (is the NVIDIA driver hung?)"));
        }
        if (run.isEmpty()) {
            return new Listing(List.of(), List.of("no NVIDIA GPU: nvidia-smi is not installed"));
        }
        CommandResult result = run.get();
        if (!result.succeeded()) {
            return new Listing(
                    List.of(),
                    List.of("no NVIDIA GPU counted: nvidia-smi exited with " + result.exitCode() + ": "
                            + result.firstMessageLine()));
        }
        List<NvidiaGpu> all = parse(result.stdout());
        List<String> notes = new ArrayList<>();
        List<NvidiaGpu> visible = all;
        if (cudaVisibleDevices.isPresent()) {
            visible = visible(all, cudaVisibleDevices.get());
            notes.add("CUDA_VISIBLE_DEVICES=" + cudaVisibleDevices.get() + " leaves " + visible.size() + " of "
                    + all.size() + " GPUs" + indices(visible));
            boolean byIndex = Arrays.stream(cudaVisibleDevices.get().split(","))
                    .anyMatch(entry -> INDEX.matcher(entry.strip()).matches());
            long kinds = all.stream().map(NvidiaGpu::name).distinct().count();
            if (byIndex && kinds > 1) {
                notes.add("CUDA_VISIBLE_DEVICES indices were read in nvidia-smi's PCI bus order; CUDA numbers GPUs"
                        + " that way only with CUDA_DEVICE_ORDER=PCI_BUS_ID (its default puts the fastest first)");
            }
        }
        return new Listing(visible, notes);
    }

    private static String indices(List<NvidiaGpu> gpus) {
        return gpus.isEmpty()
                ? ""
                : gpus.stream().map(g -> String.valueOf(g.index())).collect(Collectors.joining(", ", " (", ")"));
    }

    /**
     * Parses the CSV that {@link #QUERY} prints, header first. Only a header tells which column is which, so output
     * without one ({@code --format=csv,noheader}) is refused rather than read by guessed position.
     *
     * @throws DetectionException naming the line when there is no header, no {@code memory.total} column, a row with
     *     fewer fields than the header, or a value of the wrong form
     */
    static List<NvidiaGpu> parse(List<String> lines) {
        List<String> content = lines.stream().filter(line -> !line.isBlank()).toList();
        if (content.isEmpty()) {
            throw new DetectionException("nvidia-smi printed nothing; expected a CSV header such as '"
                    + String.join(", ", FIELDS) + "' followed by one line per GPU");
        }
        Map<String, Column> columns = header(content.get(0));
        List<NvidiaGpu> gpus = new ArrayList<>();
        for (int row = 1; row < content.size(); row++) {
            gpus.add(row(content.get(row), row - 1, columns));
        }
        return List.copyOf(gpus);
    }

    private record Column(int position, String unit) {}

    private static Map<String, Column> header(String line) {
        String[] names = line.split(",", -1);
        Map<String, Column> columns = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            Matcher m = HEADER_FIELD.matcher(names[i].strip());
            if (!m.matches()) {
                throw new DetectionException("nvidia-smi output has no CSV header: line 1 is '" + line
                        + "'. thinkrig asks for --format=csv,nounits and reads columns by the header's names;"
                        + " output of --format=csv,noheader cannot be read");
            }
            columns.put(m.group(1), new Column(i, m.group(2) == null ? "" : m.group(2)));
        }
        if (!columns.containsKey("memory.total")) {
            throw new DetectionException("nvidia-smi header '" + line + "' has no memory.total column, which sizing"
                    + " needs (columns: " + String.join(",", names) + ")");
        }
        return columns;
    }

    private static NvidiaGpu row(String line, int position, Map<String, Column> columns) {
        // limit = column count: with name last, commas inside a product name stay in the name
        String[] fields = line.split(",", columns.size());
        if (fields.length < columns.size()) {
            throw new DetectionException("nvidia-smi line '" + line + "' has " + fields.length
                    + " fields; the header has " + columns.size());
        }
        Row row = new Row(line, fields, columns);
        // without an index column, the position: nvidia-smi lists GPUs in index order
        int index = row.text("index").map(text -> row.integer("index", text)).orElse(position);
        Optional<String> computeCapability = row.text("compute_cap");
        computeCapability.filter(cc -> !COMPUTE_CAP.matcher(cc).matches()).ifPresent(cc -> {
            throw row.error("compute_cap", cc, "a compute capability such as 8.9");
        });
        return new NvidiaGpu(
                index,
                row.text("uuid"),
                row.memory("memory.total"),
                row.memory("memory.used"),
                row.memory("memory.free"),
                row.text("driver_version"),
                computeCapability,
                row.text("name"));
    }

    /** One data line split by the header's columns. */
    private record Row(String line, String[] fields, Map<String, Column> columns) {

        /** The stripped value, empty when the column is absent or the device does not report it. */
        Optional<String> text(String column) {
            Column c = columns.get(column);
            if (c == null) {
                return Optional.empty();
            }
            String value = fields[c.position()].strip();
            if (NOT_AVAILABLE.contains(value.toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
            return Optional.of(value);
        }

        int integer(String column, String text) {
            if (!INDEX.matcher(text).matches()) {
                throw error(column, text, "a GPU index");
            }
            return Integer.parseInt(text);
        }

        Optional<DataSize> memory(String column) {
            return text(column).map(text -> {
                Matcher m = MEMORY.matcher(text);
                if (!m.matches()) {
                    throw error(column, text, "a size in MiB");
                }
                String unit = columns.get(column).unit();
                if (!unit.isEmpty() && !unit.equals("MiB")) {
                    throw error(column, text, "a size in MiB, but the header gives the unit as " + unit);
                }
                try {
                    return DataSize.ofMiB(Long.parseLong(m.group(1)));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw error(column, text, "a size in MiB");
                }
            });
        }

        DetectionException error(String column, String value, String expected) {
            return new DetectionException(
                    "nvidia-smi line '" + line + "': " + column + " is '" + value + "', expected " + expected);
        }
    }

    /**
     * The GPUs a CUDA program sees under {@code CUDA_VISIBLE_DEVICES}: a comma-separated list of indices or UUIDs
     * (a unique prefix such as {@code GPU-8f3c} is enough), in the listed order. As CUDA does, the list ends at the
     * first entry that names no GPU, so {@code -1} or an empty value hide every GPU. A GPU listed twice counts once.
     * Indices are matched to nvidia-smi's index (PCI bus order); see {@link #list} for when CUDA differs.
     */
    static List<NvidiaGpu> visible(List<NvidiaGpu> gpus, String cudaVisibleDevices) {
        Set<NvidiaGpu> visible = new LinkedHashSet<>();
        for (String entry : cudaVisibleDevices.split(",", -1)) {
            Optional<NvidiaGpu> match = find(gpus, entry.strip());
            if (match.isEmpty()) {
                break;
            }
            visible.add(match.get());
        }
        return List.copyOf(visible);
    }

    private static Optional<NvidiaGpu> find(List<NvidiaGpu> gpus, String entry) {
        if (INDEX.matcher(entry).matches()) {
            int index = Integer.parseInt(entry);
            return gpus.stream().filter(g -> g.index() == index).findFirst();
        }
        if (entry.startsWith("GPU-")) {
            List<NvidiaGpu> matches = gpus.stream()
                    .filter(g -> g.uuid().filter(u -> u.startsWith(entry)).isPresent())
                    .toList();
            return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
        }
        // "MIG-..." instances and anything else end the list: MIG GPUs are planned from nvidia-smi -L (NvidiaMig),
        // not selected through CUDA_VISIBLE_DEVICES
        return Optional.empty();
    }
}
