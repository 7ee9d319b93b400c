package dev.thinkrig.templates.recipe;

import java.util.Objects;
import java.util.Optional;

/**
 * What the README of a one-machine deployment explains beyond the containers: which layout it is (one README template
 * each), where it answers, and the facts behind its notes.
 *
 * @param layout which README template explains it
 * @param accelerator what the engine runs on, which the Ollama README explains
 * @param image why the vLLM image is the one it is; empty for other engines
 * @param nimProfile the NIM profile thinkrig sized; empty for other engines
 */
public record ReadmeFacts(
        Layout layout,
        String engineName,
        String url,
        boolean listening,
        boolean withUi,
        Accelerator accelerator,
        Optional<ImageChoice> image,
        Optional<String> nimProfile) {

    public ReadmeFacts {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(engineName, "engineName");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(accelerator, "accelerator");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(nimProfile, "nimProfile");
    }

    /** A README's layout: the template {@code readme/<template>.ftl} holds its prose. */
    public enum Layout {
        OLLAMA("ollama"),
        OLLAMA_NATIVE("ollama-native"),
        VLLM("vllm"),
        NIM("nim"),
        CLUSTER("cluster"),
        KUBERNETES("kubernetes");

        private final String template;

        Layout(String template) {
            this.template = template;
        }

        public String template() {
            return template;
        }
    }

    /** What the engine runs on. */
    public enum Accelerator {
        NVIDIA,
        AMD,
        CPU,
        APPLE
    }

    /** The NIM image's tag (NGC's latest), which the README says to pin. */
    public String nimTag() {
        return Images.NIM_TAG;
    }
}
