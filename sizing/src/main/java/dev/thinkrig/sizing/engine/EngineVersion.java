package dev.thinkrig.sizing.engine;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An engine release number as its tags spell it: {@code 0.11.0}, {@code v0.8.5.post1}, {@code 0.6} (patch 0). Only
 * the numbers are kept; release candidates and local builds ({@code 0.9.0rc1}, {@code 0.10.1+cu128}) are rejected,
 * since their memory behaviour is that of no published release.
 */
public record EngineVersion(int major, int minor, int patch, int post) implements Comparable<EngineVersion> {

    private static final Pattern FORM =
            Pattern.compile("v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?(?:\\.post(\\d{1,3}))?");

    private static final Comparator<EngineVersion> ORDER = Comparator.comparingInt(EngineVersion::major)
            .thenComparingInt(EngineVersion::minor)
            .thenComparingInt(EngineVersion::patch)
            .thenComparingInt(EngineVersion::post);

    public EngineVersion {
        if (major < 0 || minor < 0 || patch < 0 || post < 0) {
            throw new IllegalArgumentException("version numbers cannot be negative");
        }
    }

    public static EngineVersion of(int major, int minor, int patch) {
        return new EngineVersion(major, minor, patch, 0);
    }

    /** Parses {@code 0.11.0}, {@code v0.8.5.post1} or {@code 0.6}; anything else is an error that shows the form. */
    public static EngineVersion parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "not a release version: '" + text + "' (expected MAJOR.MINOR[.PATCH][.postN], e.g. 0.11.0)");
        }
        return new EngineVersion(
                Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
                m.group(4) == null ? 0 : Integer.parseInt(m.group(4)));
    }

    @Override
    public int compareTo(EngineVersion other) {
        return ORDER.compare(this, other);
    }

    public boolean isBefore(EngineVersion other) {
        return compareTo(other) < 0;
    }

    public boolean isAtLeast(EngineVersion other) {
        return compareTo(other) >= 0;
    }

    /** {@code 0.8.5} or {@code 0.8.5.post1}, without the tag's {@code v}. */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (post > 0 ? ".post" + post : "");
    }
}
