package dev.thinkrig.templates.recipe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The NVIDIA GPUs a container gets: a number of them (the first ones) or the ids of specific ones, never both (the
 * Compose Specification rejects a device request with both). Ids are indices or, for a MIG instance, its
 * {@code MIG-<uuid>}.
 */
public record GpuRequest(Optional<Integer> count, List<String> deviceIds) {

    /** CDI's name for NVIDIA GPUs ({@code nvidia.com/gpu=0}, {@code nvidia.com/gpu=MIG-...}). */
    public static final String CDI_KIND = "nvidia.com/gpu";

    public GpuRequest {
        Objects.requireNonNull(count, "count");
        deviceIds = List.copyOf(deviceIds);
        if (count.isPresent() == !deviceIds.isEmpty()) {
            throw new IllegalArgumentException("a GPU request has a count or device ids, exactly one of them");
        }
        if (count.isPresent() && count.get() < 1) {
            throw new RecipeException(
                    RecipeException.Kind.INVALID_VALUE,
                    "GPU count",
                    count.get().toString(),
                    "a GPU count must be positive, was " + count.get());
        }
    }

    public static GpuRequest count(int count) {
        return new GpuRequest(Optional.of(count), List.of());
    }

    public static GpuRequest deviceIds(List<String> ids) {
        return new GpuRequest(Optional.empty(), ids);
    }

    /**
     * The same request as CDI device names, for an engine without the nvidia runtime: the first {@code count} GPUs by
     * index, or each id ({@code nvidia.com/gpu=MIG-<uuid>}: CDI names MIG instances by UUID).
     */
    public List<String> cdiNames() {
        if (count.isPresent()) {
            return IntStream.range(0, count.get())
                    .mapToObj(i -> CDI_KIND + "=" + i)
                    .toList();
        }
        return deviceIds.stream().map(id -> CDI_KIND + "=" + id).toList();
    }

    /** A stable description for the recipe hash: {@code count=2}, {@code ids=0,2}. */
    String describe() {
        return count.map(c -> "count=" + c).orElseGet(() -> "ids=" + String.join(",", deviceIds));
    }
}
