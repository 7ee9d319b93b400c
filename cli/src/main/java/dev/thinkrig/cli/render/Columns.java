package dev.thinkrig.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table whose columns are as wide as their widest cell, so a long name (an Ollama tag, a local model's
 * path) moves the columns after it instead of pushing its own row out of line. The last column is never padded.
 */
public final class Columns {

    private final String aligns;
    private final List<String[]> rows = new ArrayList<>();

    /** {@code aligns} has one character a column: {@code <} left, {@code >} right. */
    public Columns(String aligns, String... header) {
        if (aligns.length() != header.length) {
            throw new IllegalArgumentException(
                    aligns + " aligns " + aligns.length() + " columns, not " + header.length);
        }
        this.aligns = aligns;
        rows.add(header);
    }

    public Columns row(Object... cells) {
        if (cells.length != aligns.length()) {
            throw new IllegalArgumentException(cells.length + " cells for " + aligns.length() + " columns");
        }
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = String.valueOf(cells[i]);
        }
        rows.add(text);
        return this;
    }

    public void print(PrintWriter out) {
        int[] widths = new int[aligns.length()];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                boolean last = i == r.length - 1;
                String pad = " ".repeat(widths[i] - r[i].length());
                line.append(aligns.charAt(i) == '>' ? pad + r[i] : last ? r[i] : r[i] + pad);
                if (!last) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
