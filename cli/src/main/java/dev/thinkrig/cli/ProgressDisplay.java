package dev.thinkrig.cli;

import dev.thinkrig.cli.render.ProgressBar;
import dev.thinkrig.cli.render.Terminal;
import dev.thinkrig.cli.render.TransferRate;
import dev.thinkrig.deploy.api.OllamaApi;
import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.flow.DeployListener;
import dev.thinkrig.deploy.flow.LogProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Deploy progress on a terminal: steps as lines, and image pulls, Ollama model pulls and the wait for readiness as one
 * line redrawn in place with a carriage return ({@link ProgressBar}).
 */
final class ProgressDisplay implements DeployListener {

    /** Redraws at most this often: a terminal needs no more, and a pull reports many times a second. */
    static final Duration REDRAW_EVERY = Duration.ofMillis(100);

    /** The width when COLUMNS does not say (shells set it only for themselves; 80 is the terminal default). */
    static final int DEFAULT_WIDTH = 80;

    private final PrintWriter out;
    private final int width;
    private final LongSupplier clock;
    private TransferRate rate = new TransferRate();
    private String rateKey = "";
    private int drawnLength;
    private long lastDraw;
    private boolean everDrawn;

    ProgressDisplay(PrintWriter out, int width, LongSupplier clock) {
        this.out = out;
        this.width = width;
        this.clock = clock;
    }

    /** The terminal's width from {@code COLUMNS}, else {@link #DEFAULT_WIDTH}. */
    static int width(java.util.Map<String, String> env) {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").strip());
            return columns >= 40 ? columns : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    @Override
    public void step(String text) {
        finish();
        out.println("==> " + text);
        out.flush();
    }

    @Override
    public void imageProgress(String image, long current, long total, ContainerEngine.PullProgress last) {
        TransferRate r = rate(image, current);
        boolean complete = total > 0 && current >= total;
        draw("    " + ProgressBar.line(image, current, total, r.bytesPerSecond(), width - 5), complete);
    }

    @Override
    public void waiting(Duration elapsed, String lastLogLine) {
        String prefix = String.format(java.util.Locale.ROOT, "    waiting %3d s  ", elapsed.toSeconds());
        int room = width - 1 - prefix.length();
        Optional<LogProgress> progress = LogProgress.parse(lastLogLine);
        String text;
        if (progress.isPresent() && progress.get().hasBytes()) {
            LogProgress p = progress.get();
            TransferRate r = rate(p.what(), p.doneBytes());
            text = ProgressBar.line(p.what(), p.doneBytes(), p.totalBytes(), r.bytesPerSecond(), room);
        } else if (progress.isPresent()) {
            text = ProgressBar.fractionLine(
                    progress.get().what(), progress.get().fraction(), room);
        } else {
            String line = LogProgress.lastRedraw(lastLogLine);
            text = line.length() > room ? line.substring(0, Math.max(0, room - 3)) + "..." : line;
        }
        draw(prefix + text, true);
    }

    @Override
    public void modelProgress(OllamaApi.PullProgress p) {
        if (p.total() <= 0) {
            draw("    " + p.status(), true);
            return;
        }
        TransferRate r = rate(p.digest(), p.completed());
        draw(
                "    " + ProgressBar.line(p.status(), p.completed(), p.total(), r.bytesPerSecond(), width - 5),
                p.completed() >= p.total());
    }

    /** Ends the redrawn line, if one is showing, so what comes next starts on a line of its own. */
    void finish() {
        if (drawnLength > 0) {
            out.println();
            out.flush();
            drawnLength = 0;
        }
    }

    private TransferRate rate(String key, long bytes) {
        if (!key.equals(rateKey)) {
            rate = new TransferRate();
            rateKey = key;
        }
        rate.update(bytes, clock.getAsLong());
        return rate;
    }

    private void draw(String text, boolean always) {
        long now = clock.getAsLong();
        if (!always && everDrawn && now - lastDraw < REDRAW_EVERY.toNanos()) {
            return;
        }
        lastDraw = now;
        everDrawn = true;
        String line = text.length() >= width ? text.substring(0, width - 1) : text;
        // spaces over what is left of a longer previous line; no escape codes, so NO_COLOR terminals get the same
        out.print(Terminal.RETURN + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = line.length();
    }
}
