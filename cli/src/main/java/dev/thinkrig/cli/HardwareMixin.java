package dev.thinkrig.cli;

import dev.thinkrig.sizing.hardware.Hardware;
import picocli.CommandLine.Option;

/** {@code --hardware PRESET|Nx-PRESET|FILE}; without it, this machine as detected. */
public final class HardwareMixin {

    @Option(
            names = "--hardware",
            paramLabel = "PRESET|FILE",
            description = "A preset (rtx-4090, 2x-rtx-4090, dgx-spark, m3-ultra-96; see 'thinkrig hardware') or a "
                    + "YAML file in the preset format (default: detect this machine)")
    String hardware;

    Hardware resolve(Environment environment) {
        return hardware == null
                ? environment.detectedHardware()
                : environment.hardware().resolve(hardware);
    }
}
