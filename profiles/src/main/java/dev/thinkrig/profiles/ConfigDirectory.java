package dev.thinkrig.profiles;

import java.nio.file.Path;
import java.util.Map;

/** Where user files live: {@code $XDG_CONFIG_HOME/thinkrig}, or {@code ~/.config/thinkrig} (XDG Base Directory). */
public final class ConfigDirectory {

    private ConfigDirectory() {}

    public static Path resolve(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".config");
        return base.resolve("thinkrig");
    }
}
