package dev.thinkrig.templates.compose;

import dev.thinkrig.templates.Templates;
import dev.thinkrig.templates.output.GeneratedFile;
import dev.thinkrig.templates.recipe.ClusterRecipe;
import dev.thinkrig.templates.recipe.ContainerRecipe;
import dev.thinkrig.templates.recipe.EnvVar;
import dev.thinkrig.templates.recipe.KubernetesRecipe;
import dev.thinkrig.templates.recipe.LocalWeights;
import dev.thinkrig.templates.recipe.NativeLaunch;
import dev.thinkrig.templates.recipe.PlanSummary;
import dev.thinkrig.templates.recipe.ReadmeFacts;
import dev.thinkrig.templates.recipe.Recipe;
import dev.thinkrig.templates.recipe.UserSetting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a recipe into the files of an output directory: compose files, {@code .env}, the native launch script, the
 * Kubernetes manifest and the README are each one template over the recipe's values.
 */
public final class ComposeRenderer {

    public static final String COMPOSE_FILE = "docker-compose.yml";
    public static final String ENV_FILE = ".env";
    public static final String README = "README.md";
    public static final String KUBERNETES_FILE = "leaderworkerset.yaml";

    private final Templates templates;

    public ComposeRenderer(Templates templates) {
        this.templates = templates;
    }

    /** A native launch script's settings as written: every value is thinkrig's own (no user variables). */
    public record Launch(String fileName, List<ComposeService.Line> environment, String model, String url) {}

    /**
     * docker-compose.yml and .env (when there are containers), the Modelfile (a local GGUF), the launch script (Mac),
     * README.md.
     */
    public List<GeneratedFile> render(Recipe recipe) {
        Map<String, Object> data = readmeData(recipe.summary(), recipe.readme().layout());
        data.put("recipe", recipe);
        data.put("readme", recipe.readme());
        List<ContainerRecipe> containers = recipe.composeContainers();
        List<GeneratedFile> files = new ArrayList<>();
        recipe.modelfileFrom().ifPresent(from -> data.put("modelfileFrom", from));
        if (!containers.isEmpty()) {
            data.put("compose", composeFile(containers, recipe.volumes()));
            data.put("env", env(recipe.name(), recipe.settings()));
            files.add(new GeneratedFile(
                    COMPOSE_FILE, templates.render("docker-compose.yml.ftl", data), GeneratedFile.READABLE));
            files.add(new GeneratedFile(ENV_FILE, templates.render("env.ftl", data), GeneratedFile.PRIVATE));
        }
        if (recipe.modelfileFrom().isPresent()) {
            files.add(new GeneratedFile(
                    LocalWeights.MODELFILE, templates.render("Modelfile.ftl", data), GeneratedFile.READABLE));
        }
        if (recipe.launch().isPresent()) {
            NativeLaunch launch = recipe.launch().get();
            data.put("launch", launch(launch));
            files.add(new GeneratedFile(
                    launch.fileName(), templates.render("start-ollama.sh.ftl", data), GeneratedFile.EXECUTABLE));
        }
        files.add(new GeneratedFile(README, templates.render("README.md.ftl", data), GeneratedFile.READABLE));
        return files;
    }

    /** node-K/docker-compose.yml and node-K/.env for each node, and README.md beside the node directories. */
    public List<GeneratedFile> render(ClusterRecipe cluster) {
        List<GeneratedFile> files = new ArrayList<>();
        for (ClusterRecipe.Node node : cluster.nodes()) {
            Map<String, Object> data = new HashMap<>();
            data.put("header", cluster.summary().header());
            data.put("compose", composeFile(List.of(node.container()), List.of()));
            data.put("env", env(cluster.name(), node.settings()));
            files.add(new GeneratedFile(
                    node.directory() + "/" + COMPOSE_FILE,
                    templates.render("docker-compose.yml.ftl", data),
                    GeneratedFile.READABLE));
            files.add(new GeneratedFile(
                    node.directory() + "/" + ENV_FILE, templates.render("env.ftl", data), GeneratedFile.PRIVATE));
        }
        Map<String, Object> data = readmeData(cluster.summary(), ReadmeFacts.Layout.CLUSTER);
        data.put("cluster", cluster);
        files.add(new GeneratedFile(README, templates.render("README.md.ftl", data), GeneratedFile.READABLE));
        return files;
    }

    /** leaderworkerset.yaml (the LeaderWorkerSet and its Service) and README.md. */
    public List<GeneratedFile> render(KubernetesRecipe k8s) {
        Map<String, Object> data = readmeData(k8s.summary(), ReadmeFacts.Layout.KUBERNETES);
        data.put("k8s", k8s);
        data.put(
                "leaderArgs",
                k8s.leaderArgs().stream()
                        .map(a -> new ComposeService.Line("", a.value().compose(), a.why()))
                        .toList());
        return List.of(
                new GeneratedFile(
                        KUBERNETES_FILE, templates.render("leaderworkerset.yaml.ftl", data), GeneratedFile.READABLE),
                new GeneratedFile(README, templates.render("README.md.ftl", data), GeneratedFile.READABLE));
    }

    private static Map<String, Object> readmeData(PlanSummary summary, ReadmeFacts.Layout layout) {
        Map<String, Object> data = new HashMap<>();
        data.put("header", summary.header());
        data.put("summary", summary);
        data.put("layout", layout.template());
        return data;
    }

    private static ComposeFile composeFile(List<ContainerRecipe> containers, List<String> volumes) {
        return new ComposeFile(containers.stream().map(ComposeService::of).toList(), volumes);
    }

    /** The {@code .env} entries: the Compose project name, then the variables the user sets. */
    private static List<UserSetting> env(String project, List<UserSetting> settings) {
        List<UserSetting> entries = new ArrayList<>();
        entries.add(new UserSetting(
                "COMPOSE_PROJECT_NAME",
                project,
                "names the containers, network and volumes (Debian's docker-compose 1.29 rejects a name: key)"));
        entries.addAll(settings);
        return entries;
    }

    private static Launch launch(NativeLaunch launch) {
        List<ComposeService.Line> env = new ArrayList<>();
        for (EnvVar v : launch.environment()) {
            env.add(new ComposeService.Line(v.name(), v.value().literalText(), v.why()));
        }
        return new Launch(launch.fileName(), env, launch.model(), launch.url());
    }
}
