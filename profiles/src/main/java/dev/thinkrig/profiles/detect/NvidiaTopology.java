package dev.thinkrig.profiles.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How NVIDIA GPUs connect, from the matrix of {@code nvidia-smi topo -m}: {@code NV#} is NVLink; {@code PIX},
 * {@code PXB}, {@code PHB}, {@code NODE} and {@code SYS} are PCIe paths, nearest to farthest (the legend nvidia-smi
 * prints under the matrix). Cells are separated by tabs.
 */
final class NvidiaTopology {

    static final List<String> QUERY = List.of("nvidia-smi", "topo", "-m");

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Map<String, String> links;

    private NvidiaTopology(Map<String, String> links) {
        this.links = links;
    }

    static Optional<NvidiaTopology> query(Probes probes) {
        return probes.commands().outputIfSucceeded(QUERY, TIMEOUT).map(NvidiaTopology::parse);
    }

    /** Reads the GPU rows of the matrix; the legend and NIC rows are ignored. */
    static NvidiaTopology parse(List<String> lines) {
        List<String> columns = null;
        Map<String, String> links = new HashMap<>();
        for (String line : lines) {
            if (line.isBlank()) {
                if (columns != null) {
                    break; // the legend follows the matrix
                }
                continue;
            }
            List<String> cells = new ArrayList<>();
            for (String c : line.split("\t", -1)) {
                cells.add(c.strip());
            }
            if (columns == null) {
                if (cells.size() > 1 && cells.get(1).startsWith("GPU")) {
                    columns = cells;
                }
                continue;
            }
            String row = cells.get(0);
            if (!row.startsWith("GPU")) {
                continue;
            }
            for (int i = 1; i < Math.min(cells.size(), columns.size()); i++) {
                if (columns.get(i).startsWith("GPU")) {
                    links.put(key(row, columns.get(i)), cells.get(i));
                }
            }
        }
        if (columns == null) {
            throw new DetectionException("nvidia-smi topo -m printed no GPU matrix");
        }
        return new NvidiaTopology(links);
    }

    /** The link between two GPUs by index ({@code NV4}, {@code PHB}, ...), or empty when the matrix lacks them. */
    Optional<String> link(int a, int b) {
        return Optional.ofNullable(links.get(key("GPU" + a, "GPU" + b)));
    }

    /** Whether every pair of these GPUs is joined by NVLink. */
    boolean allNvLinked(List<Integer> gpus) {
        for (int a : gpus) {
            for (int b : gpus) {
                if (a != b && !link(a, b).map(l -> l.startsWith("NV")).orElse(false)) {
                    return false;
                }
            }
        }
        return gpus.size() > 1;
    }

    private static String key(String a, String b) {
        return a + "/" + b;
    }
}
