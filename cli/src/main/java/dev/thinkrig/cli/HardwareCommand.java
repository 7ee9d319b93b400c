package dev.thinkrig.cli;

import dev.thinkrig.cli.render.Columns;
import dev.thinkrig.cli.render.Formats;
import dev.thinkrig.profiles.hardware.HardwarePreset;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code thinkrig hardware}: the hardware presets. */
@Command(
        name = "hardware",
        mixinStandardHelpOptions = true,
        description = {
            "List the hardware presets for --hardware.",
            "Nx-<preset> means N of that device in one machine (2x-rtx-4090); a YAML file in the same format works too."
        })
public final class HardwareCommand implements Callable<Integer> {

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    FormatMixin output;

    public HardwareCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<HardwarePreset> presets = environment.hardware().presets();
        if (!output.table()) {
            out.println(Formats.write(presets, output.format));
            out.flush();
            return ExitCode.OK.code;
        }
        Columns table = new Columns("<<>>><", "id", "platform", "memory", "usable", "bandwidth", "name");
        for (HardwarePreset p : presets) {
            var hw = p.toHardware(p.id(), null);
            var first = hw.accelerators().isEmpty() ? null : hw.accelerators().get(0);
            table.row(
                    p.id(),
                    p.platform(),
                    first == null ? hw.host().memory() : first.memory(),
                    hw.usableMemory(),
                    (first == null ? hw.host().bandwidth() : first.bandwidth())
                            .map(Object::toString)
                            .orElse("unknown"),
                    p.name());
        }
        table.print(out);
        out.flush();
        return ExitCode.OK.code;
    }
}
