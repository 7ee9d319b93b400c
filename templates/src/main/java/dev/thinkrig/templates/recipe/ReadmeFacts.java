package dev.thinkrig.templates.recipe;

import java.util.Objects;
import java.util.Optional;

/**
 * What the README of a one-machine deployment explains beyond the containers: which layout it is (one README template
 * each), where it answers, and the facts behind its notes.
 *
 * @param layout names the README template: {@code ollama}, {@code ollama-native}, {@code vllm}, {@code nim}
 * @param accelerator {@code nvidia}, {@code amd}, {@code cpu} or {@code apple}
 * @param image why the vLLM image is the one it is; empty for other engines
 * @param nimProfile the NIM profile thinkrig sized; empty for other engines
 */
public record ReadmeFacts(
        String layout,
        String engineName,
        String url,
        boolean listening,
        boolean withUi,
        String accelerator,
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

    /** The NIM image's tag (NGC's latest), which the README says to pin. */
    public String nimTag() {
        return Images.NIM_TAG;
    }
}
