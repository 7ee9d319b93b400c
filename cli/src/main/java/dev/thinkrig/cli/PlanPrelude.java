package dev.thinkrig.cli;

import dev.thinkrig.profiles.catalog.ModelEntry;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.plan.Configuration;
import dev.thinkrig.sizing.plan.Plan;
import dev.thinkrig.sizing.plan.Planner;
import dev.thinkrig.templates.recipe.CatalogFacts;
import dev.thinkrig.templates.recipe.Images;
import dev.thinkrig.templates.recipe.Listen;
import dev.thinkrig.templates.recipe.Recipe;
import dev.thinkrig.templates.recipe.RecipeException;
import dev.thinkrig.templates.recipe.RecipeOptions;
import dev.thinkrig.templates.recipe.Recipes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;

/**
 * What {@code compose} and {@code deploy} do before their own work: check {@code --listen} and {@code --nvidia-driver},
 * plan the model, and refuse a plan that does not fit with one line that says why and what was not done.
 */
final class PlanPrelude {

    private PlanPrelude() {}

    /** A plan that fits, and what its recipe is made from. */
    record Planned(CatalogFacts facts, Hardware hardware, Plan plan, Configuration chosen) {

        /** A catalog model's plan. */
        Planned(ModelEntry entry, Hardware hardware, Plan plan, Configuration chosen) {
            this(ModelReference.catalogFacts(entry, chosen), hardware, plan, chosen);
        }

        /** The one-machine recipe for this plan. */
        Recipe recipe(RecipeOptions options) {
            return Recipes.of(plan, facts, options);
        }
    }

    /** {@code --listen}'s address, or a usage error naming the flag. */
    static Optional<String> listen(CommandLine commandLine, String listen) {
        try {
            return Optional.ofNullable(listen).map(Listen::address);
        } catch (RecipeException e) {
            throw new CommandLine.ParameterException(commandLine, "--listen " + e.getMessage());
        }
    }

    /** {@code --nvidia-driver}'s version, or a usage error naming the flag. */
    static Optional<String> nvidiaDriver(CommandLine commandLine, String version) {
        try {
            Optional.ofNullable(version).ifPresent(Images::driverMajor);
            return Optional.ofNullable(version);
        } catch (RecipeException e) {
            throw new CommandLine.ParameterException(commandLine, "--nvidia-driver: " + e.getMessage());
        }
    }

    /**
     * Plans {@code model} on the option's hardware; a plan that does not fit is said on {@code err} (ending with
     * {@code nothingDone}, "Nothing was written") and gives empty.
     */
    static Optional<Planned> plan(
            Environment environment,
            String model,
            HardwareMixin hardwareOption,
            PlanOptions options,
            PrintWriter err,
            String nothingDone) {
        Hardware hardware = hardwareOption.resolve(environment);
        ModelReference reference = ModelReference.resolve(environment, model);
        List<String> notes = new ArrayList<>();
        Plan plan = reference.plan(environment, hardware, options, new Planner(), notes);
        notes.forEach(n -> err.println("thinkrig: " + n));
        if (!plan.fits()) {
            err.println("thinkrig: " + reference.name() + " does not fit on " + hardware.name()
                    + " with these options: " + whyNot(plan) + ". " + nothingDone + "; 'thinkrig plan "
                    + reference.planArgument() + "' with the same options shows the closest configuration and what else"
                    + " fits.");
            err.flush();
            return Optional.empty();
        }
        Configuration chosen = plan.chosen().orElseThrow().config();
        return Optional.of(new Planned(reference.facts(chosen), hardware, plan, chosen));
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
}
