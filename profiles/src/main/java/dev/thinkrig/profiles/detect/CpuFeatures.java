package dev.thinkrig.profiles.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SIMD instruction sets llama.cpp's CPU kernels use, from the {@code flags} (x86) or {@code Features} (Arm) line
 * of {@code /proc/cpuinfo}. The names are the kernel's (arch/x86/include/asm/cpufeatures.h; Arm hwcaps).
 */
final class CpuFeatures {

    /** Kernel flag to the name llama.cpp's system info prints. */
    private static final Map<String, String> INTERESTING = new LinkedHashMap<>();

    static {
        INTERESTING.put("avx2", "AVX2");
        INTERESTING.put("fma", "FMA");
        INTERESTING.put("f16c", "F16C");
        INTERESTING.put("avx512f", "AVX512");
        INTERESTING.put("avx512_vnni", "AVX512_VNNI");
        INTERESTING.put("avx512_bf16", "AVX512_BF16");
        INTERESTING.put("amx_tile", "AMX");
        INTERESTING.put("asimd", "NEON");
        INTERESTING.put("asimddp", "DOTPROD");
        INTERESTING.put("i8mm", "MATMUL_INT8");
        INTERESTING.put("sve", "SVE");
    }

    private CpuFeatures() {}

    static List<String> parse(String cpuinfo) {
        Set<String> flags = new HashSet<>();
        for (String line : cpuinfo.lines().toList()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            if (key.equals("flags") || key.equals("Features")) {
                flags.addAll(Arrays.asList(line.substring(colon + 1).strip().split("\\s+")));
                break; // every core lists the same
            }
        }
        List<String> found = new ArrayList<>();
        INTERESTING.forEach((flag, name) -> {
            if (flags.contains(flag)) {
                found.add(name);
            }
        });
        return found;
    }
}
