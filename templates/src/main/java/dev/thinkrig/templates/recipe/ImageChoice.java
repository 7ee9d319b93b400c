package dev.thinkrig.templates.recipe;

import java.util.Objects;
import java.util.Optional;

/**
 * Why the vLLM image is the one it is, for the README to explain: NVIDIA's build on DGX Spark, else the CUDA build the
 * target's driver runs.
 *
 * @param driver the target's driver version, from {@code --nvidia-driver} or detection; empty when unknown
 * @param driverDetected whether {@code driver} came from detection rather than the option
 * @param detectedCuda the CUDA version detection reported with the driver
 * @param cuda13 whether the image is the CUDA 13 build
 * @param belowCuda129 whether the driver is older than CUDA 12.9 needs
 */
public record ImageChoice(
        String image,
        boolean ngc,
        Optional<String> driver,
        boolean driverDetected,
        Optional<String> detectedCuda,
        boolean cuda13,
        boolean belowCuda129) {

    public ImageChoice {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(detectedCuda, "detectedCuda");
    }

    /** NVIDIA's vLLM build for DGX Spark. */
    public String ngcImage() {
        return Images.NGC_VLLM;
    }

    public int cuda13MinDriver() {
        return Images.CUDA13_MIN_DRIVER;
    }

    public int cuda129MinDriver() {
        return Images.CUDA129_MIN_DRIVER;
    }
}
