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
}
