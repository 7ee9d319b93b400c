package dev.thinkrig.profiles.enginelog;

/** The engines whose start-up logs {@link EngineLogReader} reads. */
public enum LogEngine {
    VLLM("vllm"),
    OLLAMA("ollama"),
    LLAMA_CPP("llama.cpp");

    private final String id;

    LogEngine(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
