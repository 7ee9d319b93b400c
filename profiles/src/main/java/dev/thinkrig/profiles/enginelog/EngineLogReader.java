package dev.thinkrig.profiles.enginelog;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an engine's start-up log (as the engine printed it, {@code docker logs} output with or without timestamps,
 * {@code docker compose logs}, or journald's short format): recognises vLLM, Ollama or llama.cpp and extracts the
 * setup and every memory figure it gives.
 */
public final class EngineLogReader {

    private EngineLogReader() {}

    public static EngineLog read(List<String> raw) {
        List<String> lines = LogText.clean(raw);
        if (any(lines, VllmLogReader.MARKERS)) {
            return VllmLogReader.read(lines);
        }
        if (any(lines, OllamaLogReader.MARKERS)) {
            return OllamaLogReader.read(lines);
        }
        if (any(lines, LlamaCppLogReader.MARKERS)) {
            return LlamaCppLogReader.read(lines, LogEngine.LLAMA_CPP, Optional.empty());
        }
        throw new EngineLogException("not a start-up log of vLLM, Ollama or llama.cpp: expected lines such as vLLM's "
                + "'Model loading took ...' / 'Available KV cache memory: ...' / '# GPU blocks: ...', Ollama's "
                + "'Listening on ... (version ...)' / 'msg=offload ... memory.required.full=...', or llama.cpp's "
                + "'load_tensors: ... model buffer size = ...' / 'KV buffer size = ...' ("
                + lines.size()
                + " lines read)");
    }

    private static boolean any(List<String> lines, Pattern markers) {
        return lines.stream().anyMatch(l -> markers.matcher(l).find());
    }
}
