/**
 * How a plan's chosen configuration runs, as typed values: {@link dev.thinkrig.templates.recipe.Recipes} picks the
 * engine's recipe class, which fills a {@link dev.thinkrig.templates.recipe.Recipe} (one machine), a
 * {@link dev.thinkrig.templates.recipe.ClusterRecipe} (vLLM over Ray) or a
 * {@link dev.thinkrig.templates.recipe.KubernetesRecipe}. Compose files, READMEs and deploy's container are renderings
 * of it.
 */
package dev.thinkrig.templates.recipe;
