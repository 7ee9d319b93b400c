package dev.thinkrig.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataSizeTest {

    @ParameterizedTest
    @CsvSource({
        "24564 MiB, 25757220864",
        "128 GB, 128000000000",
        "1.5 KiB, 1536",
        "0.28 GiB, 300647711",
        "42, 42",
        "2 TiB, 2199023255552"
    })
    void parse_unitsAreExact(String text, long bytes) {
        assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @Test
    void parse_unknownUnit_namesTheKnownOnes() {
        assertThatThrownBy(() -> DataSize.parse("24 GQ"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown size unit 'GQ'")
                .hasMessageContaining("GiB");
    }

    @Test
    void parse_negativeOrGarbage_isRejected() {
        assertThatThrownBy(() -> DataSize.parse("-4 GiB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataSize.parse("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataSize.ofBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toString_usesBinaryUnits() {
        assertThat(DataSize.ofBytes(18_508L * DataSize.MIB).toString()).isEqualTo("18.07 GiB");
        assertThat(DataSize.ofMiB(457).toString()).isEqualTo("457.0 MiB");
    }

    @Test
    void rates_parseVendorUnits() {
        assertThat(Bandwidth.parse("1008 GB/s").bytesPerSecond()).isEqualTo(1.008e12);
        assertThat(Bandwidth.parse("3.35 TB/s").gbps()).isEqualTo(3350.0);
        assertThat(Compute.parse("165 TFLOPS").tflops()).isEqualTo(165.0);
        assertThatThrownBy(() -> Bandwidth.parse("1008 GB")).hasMessageContaining("unknown bandwidth unit");
    }
}
