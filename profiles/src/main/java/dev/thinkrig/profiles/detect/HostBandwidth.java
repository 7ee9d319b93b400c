package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.Bandwidth;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A theoretical system memory bandwidth from the installed modules' data rate; never measured. */
final class HostBandwidth {

    // A DDR4/DDR5 channel is 64 bits wide (DDR5 as two 32-bit subchannels): 8 bytes per transfer (JEDEC JESD79-4/-5).
    static final int BYTES_PER_CHANNEL_TRANSFER = 8;

    private static final Pattern CHANNEL = Pattern.compile("channel\\s*([a-z0-9]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SOCKET =
            Pattern.compile("\\b(?:p|cpu|socket)\\s*([0-9]+)\\b", Pattern.CASE_INSENSITIVE);

    private HostBandwidth() {}

    /** The figure and how it was computed, for the plan's notes. */
    record Estimate(
            Bandwidth bandwidth, int channels, int modules, long transfersPerSecond, boolean channelsFromLabels) {

        String note() {
            return String.format(
                    Locale.ROOT,
                    "host memory bandwidth %s is theoretical, not measured: %d channel%s x %d bytes x %d MT/s (%s)",
                    bandwidth,
                    channels,
                    channels == 1 ? "" : "s",
                    BYTES_PER_CHANNEL_TRANSFER,
                    transfersPerSecond / 1_000_000,
                    channelsFromLabels
                            ? "channels read from " + modules + " module slot labels"
                            : "one channel per module assumed; two modules sharing a channel make this too high");
        }
    }

    /**
     * Channels x 8 bytes x the slowest module's data rate. Channels are counted from slot labels ({@code CHANNEL A})
     * when every module has one, so four modules on a dual-channel desktop count as two; otherwise one channel per
     * module is assumed, so the figure is at most the true peak only when no two modules share a channel. Empty when
     * no module reports a data rate, and for LPDDR: soldered LPDDR is reported as one or a few entries that say nothing
     * of its many narrow channels (Apple reports the whole package as one module).
     */
    static Optional<Estimate> theoretical(List<MemoryModule> modules) {
        List<MemoryModule> installed =
                modules.stream().filter(m -> m.capacity().bytes() > 0).toList();
        if (installed.isEmpty()
                || installed.stream().anyMatch(m -> m.transfersPerSecond() <= 0)
                || installed.stream()
                        .anyMatch(m -> m.type().toUpperCase(Locale.ROOT).contains("LPDDR"))) {
            return Optional.empty();
        }
        // mixed modules all run at the speed of the slowest
        long rate = installed.stream()
                .mapToLong(MemoryModule::transfersPerSecond)
                .min()
                .orElseThrow();
        List<Optional<String>> channelKeys =
                installed.stream().map(m -> channelKey(m.bankLabel())).toList();
        boolean fromLabels = channelKeys.stream().allMatch(Optional::isPresent);
        int channels = fromLabels
                ? (int) channelKeys.stream()
                        .map(Optional::orElseThrow)
                        .distinct()
                        .count()
                : installed.size();
        Bandwidth bandwidth = new Bandwidth((double) rate * BYTES_PER_CHANNEL_TRANSFER * channels);
        return Optional.of(new Estimate(bandwidth, channels, installed.size(), rate, fromLabels));
    }

    /** {@code P0 CHANNEL A/DIMM 1} gives {@code 0/A}; empty when the label names no channel. */
    private static Optional<String> channelKey(String bankLabel) {
        Matcher channel = CHANNEL.matcher(bankLabel);
        if (!channel.find()) {
            return Optional.empty();
        }
        Matcher socket = SOCKET.matcher(bankLabel);
        String socketId = socket.find() ? socket.group(1) : "";
        return Optional.of(socketId + "/" + channel.group(1).toUpperCase(Locale.ROOT));
    }
}
