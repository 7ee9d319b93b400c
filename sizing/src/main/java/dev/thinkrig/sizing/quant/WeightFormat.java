package dev.thinkrig.sizing.quant;

/** The file format an engine loads weights from. */
public enum WeightFormat {
    /** llama.cpp's GGUF, loaded by llama.cpp and Ollama. */
    GGUF,
    /** Hugging Face safetensors checkpoints, loaded by vLLM and NIM's vLLM / TensorRT-LLM backends. */
    SAFETENSORS
}
