package dev.thinkrig.templates.compose;

import dev.thinkrig.templates.Templates;
import dev.thinkrig.templates.output.GeneratedFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Renders a {@link ComposeModel} into the files of an output directory. */
public final class ComposeRenderer {

    public static final String COMPOSE_FILE = "docker-compose.yml";
    public static final String ENV_FILE = ".env";
    public static final String README = "README.md";

    private final Templates templates;

    public ComposeRenderer(Templates templates) {
        this.templates = templates;
    }

    /** docker-compose.yml and .env (when there are containers), the launch script (Mac), README.md. */
    public List<GeneratedFile> render(ComposeModel model) {
        Map<String, Object> data = new HashMap<>();
        data.put("header", model.header());
        data.put("compose", model.compose());
        data.put("env", model.env());
        data.put("launch", model.launch());
        data.put("readme", model.readme());
        List<GeneratedFile> files = new ArrayList<>();
        if (model.compose().isPresent()) {
            files.add(new GeneratedFile(
                    COMPOSE_FILE, templates.render("docker-compose.yml.ftl", data), GeneratedFile.READABLE));
            files.add(new GeneratedFile(ENV_FILE, templates.render("env.ftl", data), GeneratedFile.PRIVATE));
        }
        if (model.launch().isPresent()) {
            files.add(new GeneratedFile(
                    model.launch().get().fileName(),
                    templates.render("start-ollama.sh.ftl", data),
                    GeneratedFile.EXECUTABLE));
        }
        files.add(new GeneratedFile(README, templates.render("README.md.ftl", data), GeneratedFile.READABLE));
        return files;
    }

    public static final String KUBERNETES_FILE = "leaderworkerset.yaml";

    /** node-K/docker-compose.yml and node-K/.env for each node, and README.md beside the node directories. */
    public List<GeneratedFile> render(ClusterModel model) {
        List<GeneratedFile> files = new ArrayList<>();
        for (ClusterModel.Node node : model.nodes()) {
            Map<String, Object> data = new HashMap<>();
            data.put("header", model.header());
            data.put("compose", node.compose());
            data.put("env", node.env());
            files.add(new GeneratedFile(
                    node.directory() + "/" + COMPOSE_FILE,
                    templates.render("docker-compose.yml.ftl", data),
                    GeneratedFile.READABLE));
            files.add(new GeneratedFile(
                    node.directory() + "/" + ENV_FILE, templates.render("env.ftl", data), GeneratedFile.PRIVATE));
        }
        Map<String, Object> data = new HashMap<>();
        data.put("header", model.header());
        data.put("readme", model.readme());
        files.add(new GeneratedFile(README, templates.render("README.md.ftl", data), GeneratedFile.READABLE));
        return files;
    }

    /** leaderworkerset.yaml (the LeaderWorkerSet and its Service) and README.md. */
    public List<GeneratedFile> render(KubernetesModel model) {
        Map<String, Object> data = new HashMap<>();
        data.put("header", model.header());
        data.put("k8s", model);
        data.put("readme", model.readme());
        return List.of(
                new GeneratedFile(
                        KUBERNETES_FILE, templates.render("leaderworkerset.yaml.ftl", data), GeneratedFile.READABLE),
                new GeneratedFile(README, templates.render("README.md.ftl", data), GeneratedFile.READABLE));
    }
}
