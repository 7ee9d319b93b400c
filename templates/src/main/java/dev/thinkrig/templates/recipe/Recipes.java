package dev.thinkrig.templates.recipe;

import dev.thinkrig.sizing.plan.Plan;
import java.util.Locale;

/** The recipe for a plan's chosen configuration: one engine class each, the multi-node layouts built on vLLM's. */
public final class Recipes {

    private Recipes() {}

    /** How one machine runs the plan's chosen configuration; the plan must fit. */
    public static Recipe of(Plan plan, CatalogFacts facts, RecipeOptions options) {
        RecipeContext ctx = new RecipeContext(plan, facts, options);
        return switch (ctx.config.engine()) {
            case OLLAMA -> OllamaRecipe.of(ctx);
            case VLLM -> VllmRecipe.of(ctx);
            case NIM -> NimRecipe.of(ctx);
        };
    }

    /** vLLM over Ray, one container per node; the plan must be a vLLM plan over 2 or more nodes. */
    public static ClusterRecipe cluster(Plan plan, CatalogFacts facts, RecipeOptions options) {
        return RayClusterRecipe.of(new RecipeContext(plan, facts, options));
    }

    /** vLLM over Ray as a LeaderWorkerSet; the plan must be a vLLM plan over 2 or more nodes. */
    public static KubernetesRecipe kubernetes(Plan plan, CatalogFacts facts, RecipeOptions options) {
        return KubernetesRecipe.of(new RecipeContext(plan, facts, options));
    }

    /** {@code thinkrig-} and the model id, in the characters Compose allows in a project name. */
    public static String projectName(String modelId) {
        String name = ("thinkrig-" + modelId).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-");
        return name.replaceAll("-+$", "");
    }
}
