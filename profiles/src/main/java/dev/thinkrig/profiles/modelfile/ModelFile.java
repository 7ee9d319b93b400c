package dev.thinkrig.profiles.modelfile;

import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import dev.thinkrig.sizing.quant.WeightFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model's own files say: its shape, its quantization and the exact bytes of every tensor, read from the
 * headers of a GGUF file (or its shards) or of a safetensors checkpoint.
 *
 * @param source the path as the user gave it
 * @param name the model's name as the files state it ({@code general.name}, config.json's {@code _name_or_path}),
 *     else the file or directory name
 * @param nameHints names that may find the model in the catalog, most specific first
 * @param quantizationName the file's quantization as its format names it ({@code Q4_K_M}, {@code AWQ})
 * @param quantization the sizing quantization thinkrig ranks it as, when there is one
 * @param weights the measured bytes, split as engines place them
 * @param notes what the reader noticed and a user should know
 */
public record ModelFile(
        String source,
        WeightFormat format,
        String name,
        List<String> nameHints,
        ModelShape shape,
        String quantizationName,
        Optional<Quantization> quantization,
        List<TensorBytes> tensors,
        WeightBreakdown weights,
        List<String> notes) {

    public ModelFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(quantization, "quantization");
        nameHints = List.copyOf(nameHints);
        tensors = List.copyOf(tensors);
        notes = List.copyOf(notes);
    }

    /** Bytes of all tensor data. */
    public long totalBytes() {
        return weights.total().bytes();
    }

    /** Bytes without the input embedding table, which llama.cpp keeps in host memory. */
    public long bytesWithoutTokenEmbedding() {
        return weights.withoutTokenEmbedding().bytes();
    }
}
