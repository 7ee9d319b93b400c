package dev.thinkrig.sizing.quant;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Sums the storage of every tensor of a model in a quantization: the exact size of its weights. */
public final class Weights {

    private Weights() {}

    public static WeightBreakdown of(ModelShape shape, Quantization quantization, WeightFormat format) {
        long[] layerBytes = new long[shape.layers()];
        long embedding = 0;
        long output = 0;
        long global = 0;
        long parameters = 0;
        for (Tensor t : shape.tensors()) {
            long bytes = quantization.typeFor(t, shape, format).bytes(t.rowLength(), t.rows());
            parameters += t.elements();
            switch (t.role()) {
                case TOKEN_EMBEDDING -> embedding += bytes;
                case OUTPUT -> output += bytes;
                default -> {
                    if (t.layer() >= 0) {
                        layerBytes[t.layer()] += bytes;
                    } else {
                        global += bytes;
                    }
                }
            }
        }
        List<DataSize> perLayer = new ArrayList<>(layerBytes.length);
        for (long b : layerBytes) {
            perLayer.add(DataSize.ofBytes(b));
        }
        return new WeightBreakdown(
                DataSize.ofBytes(embedding), DataSize.ofBytes(output), perLayer, DataSize.ofBytes(global), parameters);
    }
}
