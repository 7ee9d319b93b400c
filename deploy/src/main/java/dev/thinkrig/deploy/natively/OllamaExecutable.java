package dev.thinkrig.deploy.natively;

import dev.thinkrig.deploy.flow.DeployException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Finds the {@code ollama} executable: on {@code PATH}, else inside the macOS app. */
public final class OllamaExecutable {

    /**
     * Where the macOS app keeps its command line: the app bundle is dragged to /Applications
     * (https://github.com/ollama/ollama/blob/main/docs/macos.md, "Filesystem Requirements": on first start it offers to
     * link /usr/local/bin/ollama), and the CLI is {@code Contents/Resources/ollama} inside it (Homebrew's ollama cask
     * links {@code binary "#{appdir}/Ollama.app/Contents/Resources/ollama"}). Before that link exists, this is the only
     * place it is.
     */
    public static final Path MAC_APP = Path.of("/Applications/Ollama.app/Contents/Resources/ollama");

    /**
     * What to do when neither is there: Homebrew's formula or the app (https://ollama.com/download/mac; Ollama's
     * docs/macos.md).
     */
    public static final String INSTALL_ADVICE = "install Ollama with 'brew install ollama', or the app from"
            + " https://ollama.com/download (start it once so it links the ollama command), then deploy again";

    private OllamaExecutable() {}

    /** The first {@code ollama} in {@code path} ({@code PATH}'s value) that {@code executable} accepts, else the app's. */
    static Optional<Path> find(String path, Predicate<Path> executable) {
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue; // an empty entry means the working directory: never run a program from there
                }
                try {
                    Path candidate = Path.of(dir, "ollama");
                    if (executable.test(candidate)) {
                        return Optional.of(candidate);
                    }
                } catch (InvalidPathException e) {
                    // not a directory name: skip it, as a shell does
                }
            }
        }
        return executable.test(MAC_APP) ? Optional.of(MAC_APP) : Optional.empty();
    }

    /** The executable from {@code env}'s {@code PATH} or the app; missing: {@code ENGINE_NOT_INSTALLED}. */
    public static Path require(Map<String, String> env) {
        return find(env.get("PATH"), p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .orElseThrow(() -> new DeployException(
                        DeployException.Kind.ENGINE_NOT_INSTALLED,
                        "this plan runs the native Ollama, and no 'ollama' is on PATH or at " + MAC_APP + ": "
                                + INSTALL_ADVICE,
                        null));
    }

    /** The places {@link #require} looks, in order, in words. */
    public static List<String> places() {
        return List.of("'ollama' on PATH", MAC_APP.toString());
    }
}
