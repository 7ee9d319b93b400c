package dev.thinkrig.sizing.model;

/**
 * One weight tensor: {@code rows} rows of {@code rowLength} elements. {@code rowLength} is llama.cpp's {@code ne[0]},
 * the dimension quantization blocks run along (the input dimension of a linear layer).
 *
 * @param layer the block index, or -1 for tensors outside the blocks
 */
public record Tensor(String name, TensorRole role, int layer, long rowLength, long rows) {

    public Tensor {
        if (rowLength <= 0 || rows <= 0) {
            throw new IllegalArgumentException("tensor " + name + " has an empty shape");
        }
    }

    public long elements() {
        return Math.multiplyExact(rowLength, rows);
    }
}
