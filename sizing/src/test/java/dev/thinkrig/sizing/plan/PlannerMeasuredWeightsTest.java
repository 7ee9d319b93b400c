package dev.thinkrig.sizing.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.sizing.DataSize;
import dev.thinkrig.sizing.Shapes;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.sizing.hardware.Hardware;
import dev.thinkrig.sizing.hardware.Host;
import dev.thinkrig.sizing.hardware.Platform;
import dev.thinkrig.sizing.model.ModelSpec;
import dev.thinkrig.sizing.model.ReasoningMode;
import dev.thinkrig.sizing.quant.Quantization;
import dev.thinkrig.sizing.quant.WeightBreakdown;
import dev.thinkrig.sizing.quant.WeightFormat;
import dev.thinkrig.sizing.quant.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PlannerMeasuredWeightsTest {

    private static final Hardware CPU_64G = new Hardware(
            "cpu-test",
            "test machine",
            Platform.CPU,
            List.of(),
            new Host("cpu", 16, DataSize.ofGiB(64), DataSize.ofGiB(56), Optional.empty(), Optional.empty()),
            List.of());

    private static ModelSpec qwen7b(Map<Quantization, WeightBreakdown> measured) {
        return new ModelSpec(
                "qwen-7b-file",
                "Qwen 7B from a file",
                Shapes.QWEN_7B,
                Shapes.QWEN_7B.parameterCount(),
                ReasoningMode.ALWAYS,
                4096,
                Optional.empty(),
                Map.of(Engine.OLLAMA, List.of(Quantization.Q4_K_M)),
                measured);
    }

    private static Plan plan(ModelSpec model) {
        Workload w = new Workload(512, 4096, 512, 1, 1);
        return new Planner()
                .plan(new PlanRequest(
                        model,
                        CPU_64G,
                        w,
                        Optional.of(Engine.OLLAMA),
                        Optional.empty(),
                        Optional.empty(),
                        OptionalInt.of(8192),
                        OptionalInt.empty(),
                        OptionalDouble.empty(),
                        PlanRequest.FlashAttention.AUTO));
    }

    @Test
    void plan_measuredWeights_replaceTheComputedOnes() {
        WeightBreakdown computed = Weights.of(Shapes.QWEN_7B, Quantization.Q4_K_M, WeightFormat.GGUF);
        // a file whose first block is 100 MiB larger than llama.cpp's default mix (an imatrix or override recipe)
        List<DataSize> layers = new ArrayList<>(computed.perLayer());
        layers.set(0, layers.get(0).plus(DataSize.ofMiB(100)));
        WeightBreakdown measured = WeightBreakdown.dense(
                computed.tokenEmbedding(), computed.output(), layers, computed.global(), computed.parameters());

        Plan fromShape = plan(qwen7b(Map.of()));
        Plan fromFile = plan(qwen7b(Map.of(Quantization.Q4_K_M, measured)));

        assertThat(fromShape.shown().memory().weights()).isEqualTo(computed.total());
        assertThat(fromFile.shown().memory().weights()).isEqualTo(measured.total());
        assertThat(fromFile.shown().memory().weights().bytes()
                        - fromShape.shown().memory().weights().bytes())
                .isEqualTo(100 * DataSize.MIB);
    }

    @Test
    void spec_measuredWeightsForAnUnservedQuantization_rejected() {
        WeightBreakdown w = Weights.of(Shapes.QWEN_7B, Quantization.Q8_0, WeightFormat.GGUF);
        assertThatThrownBy(() -> qwen7b(Map.of(Quantization.Q8_0, w)))
                .hasMessage("qwen-7b-file: measured weights for Q8_0, which no engine serves");
    }
}
