package dev.thinkrig.templates.recipe;

import dev.thinkrig.templates.Escapes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A stable hash of the settings a container runs with, so a running container can be matched against a new plan: the
 * image, entrypoint, arguments, environment (names, and values of the variables that are not secret), ports, mounts,
 * devices, GPU request, IPC and shared memory, with user variables filled from the environment. Secret values never
 * enter it (a changed token does not change the hash); the reasons, healthcheck and compose-only settings do not
 * either (they change no behaviour of the engine).
 */
public final class RecipeHash {

    /** Bumped when the canonical text changes shape, so old labels never match new ones by accident. */
    static final String VERSION = "thinkrig-recipe-v1";

    private RecipeHash() {}

    /** 64 lowercase hex digits: SHA-256 of {@link #canonical}. */
    public static String of(ContainerRecipe c, Map<String, String> env) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical(c, env).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** One line per setting, each value quoted (so no value can pass for two), the environment sorted by name. */
    static String canonical(ContainerRecipe c, Map<String, String> env) {
        List<String> lines = new ArrayList<>();
        lines.add(VERSION);
        lines.add("image " + q(c.image()));
        c.entrypoint().forEach(e -> lines.add("entrypoint " + q(e)));
        for (Arg a : c.args()) {
            lines.add("arg " + q(filled(a.value(), env)));
        }
        c.env().stream()
                .sorted(Comparator.comparing(EnvVar::name))
                .forEach(v ->
                        lines.add("env " + v.name() + (v.secret() ? " secret" : "=" + q(filled(v.value(), env)))));
        c.ports().forEach(p -> lines.add("port " + q(p.compose())));
        for (Mount m : c.mounts()) {
            lines.add("mount "
                    + q(m.volume().orElseGet(() -> filled(m.hostPath().get(), env)) + ":" + m.target()
                            + (m.readOnly() ? ":ro" : "")));
        }
        c.devices().forEach(d -> lines.add("device " + q(d)));
        c.gpu().ifPresent(g -> lines.add("gpu " + g.describe()));
        c.ipc().ifPresent(i -> lines.add("ipc " + q(i)));
        c.shmBytes().ifPresent(s -> lines.add("shm " + s));
        return String.join("\n", lines) + "\n";
    }

    /** The value with its references filled; a reference to a secret keeps its name, never its value. */
    private static String filled(Value value, Map<String, String> env) {
        StringBuilder s = new StringBuilder();
        for (Value.Part p : value.parts()) {
            if (p instanceof Value.Literal l) {
                s.append(l.text());
            } else if (p instanceof Value.Variable v) {
                s.append(
                        EnvVar.SECRET_NAMES.contains(v.name())
                                ? "${" + v.name() + "}"
                                : env.getOrDefault(v.name(), ""));
            }
        }
        return s.toString();
    }

    private static String q(String text) {
        return Escapes.yamlString(text);
    }
}
