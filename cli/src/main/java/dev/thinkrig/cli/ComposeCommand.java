package dev.thinkrig.cli;

import dev.thinkrig.cli.PlanPrelude.Planned;
import dev.thinkrig.cli.render.Text;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.templates.Escapes;
import dev.thinkrig.templates.Templates;
import dev.thinkrig.templates.compose.ComposeRenderer;
import dev.thinkrig.templates.output.GeneratedFile;
import dev.thinkrig.templates.output.OutputDirectory;
import dev.thinkrig.templates.recipe.ClusterRecipe;
import dev.thinkrig.templates.recipe.KubernetesRecipe;
import dev.thinkrig.templates.recipe.Recipe;
import dev.thinkrig.templates.recipe.RecipeOptions;
import dev.thinkrig.templates.recipe.Recipes;
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
            "Plan MODEL, then write what runs the chosen configuration into DIR.",
            "DIR gets docker-compose.yml, .env and a README.md (a Mac gets a native start-ollama.sh instead of an"
                    + " engine container). Takes plan's options."
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
            description = "Catalog id (qwq-32b), Ollama tag (deepseek-r1:32b), Hugging Face repo id, a .gguf file "
                    + "or a Hugging Face checkpoint directory (config.json + safetensors), as plan takes it")
    String model;

    @Mixin
    HardwareMixin hardwareOption;

    @Mixin
    PlanOptions options;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the files into")
    Path out;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            description = "Name the deployment, the Compose project (default: thinkrig- and the model id)")
    String deploymentName;

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
        Optional<String> listenAddress = PlanPrelude.listen(spec.commandLine(), listen);
        Optional<String> driver = PlanPrelude.nvidiaDriver(spec.commandLine(), nvidiaDriver);
        boolean kubernetes = switch (target) {
            case "compose" -> false;
            case "kubernetes" -> true;
            default ->
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--target is compose or kubernetes, was '" + target + "'");
        };
        if (kubernetes && options.nodes < 2) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--target kubernetes writes a LeaderWorkerSet across machines: it needs --nodes 2 or more (one"
                            + " machine: use the compose files)");
        }
        if (kubernetes && (listen != null || withUi)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--listen and --with-ui apply to compose files, not to --target kubernetes (the Service is"
                            + " reached inside the cluster)");
        }

        Optional<PlanPrelude.Planned> planned =
                PlanPrelude.plan(environment, model, hardwareOption, options, err, "Nothing was written");
        if (planned.isEmpty()) {
            return ExitCode.DOES_NOT_FIT.code;
        }
        Planned p = planned.get();
        RecipeOptions recipeOptions =
                new RecipeOptions(invocation(), listenAddress, withUi, driver, Optional.ofNullable(deploymentName));
        if (p.chosen().nodes() > 1) {
            return writeMultiNode(p, recipeOptions, kubernetes, out, err);
        }
        Recipe recipe = p.recipe(recipeOptions);
        List<GeneratedFile> files = new ComposeRenderer(templates()).render(recipe);
        OutputDirectory.Result result = OutputDirectory.write(this.out, files, force);
        Configuration chosen = p.chosen();
        out.println(p.facts().modelName() + " on " + p.hardware().name() + ": "
                + chosen.engine().id() + " "
                + chosen.quantization().name() + ", KV cache "
                + chosen.kvCacheType().cliName() + ", context "
                + String.format(Locale.ROOT, "%,d", chosen.contextTokens()));
        printWritten(out, files, result);
        out.println(
                recipe.launch().isPresent()
                        ? "Start: cd " + this.out + " && ./"
                                + recipe.launch().get().fileName()
                        : "Start: cd " + this.out
                                + " && docker compose up -d   (README.md says how to check and stop it)");
        out.flush();
        warn(err, recipe.warnings());
        return ExitCode.OK.code;
    }

    private int writeMultiNode(
            Planned p, RecipeOptions recipeOptions, boolean kubernetes, PrintWriter out, PrintWriter err) {
        if (withUi) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "--with-ui is for one machine's compose file, not for --nodes " + options.nodes);
        }
        ComposeRenderer renderer = new ComposeRenderer(templates());
        List<GeneratedFile> files;
        List<String> warnings;
        if (kubernetes) {
            KubernetesRecipe recipe = Recipes.kubernetes(p.plan(), p.facts(), recipeOptions);
            files = renderer.render(recipe);
            warnings = recipe.warnings();
        } else {
            ClusterRecipe recipe = Recipes.cluster(p.plan(), p.facts(), recipeOptions);
            files = renderer.render(recipe);
            warnings = recipe.warnings();
        }
        OutputDirectory.Result result = OutputDirectory.write(this.out, files, force);
        Configuration chosen = p.chosen();
        out.println(p.facts().modelName() + " on "
                + Text.machines(chosen.nodes(), p.hardware().name()) + ": "
                + chosen.engine().id() + " " + chosen.quantization().name() + ", tensor parallel "
                + chosen.tensorParallel() + ", pipeline parallel " + chosen.pipelineParallel() + ", context "
                + String.format(Locale.ROOT, "%,d", chosen.contextTokens()));
        printWritten(out, files, result);
        out.println(
                kubernetes
                        ? "Start: kubectl apply -f " + this.out.resolve(ComposeRenderer.KUBERNETES_FILE)
                        : "Start: fill in each node's .env, then node-1 first and the workers after it (README.md)");
        out.flush();
        warn(err, warnings);
        return ExitCode.OK.code;
    }

    private Templates templates() {
        return Templates.create(Optional.of(environment.configDirectory().resolve("templates")));
    }

    private void printWritten(PrintWriter out, List<GeneratedFile> files, OutputDirectory.Result result) {
        out.println("Wrote " + this.out + ": "
                + String.join(", ", files.stream().map(GeneratedFile::name).toList()));
        for (Path removed : result.removed()) {
            out.println("Removed " + removed + " (written by an earlier run, no longer part of this deployment)");
        }
    }

    private static void warn(PrintWriter err, List<String> warnings) {
        for (String warning : warnings) {
            err.println("thinkrig: warning: " + warning);
        }
        err.flush();
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
