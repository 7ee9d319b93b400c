package dev.thinkrig.cli.checklog;

import dev.thinkrig.cli.render.Terminal;
import java.io.PrintWriter;
import java.util.Locale;

/** {@code check-log}'s table: the setup, then each logged figure next to the planned one. */
public final class LogReportTable {

    private LogReportTable() {}

    public static void print(LogReport r, PrintWriter out) {
        out.printf(
                "%s log%s%s%n",
                r.engine(),
                r.version() == null ? "" : " (" + Terminal.visible(r.version()) + ")",
                r.model() == null ? "" : ", planned as " + r.model());
        var s = r.setup();
        StringBuilder setup = new StringBuilder();
        append(setup, "model", s.model() == null ? null : Terminal.visible(s.model()));
        append(setup, "quantization", s.quantization() == null ? null : Terminal.visible(s.quantization()));
        append(setup, "context", s.contextTokens() == null ? null : String.format("%,d", s.contextTokens()));
        append(
                setup,
                "tensor parallel",
                s.tensorParallel() == null ? null : s.tensorParallel().toString());
        append(
                setup,
                "gpu_memory_utilization",
                s.gpuMemoryUtilization() == null ? null : String.format(Locale.ROOT, "%.2f", s.gpuMemoryUtilization()));
        append(setup, "sequences", s.parallel() == null ? null : String.format("%,d", s.parallel()));
        append(setup, "kv", s.kvCacheType() == null ? null : Terminal.visible(s.kvCacheType()));
        out.println("  setup     " + setup);
        if (r.hardware() != null) {
            out.println("  planned   on " + r.hardware());
        }
        if (r.refused()) {
            out.printf(
                    "  started   no: the engine refused to start; thinkrig %s%n",
                    r.plannedFits() == null
                            ? "did not plan it"
                            : r.plannedFits() ? "says it fits (DISAGREES)" : "says it does not fit (agrees)");
        } else if (r.plannedFits() != null && !r.plannedFits()) {
            out.println("  started   the log shows no refusal; thinkrig says it does not fit");
        }
        out.println();
        out.printf("  %-18s %14s %14s %8s   %s%n", "term", "logged", "planned", "error", "from");
        for (LogReport.Term t : r.terms()) {
            out.printf(
                    "  %-18s %14s %14s %8s   %s%n",
                    t.name(),
                    value(t.logged(), t.unit()),
                    value(t.planned(), t.unit()),
                    t.error() == null ? "" : String.format(Locale.ROOT, "%+.1f%%", t.error() * 100),
                    Terminal.visible(t.detail()));
        }
        if (!r.notes().isEmpty()) {
            out.println();
            for (String n : r.notes()) {
                out.println("  note: " + Terminal.visible(n));
            }
        }
    }

    private static void append(StringBuilder b, String name, String value) {
        if (value == null) {
            return;
        }
        if (b.length() > 0) {
            b.append(", ");
        }
        b.append(name).append(' ').append(value);
    }

    static String value(Long v, String unit) {
        if (v == null) {
            return "-";
        }
        if (unit.equals("tokens")) {
            return String.format("%,d tok", v);
        }
        double gib = v / (1024.0 * 1024 * 1024);
        if (Math.abs(gib) >= 1) {
            return String.format(Locale.ROOT, "%.2f GiB", gib);
        }
        return String.format(Locale.ROOT, "%.1f MiB", v / (1024.0 * 1024));
    }
}
