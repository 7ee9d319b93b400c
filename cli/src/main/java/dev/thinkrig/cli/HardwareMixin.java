package dev.thinkrig.cli;

import dev.thinkrig.profiles.detect.SupportBundle;
import dev.thinkrig.sizing.hardware.Hardware;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --hardware PRESET|Nx-PRESET|FILE|BUNDLE}; without it, this machine as detected. */
public final class HardwareMixin {

    @Option(
            names = "--hardware",
            paramLabel = "PRESET|FILE|DIR",
            description = "A preset (rtx-4090, 2x-rtx-4090, dgx-spark, m3-ultra-96; see 'thinkrig hardware'), a "
                    + "YAML file in the preset format, or a support bundle directory from 'thinkrig detect --record' "
                    + "(default: detect this machine)")
    String hardware;

    Hardware resolve(Environment environment) {
        if (hardware == null) {
            return environment.detectedHardware();
        }
        Path path = Path.of(hardware);
        if (Files.isDirectory(path)) {
            if (!SupportBundle.isBundle(path)) {
                throw new IllegalArgumentException("--hardware " + hardware + " is a directory without "
                        + SupportBundle.MANIFEST + "; record one with 'thinkrig detect --record DIR'");
            }
            return environment.replay(path);
        }
        return environment.hardware().resolve(hardware);
    }
}
