package dev.thinkrig.sizing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An exact amount of memory in bytes; the only size type in thinkrig (never {@code double} gigabytes). */
public record DataSize(long bytes) implements Comparable<DataSize> {

    public static final DataSize ZERO = new DataSize(0);

    public static final long KIB = 1024L;
    public static final long MIB = 1024L * KIB;
    public static final long GIB = 1024L * MIB;
    public static final long TIB = 1024L * GIB;

    private static final Pattern TEXT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)\\s*");

    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("b", 1L),
            Map.entry("kb", 1_000L),
            Map.entry("mb", 1_000_000L),
            Map.entry("gb", 1_000_000_000L),
            Map.entry("tb", 1_000_000_000_000L),
            Map.entry("kib", KIB),
            Map.entry("mib", MIB),
            Map.entry("gib", GIB),
            Map.entry("tib", TIB));

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes + " bytes");
        }
    }

    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    public static DataSize ofMiB(long mib) {
        return new DataSize(Math.multiplyExact(mib, MIB));
    }

    public static DataSize ofGiB(long gib) {
        return new DataSize(Math.multiplyExact(gib, GIB));
    }

    /**
     * Parses {@code "24564 MiB"}, {@code "128 GB"}, {@code "119.7 GiB"} or a plain byte count. Decimal units (kB, MB,
     * GB, TB) are powers of 1000, binary ones (KiB, MiB, GiB, TiB) powers of 1024; fractions round to the nearest byte.
     */
    public static DataSize parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a size: '" + text + "' (expected a number and a unit such as 24564 MiB or 128 GB)");
        }
        Long unit = UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("unknown size unit '" + m.group(2) + "' in '" + text
                    + "' (known: B, kB, MB, GB, TB, KiB, MiB, GiB, TiB)");
        }
        BigDecimal value = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
        return new DataSize(value.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }

    public DataSize plus(DataSize other) {
        return new DataSize(Math.addExact(bytes, other.bytes));
    }

    /** This size less {@code other}, or zero when {@code other} is larger. */
    public DataSize minusOrZero(DataSize other) {
        return new DataSize(Math.max(0, bytes - other.bytes));
    }

    public DataSize times(long factor) {
        return new DataSize(Math.multiplyExact(bytes, factor));
    }

    /** This size times {@code fraction}, rounded down to a byte. */
    public DataSize fraction(double fraction) {
        return new DataSize((long) Math.floor(bytes * fraction));
    }

    public boolean isGreaterThan(DataSize other) {
        return bytes > other.bytes;
    }

    public double gib() {
        return bytes / (double) GIB;
    }

    @Override
    public int compareTo(DataSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** Human form in binary units with two decimals, for example {@code 18.08 GiB}. */
    @Override
    public String toString() {
        if (bytes >= GIB) {
            return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) GIB);
        }
        if (bytes >= MIB) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
        }
        if (bytes >= KIB) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / (double) KIB);
        }
        return bytes + " B";
    }
}
