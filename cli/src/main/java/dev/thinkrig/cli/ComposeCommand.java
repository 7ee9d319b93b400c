package dev.thinkrig.cli;

import dev.thinkrig.profiles.catalog.ModelCatalog;
import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.Planner;
import dev.thinkrig.templates.Escapes;
import dev.thinkrig.templates.Templates;
import dev.thinkrig.templates.compose.CatalogFacts;
import dev.thinkrig.templates.compose.ClusterModel;
import dev.thinkrig.templates.compose.ComposeModel;
import dev.thinkrig.templates.compose.ComposeModels;
import dev.thinkrig.templates.compose.ComposeOptions;
import dev.thinkrig.templates.compose.ComposeRenderer;
import dev.thinkrig.templates.compose.Images;
import dev.thinkrig.templates.compose.KubernetesModel;
import dev.thinkrig.templates.output.GeneratedFile;
import dev.thinkrig.templates.output.OutputDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code thinkrig compose MODEL --out DIR}: the plan's best configuration as deployment files. */
@Command(
        name = "compose",
        mixinStandardHelpOptions = true,
        description = {
            "Plan MODEL, then write what runs the chosen configuration into DIR: docker-compose.yml, .env and a",
            "README.md (a Mac gets a native start-ollama.sh instead of an engine container). Takes plan's options."
        })
public final class ComposeCommand implements Callable<Integer> {

    /** Arguments recorded in the generated files' headers as they were typed, unless they need quoting. */
    private static final Pattern PLAIN_ARG = Pattern.compile("[A-Za-z0-9_./:=,+@-]+");

