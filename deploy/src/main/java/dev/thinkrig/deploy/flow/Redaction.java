package dev.thinkrig.deploy.flow;

import dev.thinkrig.templates.recipe.EnvVar;
import java.util.Collection;
import java.util.Map;

/**
 * Secret values kept out of what thinkrig prints: log lines, messages, dry-run steps. Which variables are secret is the
 * recipe's decision ({@link EnvVar#SECRET_NAMES}); this replaces their values.
 */
public final class Redaction {

    /** Secret values shorter than this are not replaced: "1" or "ab" would mangle every log line. */
    public static final int MIN_SECRET_LENGTH = 4;

    private static final String MASK = "***";

    private Redaction() {}

    /**
     * {@code text} with the value of every secret variable set in {@code env} ({@code HF_TOKEN}, {@code NGC_API_KEY},
     * {@code VLLM_API_KEY}) replaced by {@code ***}: what {@code logs} applies to an engine's log lines.
     */
    public static String redact(String text, Map<String, String> env) {
        String out = text;
        for (String name : EnvVar.SECRET_NAMES) {
            out = replace(out, env.get(name));
        }
        return out;
    }

    /** {@code text} with each of {@code values} (long enough to be told apart) replaced by {@code ***}. */
    public static String redact(String text, Collection<String> values) {
        String out = text;
        for (String v : values) {
            out = replace(out, v);
        }
        return out;
    }

    /** Whether {@code value} is long enough to be replaced. */
    public static boolean redactable(String value) {
        return value != null && value.length() >= MIN_SECRET_LENGTH;
    }

    private static String replace(String text, String value) {
        return redactable(value) ? text.replace(value, MASK) : text;
    }
}
