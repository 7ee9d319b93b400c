package dev.thinkrig.profiles.detect;

import dev.thinkrig.sizing.DataSize;
import java.util.Objects;

/**
 * One installed memory module as OSHI reports it (SMBIOS type 17 through dmidecode on Linux, WMI on Windows).
 *
 * @param bankLabel where it sits, for example {@code P0 CHANNEL A/DIMM 0}
 * @param type {@code DDR4}, {@code DDR5}, {@code LPDDR5}, or {@code unknown}
 * @param transfersPerSecond OSHI's clock speed: for DDR memory the data rate (DDR5-5200 gives 5.2e9); 0 or less when
 *     unknown
 */
record MemoryModule(String bankLabel, String type, DataSize capacity, long transfersPerSecond) {

    MemoryModule {
        Objects.requireNonNull(bankLabel, "bankLabel");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(capacity, "capacity");
    }
}
