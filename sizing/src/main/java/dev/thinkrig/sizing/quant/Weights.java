package dev.thinkrig.sizing.quant;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.model.Experts;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.model.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Sums the storage of every tensor of a model in a quantization: the exact size of its weights. */
public final class Weights {

    private Weights() {}

    public static WeightBreakdown of(ModelShape shape, Quantization quantization, WeightFormat format) {
        long[] layerBytes = new long[shape.layers()];
        long[] expertBytes = new long[shape.layers()];
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
                        if (t.role().isRoutedExpert()) {
                            expertBytes[t.layer()] += bytes;
                        }
                    } else {
                        global += bytes;
                    }
                }
            }
        }
        List<DataSize> perLayer = new ArrayList<>(layerBytes.length);
        List<DataSize> perLayerExperts = new ArrayList<>(layerBytes.length);
        for (int i = 0; i < layerBytes.length; i++) {
            perLayer.add(DataSize.ofBytes(layerBytes[i]));
            perLayerExperts.add(DataSize.ofBytes(expertBytes[i]));
        }
        return new WeightBreakdown(
                DataSize.ofBytes(embedding),
                DataSize.ofBytes(output),
                perLayer,
                DataSize.ofBytes(global),
                parameters,
                perLayerExperts,
                shape.experts().map(Experts::activeShare).orElse(1.0),
                shape.activeParameterCount());
    }
}
