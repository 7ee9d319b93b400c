package dev.thinkrig.profiles.modelfile;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.model.Experts;
import dev.thinkrig.sizing.model.ModelShape;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Predicate;

/** Sums measured tensor bytes into sizing's split: input embedding, output, each block, the rest. */
public final class WeightSplitter {

    /** What a tensor is, judged from its name by a format's naming rules. */
    public enum Place {
        TOKEN_EMBEDDING,
        OUTPUT,
        LAYER,
        GLOBAL
    }

    /**
     * A format's naming rules: where a tensor goes, for block tensors which block, and whether a block tensor holds
     * routed experts (read only in part per token; their biases count as ordinary block tensors, as in sizing).
     */
    public record Naming(
            Function<String, Place> place, Function<String, OptionalInt> layer, Predicate<String> routedExpert) {

        /** Rules for a format without experts. */
        public Naming(Function<String, Place> place, Function<String, OptionalInt> layer) {
            this(place, layer, name -> false);
        }
    }

    private WeightSplitter() {}

    /**
     * The breakdown of {@code tensors} for a model of {@code layers} blocks and {@code parameters} weights.
     *
     * @throws IllegalArgumentException naming the tensor, when one belongs to a block the model does not have
     */
    public static WeightBreakdown split(List<TensorBytes> tensors, int layers, long parameters, Naming naming) {
        return split(tensors, layers, parameters, naming, Optional.empty());
    }

    /**
     * The breakdown of a mixture-of-experts model: as {@link #split(List, int, long, Naming)}, plus each block's
     * routed-expert bytes, the share of them one token reads and the active parameters, from {@code shape}.
     */
    public static WeightBreakdown split(List<TensorBytes> tensors, ModelShape shape, long parameters, Naming naming) {
        return split(tensors, shape.layers(), parameters, naming, Optional.of(shape));
    }

    private static WeightBreakdown split(
            List<TensorBytes> tensors, int layers, long parameters, Naming naming, Optional<ModelShape> moe) {
        // every block holds at least one tensor, so a block count above the tensor count is a corrupt header; checked
        // before the per-block arrays are sized by it (a mutated block_count of 2^31 found by MutationFuzzTest)
        if (layers > tensors.size()) {
            throw new IllegalArgumentException(
                    "the model declares " + layers + " blocks but its files hold only " + tensors.size() + " tensors");
        }
        long[] perLayer = new long[layers];
        long[] perLayerExperts = new long[layers];
        long embedding = 0;
        long output = 0;
        long global = 0;
        for (TensorBytes t : tensors) {
            switch (naming.place().apply(t.name())) {
                case TOKEN_EMBEDDING -> embedding += t.bytes();
                case OUTPUT -> output += t.bytes();
                case LAYER -> {
                    int layer = naming.layer().apply(t.name()).orElseThrow();
                    if (layer >= layers) {
                        throw new IllegalArgumentException("tensor '" + t.name() + "' belongs to block " + layer
                                + " but the model has " + layers + (layers == 1 ? " block" : " blocks"));
                    }
                    perLayer[layer] += t.bytes();
                    if (naming.routedExpert().test(t.name())) {
                        perLayerExperts[layer] += t.bytes();
                    }
                }
                case GLOBAL -> global += t.bytes();
                default -> throw new IllegalStateException();
            }
        }
        List<DataSize> layerSizes = new ArrayList<>(layers);
        List<DataSize> expertSizes = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            layerSizes.add(DataSize.ofBytes(perLayer[i]));
            expertSizes.add(DataSize.ofBytes(perLayerExperts[i]));
        }
        Optional<Experts> experts = moe.flatMap(ModelShape::experts);
        if (experts.isPresent()) {
            return new WeightBreakdown(
                    DataSize.ofBytes(embedding),
                    DataSize.ofBytes(output),
                    layerSizes,
                    DataSize.ofBytes(global),
                    parameters,
                    expertSizes,
                    experts.get().activeShare(),
                    moe.get().activeParameterCount());
        }
        return WeightBreakdown.dense(
                DataSize.ofBytes(embedding),
                DataSize.ofBytes(output),
                layerSizes,
                DataSize.ofBytes(global),
                parameters);
    }

    /** The block index after {@code prefix} in names such as {@code blk.12.attn_q.weight}. */
    public static OptionalInt layerAfter(String prefix, String name) {
        if (!name.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        int end = name.indexOf('.', prefix.length());
        if (end <= prefix.length() || end - prefix.length() > 6) {
            return OptionalInt.empty();
        }
        String digits = name.substring(prefix.length(), end);
        return digits.chars().allMatch(Character::isDigit)
                ? OptionalInt.of(Integer.parseInt(digits))
                : OptionalInt.empty();
    }
}
