package dev.thinkrig.cli;

import dev.thinkrig.cli.render.Formats;
import dev.thinkrig.cli.render.PlanReport;
import dev.thinkrig.cli.render.Style;
import dev.thinkrig.profiles.detect.DockerEngine;
import dev.thinkrig.profiles.detect.Probes;
import dev.thinkrig.profiles.detect.SupportBundle;
import dev.thinkrig.sizing.hardware.Accelerator;
import dev.thinkrig.sizing.hardware.Hardware;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code thinkrig detect}: what thinkrig sees on this machine (or in a preset), as plan will use it. */
@Command(
        name = "detect",
        mixinStandardHelpOptions = true,
        description = "Show the hardware thinkrig detects here (CPU, memory, NVIDIA GPUs) and how it will plan on it.")
public final class DetectCommand implements Callable<Integer> {

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    HardwareMixin hardwareOption;

    @Option(
            names = "--record",
            paramLabel = "DIR",
            description = "Also save the raw output of every probe into DIR (a new directory): a support bundle "
                    + "others can replay")
    Path record;

    @Option(
            names = "--replay",
            paramLabel = "DIR",
            description = "Detect from a support bundle recorded with --record instead of this machine")
    Path replay;

    @Mixin
    FormatMixin output;

    public DetectCommand(Environment environment) {
        this.environment = environment;
    }

    /**
     * The machine-readable form; {@code docker} is null for presets, which have no engine to ask, and {@code
     * nvidiaDriver} null where no NVIDIA driver was detected (presets included).
     */
    public record Report(
            PlanReport.HardwareInfo hardware,
            HostInfo host,
            long usableBytes,
            DriverInfo nvidiaDriver,
            DockerEngine docker,
            List<String> notes) {}

    /** The NVIDIA driver; {@code cudaVersion} is null when {@code nvidia-smi -q} did not give it. */
    public record DriverInfo(String version, String cudaVersion) {}

    /** The CPU side. */
    public record HostInfo(String cpu, int cores, long memoryBytes, long usableBytes, Double bandwidthBytesPerSecond) {}

    /** One line on the Docker engine and whether deploy could use the GPUs through it. */
    static String describe(DockerEngine d, Hardware h) {
        if (!d.reachable()) {
            return "not reachable: " + d.message();
        }
        String gpus = switch (d.gpuAccess()) {
            case NVIDIA_RUNTIME -> "containers reach NVIDIA GPUs through the nvidia runtime";
            case CDI -> "containers reach NVIDIA GPUs through CDI (" + String.join(", ", d.cdiDevices()) + ")";
            case NONE ->
                h.platform().isNvidia()
                        ? "containers cannot reach the GPUs: install the NVIDIA Container Toolkit and run "
                                + "'sudo nvidia-ctk runtime configure --runtime=docker' then restart Docker"
                        : "no GPU runtime (none needed on this machine)";
        };
        return d.serverVersion() + " (" + d.architecture() + "), runtimes " + String.join(" ", d.runtimes()) + "; "
                + gpus;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (record != null && (replay != null || hardwareOption.hardware != null)) {
            throw new IllegalArgumentException(
                    "--record saves this machine's probes; it does not combine with --replay " + "or --hardware");
        }
        Hardware h;
        Optional<DockerEngine> docker = Optional.empty();
        if (record != null) {
            SupportBundle.Recording recording = new SupportBundle.Recording(Probes.live(environment.env()));
            h = environment.detect(recording);
            docker = Optional.of(DockerEngine.probe(recording));
            recording.write(record);
        } else if (replay != null) {
            if (!SupportBundle.isBundle(replay)) {
                throw new IllegalArgumentException(replay + " holds no " + SupportBundle.MANIFEST);
            }
            h = environment.replay(replay);
            docker = Optional.of(DockerEngine.probe(SupportBundle.replay(replay)));
        } else {
            h = hardwareOption.resolve(environment);
            if (hardwareOption.hardware == null) {
                docker = Optional.of(DockerEngine.probe(Probes.live(environment.env())));
            }
        }
        if (!output.table()) {
            out.println(Formats.write(
                    new Report(
                            PlanReport.hardwareInfo(h),
                            new HostInfo(
                                    h.host().cpu(),
                                    h.host().cores(),
                                    h.host().memory().bytes(),
                                    h.host().usableMemory().bytes(),
                                    h.host()
                                            .bandwidth()
                                            .map(b -> b.bytesPerSecond())
                                            .orElse(null)),
                            h.usableMemory().bytes(),
                            h.driver()
                                    .map(d -> new DriverInfo(
                                            d.version(), d.cudaVersion().orElse(null)))
                                    .orElse(null),
                            docker.orElse(null),
                            h.notes()),
                    output.format));
            out.flush();
            return ExitCode.OK.code;
        }
        Style style = new Style(environment.colour());
        out.println(style.bold(h.name()));
        out.printf("  platform   %s%n", h.platform().id());
        out.printf(
                "  cpu        %s, %d cores; %s of memory, %s usable, bandwidth %s%n",
                h.host().cpu(),
                h.host().cores(),
                h.host().memory(),
                h.host().usableMemory(),
                h.host().bandwidth().map(Object::toString).orElse("unknown"));
        for (int i = 0; i < h.accelerators().size(); i++) {
            Accelerator a = h.accelerators().get(i);
            out.printf(
                    "  gpu %d      %s (%s): %s, %s usable, bandwidth %s%s%n",
                    i,
                    a.name(),
                    a.architecture(),
                    a.memory(),
                    a.usableMemory(),
                    a.bandwidth().map(Object::toString).orElse("unknown"),
                    a.wiredLimitMax()
                            .map(w -> "; wired limit can be raised to " + w)
                            .orElse(""));
        }
        h.driver()
                .ifPresent(d -> out.printf(
                        "  driver     NVIDIA %s, CUDA %s%n",
                        d.version(), d.cudaVersion().orElse("unknown (nvidia-smi -q gave none)")));
        out.printf("  plan on    %s%n", h.usableMemory());
        docker.ifPresent(d -> out.printf("  docker     %s%n", describe(d, h)));
        if (record != null) {
            out.printf("  recorded   %s (replay with: thinkrig detect --replay %s)%n", record, record);
        }
        if (!h.notes().isEmpty()) {
            out.println();
            h.notes().forEach(n -> out.printf("  - %s%n", n));
        }
        out.flush();
        return ExitCode.OK.code;
    }
}
