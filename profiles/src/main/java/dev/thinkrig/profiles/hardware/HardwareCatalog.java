package dev.thinkrig.profiles.hardware;

import dev.thinkrig.profiles.NameSuggester;
import dev.thinkrig.profiles.ProfileException;
import dev.thinkrig.profiles.UnknownNameException;
import dev.thinkrig.profiles.YamlFiles;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hardware presets: the shipped ones ({@code dev/thinkrig/profiles/hardware/*.yaml}) and the user's
 * ({@code ~/.config/thinkrig/hardware/*.yaml}), a user file replacing a shipped one of the same id.
 */
public final class HardwareCatalog {

    static final String RESOURCE_DIRECTORY = "dev/thinkrig/profiles/hardware";

    /** {@code 2x-rtx-4090}: N devices of a preset in one machine. */
    private static final Pattern MULTIPLE = Pattern.compile("(\\d+)x-(.+)");

    /** More GPUs than this in one machine is a typo, not a server. */
    static final int MAX_DEVICES = 16;

    private final Map<String, HardwarePreset> byId;

    HardwareCatalog(List<HardwarePreset> presets) {
        Map<String, HardwarePreset> map = new LinkedHashMap<>();
        presets.forEach(p -> map.put(p.id(), p));
        this.byId = map;
    }

    public static HardwareCatalog load(Path userDirectory) {
        List<HardwarePreset> presets = new ArrayList<>(shipped());
        for (Path file : YamlFiles.listDirectory(userDirectory)) {
            presets.add(checked(YamlFiles.read(file, HardwarePreset.class), file.toString()));
        }
        return new HardwareCatalog(presets);
    }

    public static List<HardwarePreset> shipped() {
        List<HardwarePreset> presets = new ArrayList<>();
        for (String file : YamlFiles.listClasspathDirectory(RESOURCE_DIRECTORY)) {
            String name = "hardware/" + file;
            InputStream in =
                    HardwareCatalog.class.getClassLoader().getResourceAsStream(RESOURCE_DIRECTORY + "/" + file);
            presets.add(checked(YamlFiles.read(in, name, HardwarePreset.class), name));
        }
        return presets;
    }

    private static HardwarePreset checked(HardwarePreset preset, String file) {
        String expected = preset.id() + ".yaml";
        if (!file.endsWith("/" + expected) && !file.equals(expected)) {
            throw new ProfileException(
                    file, 0, 0, "a hardware file must be named after its id (" + expected + ")", null);
        }
        return preset;
    }

    public List<HardwarePreset> presets() {
        return List.copyOf(byId.values());
    }

    /**
     * A machine from {@code --hardware}: a preset id ({@code rtx-4090}), N of one ({@code 2x-rtx-4090}), or the path of
     * a YAML file in the preset format.
     */
    public Hardware resolve(String name) {
        Path path = Path.of(name);
        if (name.endsWith(".yaml") || name.endsWith(".yml") || Files.isRegularFile(path)) {
            if (!Files.isRegularFile(path)) {
                throw new ProfileException(name, 0, 0, "no such hardware file", null);
            }
            HardwarePreset preset = YamlFiles.read(path, HardwarePreset.class);
            return convert(preset, name, preset.id(), null);
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        Matcher m = MULTIPLE.matcher(wanted);
        Integer count = null;
        String id = wanted;
        if (m.matches()) {
            count = Integer.parseInt(m.group(1));
            id = m.group(2);
            if (count < 1 || count > MAX_DEVICES) {
                throw new IllegalArgumentException("'" + name + "': a machine holds 1 to " + MAX_DEVICES + " devices");
            }
        }
        HardwarePreset preset = byId.get(id);
        if (preset == null) {
            List<String> known = new ArrayList<>(byId.keySet());
            throw new UnknownNameException("hardware preset", name, NameSuggester.closest(id, known));
        }
        return convert(preset, "hardware/" + id + ".yaml", wanted, count);
    }

    private static Hardware convert(HardwarePreset preset, String file, String hardwareId, Integer count) {
        try {
            return preset.toHardware(hardwareId, count);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(file, 0, 0, e.getMessage(), e);
        }
    }

    /** The preset figures for a GPU of this exact name, for detection to fill in what tools do not report. */
    public Optional<Accelerator> acceleratorByName(String gpuName) {
        return byId.values().stream()
                .filter(p -> p.accelerator() != null && p.accelerator().name().equalsIgnoreCase(gpuName.trim()))
                .map(p -> p.accelerator().toAccelerator())
                .findFirst();
    }
}
