package dev.thinkrig.profiles;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The closest known names to a mistyped one: substring matches first, then by edit distance. */
public final class NameSuggester {

    private static final int MAX_SUGGESTIONS = 3;

    private NameSuggester() {}

    public static List<String> closest(String wanted, Collection<String> known) {
        String w = wanted.toLowerCase(Locale.ROOT);
        int limit = Math.max(3, w.length() / 3);
        return known.stream()
                .distinct()
                .filter(k -> k.toLowerCase(Locale.ROOT).contains(w) || distance(w, k.toLowerCase(Locale.ROOT)) <= limit)
                .sorted(Comparator.comparingInt(
                                (String k) -> k.toLowerCase(Locale.ROOT).contains(w) ? 0 : 1)
                        .thenComparingInt(k -> distance(w, k.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .limit(MAX_SUGGESTIONS)
                .toList();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), substitution);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
