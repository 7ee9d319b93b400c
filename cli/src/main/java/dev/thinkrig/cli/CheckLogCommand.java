package dev.thinkrig.cli;

import dev.thinkrig.cli.checklog.CalibrationStore;
import dev.thinkrig.cli.checklog.LogComparison;
import dev.thinkrig.cli.checklog.LogReport;
import dev.thinkrig.cli.checklog.LogReportTable;
import dev.thinkrig.cli.render.Formats;
import dev.thinkrig.profiles.enginelog.EngineLog;
import dev.thinkrig.profiles.enginelog.EngineLogReader;
import dev.thinkrig.profiles.enginelog.LogEngine;
import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.engine.EngineVersion;
import dev.thinkrig.sizing.engine.VllmMemory;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.quant.Quantization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code thinkrig check-log FILE|-}: an engine's start-up log next to thinkrig's plan of the same setup. */
@Command(
        name = "check-log",
        mixinStandardHelpOptions = true,
        description = {
            "Read a vLLM, Ollama or llama.cpp start-up log (as printed, docker logs, or journald) and print each "
                    + "memory figure it gives next to thinkrig's plan of the setup it shows.",
            "With --save, the figures become this machine's calibration, which later plans apply and name."
        })
public final class CheckLogCommand implements Callable<Integer> {

    /** A log larger than this is not a start-up log; reading it whole would only cost memory. */
    static final long MAX_LOG_BYTES = 64L * 1024 * 1024;

    private final Environment environment;
    private final Clock clock;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE|-", description = "The log file, or - for standard input")
    String file;

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description = "The model the log ran: a catalog id, or its file (a .gguf, a safetensors directory), "
                    + "planned from the file's header (default: the log's)")
    String model;

    @Option(names = "--quant", paramLabel = "QUANT", description = "The quantization it ran (default: the log's)")
    String quantization;

    @Option(names = "--context", paramLabel = "TOKENS", description = "max_model_len or num_ctx (default: the log's)")
    Integer context;

    @Option(
            names = "--tensor-parallel",
            paramLabel = "N",
            description = "Tensor-parallel size (default: the log's, else 1)")
    Integer tensorParallel;

    @Option(
            names = "--gpu-memory-utilization",
            paramLabel = "RATIO",
            description = "vLLM's --gpu-memory-utilization (default: the log's, else 0.9)")
    Double gpuMemoryUtilization;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            description = "Sequences at once: vLLM's max_num_seqs, llama.cpp's --parallel (default: the log's, else "
                    + "the engine's default)")
    Integer parallel;

    @Option(names = "--engine-version", paramLabel = "VERSION", description = "The engine release (default: the log's)")
    String engineVersion;

    @Option(
            names = "--save",
            description = "Record the logged figures as this machine's calibration for the engine and release "
                    + "(see 'thinkrig calibration')")
    boolean save;

    @Mixin
    HardwareMixin hardware;

    @Mixin
    FormatMixin output;

    public CheckLogCommand(Environment environment) {
        this.environment = environment;
        this.clock = Clock.systemUTC();
    }

    @Override
    public Integer call() throws IOException {
        List<String> lines = read(file);
        EngineLog log = EngineLogReader.read(lines);
        var overrides = new LogComparison.Overrides(
                Optional.ofNullable(model),
                Optional.ofNullable(quantization).map(Quantization::parse),
                positive(context, "--context"),
                positive(tensorParallel, "--tensor-parallel"),
                gpuMemoryUtilization == null ? OptionalDouble.empty() : OptionalDouble.of(utilization()),
                positive(parallel, "--parallel"),
                Optional.ofNullable(engineVersion).map(EngineVersion::parse),
                Optional.ofNullable(hardware.hardware).map(h -> hardware.resolve(environment)));
        LogReport report = LogComparison.compare(log, overrides, environment.models(), this::chooseHardware);
        if (save) {
            CalibrationStore store = environment.calibrations();
            String saved = store.save(report, clock.instant());
            report = report.withNote(saved);
        }
        var out = spec.commandLine().getOut();
        if (output.table()) {
            LogReportTable.print(report, out);
        } else {
            out.println(Formats.write(report, output.format));
        }
        out.flush();
        return ExitCode.OK.code;
    }

    /**
     * Without {@code --hardware}: a vLLM log's total_gpu_memory (torch's total, per GPU) names the preset whose GPU
     * matches within 3%, times the tensor-parallel size; otherwise this machine.
     */
    private LogComparison.ChosenHardware chooseHardware(EngineLog log, int tp) {
        if (log.engine() == LogEngine.VLLM && log.setup().gpuTotalBytes().isPresent()) {
            long logged = log.setup().gpuTotalBytes().getAsLong();
            for (var preset : environment.hardware().presets()) {
                Hardware h = environment.hardware().resolve(preset.id());
                if (h.accelerators().size() != 1) {
                    continue;
                }
                long torch = h.accelerators()
                        .get(0)
                        .memory()
                        .minusOrZero(VllmMemory.TORCH_UNREPORTED)
                        .bytes();
                if (Math.abs(torch - logged) <= logged * 0.03) {
                    String name = tp > 1 ? tp + "x-" + preset.id() : preset.id();
                    return new LogComparison.ChosenHardware(
                            environment.hardware().resolve(name),
                            "the preset whose GPU matches the log's total_gpu_memory of " + DataSize.ofBytes(logged)
                                    + "; --hardware names another");
                }
            }
        }
        return new LogComparison.ChosenHardware(
                environment.detectedHardware(), "this machine; --hardware names the one the log came from");
    }

    private static List<String> read(String file) throws IOException {
        byte[] bytes;
        if (file.equals("-")) {
            InputStream in = System.in;
            bytes = in.readNBytes((int) MAX_LOG_BYTES + 1);
        } else {
            Path path = Path.of(file);
            try {
                if (Files.size(path) > MAX_LOG_BYTES) {
                    throw new IllegalArgumentException(file + " is larger than " + DataSize.ofBytes(MAX_LOG_BYTES)
                            + ": pass the engine's start-up section (docker logs CONTAINER 2>&1 | head -n 2000)");
                }
                bytes = Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException("no such file: " + file);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
            }
        }
        if (bytes.length > MAX_LOG_BYTES) {
            throw new IllegalArgumentException("the log on standard input is larger than "
                    + DataSize.ofBytes(MAX_LOG_BYTES) + ": pass the engine's start-up section");
        }
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }

    private static OptionalInt positive(Integer value, String option) {
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value < 1 || value > 16_777_216) {
            throw new IllegalArgumentException(option + " must be between 1 and 16,777,216, was " + value);
        }
        return OptionalInt.of(value);
    }

    private double utilization() {
        if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
            throw new IllegalArgumentException(
                    "--gpu-memory-utilization must be above 0 and at most 1, was " + gpuMemoryUtilization);
        }
        return gpuMemoryUtilization;
    }
}