    private final Environment environment;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "MODEL",
            description = "Catalog id (qwq-32b), Ollama tag (deepseek-r1:32b) or Hugging Face repo id")
    String model;

    @Mixin
    HardwareMixin hardwareOption;

    @Mixin
    PlanOptions options;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the files into")
    Path out;

    @Option(names = "--with-ui", description = "Add Open WebUI, wired to the engine, on port 3000")
    boolean withUi;

    @Option(
            names = "--listen",
            paramLabel = "ADDR",
            description = "Publish the ports on this IP address (0.0.0.0: every interface) instead of 127.0.0.1; "
                    + "vLLM then requires the API key from .env")
    String listen;

    @Option(
            names = "--nvidia-driver",
            paramLabel = "VERSION",
            description = "The target's NVIDIA driver (nvidia-smi's driver_version); 580 or newer gets vLLM's CUDA 13 "
                    + "image (default: the CUDA 12.9 image, which runs on 575 and newer)")
    String nvidiaDriver;

    @Option(
            names = "--target",
            paramLabel = "TARGET",
            description = "compose (default): docker-compose files, one per node with --nodes; kubernetes: a"
                    + " LeaderWorkerSet manifest and its Service (needs --nodes 2 or more)")
    String target = "compose";

    @Option(
            names = "--force",
            description = "Write into DIR even if it holds files thinkrig did not write (they are kept, not deleted)")
    boolean force;

    public ComposeCommand(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // options that cannot be right are refused before any planning or writing
        Optional<String> listenAddress = Optional.ofNullable(listen).map(ComposeModels::listenAddress);
        Optional<String> driver = Optional.ofNullable(nvidiaDriver);
        driver.ifPresent(Images::driverMajor);
        boolean kubernetes = switch (target) {
            case "compose" -> false;
            case "kubernetes" -> true;
            default -> throw new IllegalArgumentException("--target is compose or kubernetes, was '" + target + "'");
        };
        if (kubernetes && options.nodes < 2) {
            throw new IllegalArgumentException("--target kubernetes writes a LeaderWorkerSet across machines: it needs"
                    + " --nodes 2 or more (one machine: use the compose files)");
        }

        Hardware hardware = hardwareOption.resolve(environment);
        ModelCatalog.Resolved resolved = environment.models().resolve(model);
        ModelEntry entry = resolved.entry();
        Plan plan = new Planner().plan(options.request(entry.toSpec(), hardware, resolved.quantization()));
        if (!plan.fits()) {
            err.println("thinkrig: " + entry.name() + " does not fit on " + hardware.name() + " with these options: "
                    + whyNot(plan) + ". Nothing was written; 'thinkrig plan " + entry.id()
                    + "' with the same options shows the closest configuration and what else fits.");
            err.flush();
            return ExitCodes.DOES_NOT_FIT;
        }
        Configuration chosen = plan.chosen().orElseThrow().config();
        if (chosen.nodes() > 1) {
            return writeMultiNode(plan, entry, hardware, chosen, listenAddress, driver, kubernetes, out, err);
        }
        ComposeModel deployment = ComposeModels.of(
                plan, facts(entry, chosen), new ComposeOptions(invocation(), listenAddress, withUi, driver));
        Templates templates =
                Templates.create(Optional.of(environment.configDirectory().resolve("templates")));
        List<GeneratedFile> files = new ComposeRenderer(templates).render(deployment);
        OutputDirectory.Result result = OutputDirectory.write(this.out, files, force);

        out.println(
                entry.name() + " on " + hardware.name() + ": " + chosen.engine().id() + " "
                        + chosen.quantization().name() + ", KV cache "
                        + chosen.kvCacheType().cliName() + ", context "
                        + String.format(Locale.ROOT, "%,d", chosen.contextTokens()));
        out.println("Wrote " + this.out + ": "
                + String.join(", ", files.stream().map(GeneratedFile::name).toList()));
        for (Path removed : result.removed()) {
            out.println("Removed " + removed + " (written by an earlier run, no longer part of this deployment)");
        }
        out.println(
                deployment.launch().isPresent()
                        ? "Start: cd " + this.out + " && ./"
                                + deployment.launch().get().fileName()
                        : "Start: cd " + this.out
                                + " && docker compose up -d   (README.md says how to check and stop it)");
        out.flush();
        for (String warning : deployment.warnings()) {
            err.println("thinkrig: warning: " + warning);
        }
        err.flush();
        return ExitCodes.OK;
    }

    private int writeMultiNode(
            Plan plan,
            ModelEntry entry,
            Hardware hardware,
            Configuration chosen,
            Optional<String> listenAddress,
            Optional<String> driver,
            boolean kubernetes,
            PrintWriter out,
            PrintWriter err) {
        ComposeOptions composeOptions = new ComposeOptions(invocation(), listenAddress, withUi, driver);
        if (withUi) {
            throw new IllegalArgumentException(
                    "--with-ui is for one machine's compose file, not for --nodes " + options.nodes);
        }
        Templates templates =
                Templates.create(Optional.of(environment.configDirectory().resolve("templates")));
        ComposeRenderer renderer = new ComposeRenderer(templates);
        List<GeneratedFile> files;
        List<String> warnings;
        if (kubernetes) {
            KubernetesModel model = ComposeModels.kubernetes(plan, facts(entry, chosen), composeOptions);
            files = renderer.render(model);
            warnings = model.warnings();
        } else {
            ClusterModel model = ComposeModels.cluster(plan, facts(entry, chosen), composeOptions);
            files = renderer.render(model);
            warnings = model.warnings();
        }
        OutputDirectory.Result result = OutputDirectory.write(this.out, files, force);
        out.println(entry.name() + " on " + chosen.nodes() + " x " + hardware.name() + ": "
                + chosen.engine().id() + " " + chosen.quantization().name() + ", tensor parallel "
                + chosen.tensorParallel() + ", pipeline parallel " + chosen.pipelineParallel() + ", context "
                + String.format(Locale.ROOT, "%,d", chosen.contextTokens()));
        out.println("Wrote " + this.out + ": "
                + String.join(", ", files.stream().map(GeneratedFile::name).toList()));
        for (Path removed : result.removed()) {
            out.println("Removed " + removed + " (written by an earlier run, no longer part of this deployment)");
        }
        out.println(
                kubernetes
                        ? "Start: kubectl apply -f " + this.out.resolve(ComposeRenderer.KUBERNETES_FILE)
                        : "Start: fill in each node's .env, then node-1 first and the workers after it (README.md)");
        out.flush();
        for (String warning : warnings) {
            err.println("thinkrig: warning: " + warning);
        }
        err.flush();
        return ExitCodes.OK;
    }

    /** The closest configuration's problems, or why no configuration could even be tried (vLLM on a Mac). */
    private static String whyNot(Plan plan) {
        if (plan.closest().isPresent()) {
            return String.join("; ", plan.closest().get().problems());
        }
        return String.join(
                "; ",
                plan.rejections().stream().map(r -> r.what() + ": " + r.why()).toList());
    }

    /** The catalog's facts about serving the chosen quantization, the only catalog data the templates need. */
    static CatalogFacts facts(ModelEntry entry, Configuration chosen) {
        return new CatalogFacts(
                entry.id(),
                entry.name(),
                entry.huggingFaceRepo(),
                entry.ollamaTag(chosen.quantization()),
                entry.vllmRepo(chosen.quantization()),
                Optional.ofNullable(entry.reasoning().vllmReasoningParser()),
                Optional.ofNullable(entry.serving().nim()).map(ModelEntry.Nim::image));
    }

    /**
     * The command line that regenerates these files, written into their headers; {@code --out} and {@code --force} are
     * left out because they do not change what is written.
     */
    private String invocation() {
        List<String> args = new ArrayList<>(List.of("thinkrig", "compose"));
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        // the top-level parse keeps everything typed; this command's arguments follow its name
        int first = original.indexOf(spec.name()) + 1;
        for (int i = first; i < original.size(); i++) {
            String a = original.get(i);
            if (a.equals("--out")) {
                i++;
            } else if (!a.startsWith("--out=") && !a.equals("--force")) {
                args.add(PLAIN_ARG.matcher(a).matches() ? a : Escapes.shellWord(a));
            }
        }
        args.add("--out");
        args.add("DIR");
        return String.join(" ", args);
    }
}
