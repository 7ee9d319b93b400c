package dev.thinkrig.cli;

import dev.thinkrig.cli.checklog.CalibrationStore;
import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.DockerJavaEngine;
import dev.thinkrig.profiles.ConfigDirectory;
import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.detect.MachineDetector;
import dev.thinkrig.profiles.detect.Probes;
import dev.thinkrig.profiles.detect.SupportBundle;
import dev.thinkrig.profiles.hardware.HardwareCatalog;
import dev.thinkrig.profiles.store.LocalStores;
import dev.thinkrig.sizing.hardware.Hardware;
import java.nio.file.Path;
import java.util.Map;

/**
 * What commands read from outside: environment variables, the user's config directory, whether output is a terminal.
 * Catalogs load on first use, so {@code --help} and {@code --version} read no files.
 */
public final class Environment {

    private final Map<String, String> env;
    private final String userHome;
    private final boolean terminal;
    private ModelCatalog models;
    private HardwareCatalog hardware;
    private Hardware detected;

    public Environment(Map<String, String> env, String userHome, boolean terminal) {
        this.env = Map.copyOf(env);
        this.userHome = userHome;
        this.terminal = terminal;
    }

    public Map<String, String> env() {
        return env;
    }

    /** The environment with {@code HOME} filled from the user's home where the variable is missing. */
    public Map<String, String> envWithHome() {
        if (env.containsKey("HOME") || userHome == null) {
            return env;
        }
        Map<String, String> withHome = new java.util.HashMap<>(env);
        withHome.put("HOME", userHome);
        return Map.copyOf(withHome);
    }

    /** A client for the Docker engine at DOCKER_HOST or the default socket; created only by commands that need one. */
    public ContainerEngine docker() {
        return DockerJavaEngine.connect(env);
    }

    /** Where {@code deploy} keeps each deployment's files ({@code $XDG_DATA_HOME/thinkrig/deployments}). */
    DeploymentStates deploymentStates() {
        return new DeploymentStates(DeploymentStates.root(env, userHome), DeploymentStates.locks(env));
    }

    /** This machine's calibration from engine logs ({@code $XDG_DATA_HOME/thinkrig/calibration.json}). */
    public CalibrationStore calibrations() {
        return new CalibrationStore(
                DeploymentStates.root(env, userHome).getParent().resolve("calibration.json"));
    }

    public Path configDirectory() {
        return ConfigDirectory.resolve(env, userHome);
    }

    public ModelCatalog models() {
        if (models == null) {
            models = ModelCatalog.load(configDirectory().resolve("models"));
        }
        return models;
    }

    public HardwareCatalog hardware() {
        if (hardware == null) {
            hardware = HardwareCatalog.load(configDirectory().resolve("hardware"));
        }
        return hardware;
    }

    /** The local Ollama store and Hugging Face cache ({@code OLLAMA_MODELS}, {@code HF_HUB_CACHE}, {@code HF_HOME}). */
    public LocalStores localStores() {
        return LocalStores.locate(env, userHome);
    }

    /** This machine as detected; the probes run once, on first use. */
    public Hardware detectedHardware() {
        if (detected == null) {
            detected = detect(Probes.live(env));
        }
        return detected;
    }

    /** The machine {@code probes} describe: this one, or a recorded support bundle. */
    public Hardware detect(Probes probes) {
        return MachineDetector.detect(probes, hardware()::acceleratorByName);
    }

    /** The machine a support bundle recorded, named after its directory. */
    public Hardware replay(Path bundle) {
        Hardware h = detect(SupportBundle.replay(bundle));
        String label = bundle.toAbsolutePath().normalize().getFileName().toString();
        return new Hardware(
                label,
                h.name().replaceFirst("^this machine", "recorded machine " + label),
                h.platform(),
                h.accelerators(),
                h.host(),
                h.notes(),
                h.driver());
    }

    /**
     * Progress bars redrawn in place only on a terminal, and not under CI (CI=true: logs keep every line, so plain
     * lines read better there) or a dumb terminal (TERM=dumb cannot move the cursor back).
     */
    public boolean progressBars() {
        return terminal && !"true".equalsIgnoreCase(env.get("CI")) && !"dumb".equals(env.get("TERM"));
    }

    /** Colour only on a terminal, and never when NO_COLOR is set (no-color.org). */
    public boolean colour() {
        return terminal && !env.containsKey("NO_COLOR");
    }
}
