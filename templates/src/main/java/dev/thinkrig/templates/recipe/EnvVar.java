package dev.thinkrig.templates.recipe;

import java.util.Objects;
import java.util.Set;

/**
 * An environment variable of a container and why it has its value.
 *
 * @param secret whether the value is a credential: passed to the container, never printed, labelled or hashed
 */
public record EnvVar(String name, Value value, boolean secret, String why) {

    /** Variables whose values are credentials. */
    public static final Set<String> SECRET_NAMES = Set.of("HF_TOKEN", "NGC_API_KEY", "VLLM_API_KEY");

    /** How a variable is to be treated. */
    public enum Kind {
        /** A value thinkrig decided. */
        PLAIN,
        /** A value the user must set before anything starts (a node's address). */
        REQUIRED,
        /** A credential the user sets; required or not, it is never shown. */
        SECRET
    }

    public EnvVar {
        Names.require("variable name", name);
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(why, "why");
    }

    /** A value thinkrig decided. */
    public static EnvVar plain(String name, String value, String why) {
        return new EnvVar(name, Value.of(value), false, why);
    }

    /** A value read from the user's variable of the same name; secret when it is one of {@link #SECRET_NAMES}. */
    public static EnvVar fromUser(String name, Value.Need need, String why) {
        return new EnvVar(name, Value.variable(name, need), SECRET_NAMES.contains(name), why);
    }

    /** A value read from other user variables ({@code VLLM_HOST_IP} from {@code THINKRIG_NODE_ADDRESS}). */
    public static EnvVar of(String name, Value value, String why) {
        return new EnvVar(name, value, value.variables().stream().anyMatch(SECRET_NAMES::contains), why);
    }

    public Kind kind() {
        if (secret) {
            return Kind.SECRET;
        }
        return value.required() ? Kind.REQUIRED : Kind.PLAIN;
    }
}
