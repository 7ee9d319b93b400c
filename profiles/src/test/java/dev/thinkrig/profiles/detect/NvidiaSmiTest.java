package dev.thinkrig.profiles.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thinkrig.sizing.DataSize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NvidiaSmiTest {

    // The header nvidia-smi prints for NvidiaSmi.QUERY: field names in query order, units kept even with nounits.
    private static final String QUERY_HEADER = "index, uuid, memory.total [MiB], memory.used [MiB], memory.free [MiB],"
            + " driver_version, compute_cap, name";

    // No recording of this exact query exists yet. The rows are built from the RLinf issue #255 table (2x RTX 4090,
    // driver 550.163.01, 507 and 459 MiB used of 24564 MiB, PCI 4E and 4F); free is total - used because the table
    // shows no free figure, and the UUIDs are placeholders.
    private static final List<String> TWO_RTX_4090 = List.of(
            QUERY_HEADER,
            "0, GPU-11111111-aaaa-4bbb-8ccc-000000000004, 24564, 507, 24057, 550.163.01, 8.9, NVIDIA GeForce RTX 4090",
            "1, GPU-22222222-aaaa-4bbb-8ccc-000000000004, 24564, 459, 24105, 550.163.01, 8.9, NVIDIA GeForce RTX 4090");

    @Test
    void query_asksForCsvWithHeaderAndNameLast() {
        assertThat(NvidiaSmi.QUERY)
                .containsExactly(
                        "nvidia-smi",
                        "--query-gpu=index,uuid,memory.total,memory.used,memory.free,driver_version,compute_cap,name",
                        "--format=csv,nounits");
    }

    @Test
    void parse_twoDiscreteGpus_readsEveryColumnByHeaderName() {
        List<NvidiaGpu> gpus = NvidiaSmi.parse(TWO_RTX_4090);

        assertThat(gpus).hasSize(2);
        NvidiaGpu first = gpus.get(0);
        assertThat(first.index()).isZero();
        assertThat(first.uuid()).contains("GPU-11111111-aaaa-4bbb-8ccc-000000000004");
        assertThat(first.memoryTotal()).contains(DataSize.ofMiB(24564));
        assertThat(first.memoryUsed()).contains(DataSize.ofMiB(507));
        assertThat(first.memoryFree()).contains(DataSize.ofMiB(24057));
        assertThat(first.driverVersion()).contains("550.163.01");
        assertThat(first.computeCapability()).contains("8.9");
        assertThat(first.architecture()).contains("sm_89");
        assertThat(first.name()).contains("NVIDIA GeForce RTX 4090");
        assertThat(gpus.get(1).index()).isEqualTo(1);
        assertThat(gpus.get(1).memoryFree()).contains(DataSize.ofMiB(24105));
    }

    @Test
    void parse_gb10ReportsNoMemory_isUnified() {
        // real: nvitop PR #208, --format=csv (with header and units) on a DGX Spark
        List<NvidiaGpu> gpus = NvidiaSmi.parse(Fixtures.lines("nvidia-smi-query/gb10-csv-header-nvitop-pr208.txt"));

        assertThat(gpus).singleElement().satisfies(gpu -> {
            assertThat(gpu.index()).as("no index column: the row's position").isZero();
            assertThat(gpu.memoryTotal()).as("[N/A] is no figure, not 0 bytes").isEmpty();
            assertThat(gpu.memoryUsed()).isEmpty();
            assertThat(gpu.memoryFree()).isEmpty();
            assertThat(gpu.name()).isEmpty();
            assertThat(gpu.displayName()).isEqualTo("GPU 0");
        });
    }

    @Test
    void parse_gb10WithoutHeader_isRefusedSayingAHeaderIsNeeded() {
        // real: marimo PR #6822, --format=csv,noheader,nounits: without a header the columns cannot be named
        List<String> lines = Fixtures.lines("nvidia-smi-query/gb10-csv-noheader-nounits-marimo-pr6822.txt");

        assertThatThrownBy(() -> NvidiaSmi.parse(lines))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("no CSV header")
                .hasMessageContaining("'0, NVIDIA GB10, [N/A], [N/A], [N/A]'")
                .hasMessageContaining("--format=csv,noheader cannot be read");
    }

    @Test
    void parse_gb10RowUnderTheHeaderItsQueryPrints_readsNameAndNoMemory() {
        // the marimo row under the header nvidia-smi prints for the same query without noheader
        List<String> lines = Stream.concat(
                        Stream.of("index, name, memory.total [MiB], memory.used [MiB], memory.free [MiB]"),
                        Fixtures.lines("nvidia-smi-query/gb10-csv-noheader-nounits-marimo-pr6822.txt").stream())
                .toList();

        assertThat(NvidiaSmi.parse(lines)).singleElement().satisfies(gpu -> {
            assertThat(gpu.name()).contains("NVIDIA GB10");
            assertThat(gpu.memoryTotal()).isEmpty();
            assertThat(gpu.computeCapability()).isEmpty();
        });
    }

    @Test
    void parse_valuesWithUnits_readAsMiB() {
        // real rows (2x RTX 4090, "name,memory.total --format=csv,noheader") under the header that query prints
        List<String> lines = Stream.concat(
                        Stream.of("name, memory.total [MiB]"),
                        Fixtures.lines(
                                "nvidia-smi-query/2x-rtx4090-name-memtotal-csv-noheader-cloudunet-notes-REPO-UNIDENTIFIED.txt")
                                .stream())
                .toList();

        List<NvidiaGpu> gpus = NvidiaSmi.parse(lines);

        assertThat(gpus).extracting(NvidiaGpu::index).containsExactly(0, 1);
        assertThat(gpus)
                .extracting(NvidiaGpu::memoryTotal)
                .containsOnly(Optional.of(DataSize.ofBytes(25_757_220_864L)));
        assertThat(gpus).extracting(NvidiaGpu::name).containsOnly(Optional.of("NVIDIA GeForce RTX 4090"));
    }

    @Test
    void parse_commaInName_staysInTheNameBecauseNameIsLast() {
        // constructed: guards the reason the query puts name last; the numbers must not shift
        List<NvidiaGpu> gpus = NvidiaSmi.parse(
                List.of(QUERY_HEADER, "0, GPU-33333333, 32607, 0, 32120, 570.124.06, 12.0, Example GPU, Rev. 2"));

        assertThat(gpus).singleElement().satisfies(gpu -> {
            assertThat(gpu.name()).contains("Example GPU, Rev. 2");
            assertThat(gpu.memoryFree()).contains(DataSize.ofMiB(32120));
            assertThat(gpu.architecture()).contains("sm_120");
        });
    }

    @Test
    void parse_rowCutShort_namesTheLine() {
        List<String> lines = Fixtures.lines("nvidia-smi-query/malformed-row-cut-short.txt");

        assertThatThrownBy(() -> NvidiaSmi.parse(lines))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("'0, GPU-00000000-0000-0000-0000-000000000000, 24564, 507'")
                .hasMessageContaining("has 4 fields; the header has 8");
    }

    @Test
    void parse_emptyOutput_saysNothingWasPrinted() {
        List<String> lines = Fixtures.lines("nvidia-smi-query/empty.txt");

        assertThatThrownBy(() -> NvidiaSmi.parse(lines))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("nvidia-smi printed nothing");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "[Unknown Error] | memory.total is '[Unknown Error]', expected a size in MiB",
                "24 GB           | memory.total is '24 GB', expected a size in MiB",
            })
    void parse_memoryNotASize_namesLineAndColumn(String total, String message) {
        String row = "0, GPU-1, " + total + ", 0, 0, 550.163.01, 8.9, NVIDIA GeForce RTX 4090";

        assertThatThrownBy(() -> NvidiaSmi.parse(List.of(QUERY_HEADER, row)))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("'" + row + "'")
                .hasMessageContaining(message);
    }

    @Test
    void parse_headerWithoutMemoryTotal_isRefused() {
        assertThatThrownBy(() -> NvidiaSmi.parse(List.of("index, name", "0, NVIDIA GB10")))
                .isInstanceOf(DetectionException.class)
                .hasMessageContaining("no memory.total column");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0,1          | 0,1",
                "1            | 1",
                "1,0          | 1,0",
                "' 1 , 0 '    | 1,0",
                "0,7,1        | 0",
                "-1           | ''",
                "''           | ''",
                "0,0          | 0",
                "GPU-2222     | 1",
                "GPU-2222,0   | 1,0",
                "GPU-         | ''",
                "MIG-4a3b,1   | ''",
            })
    void visible_followsCudaRules(String cudaVisibleDevices, String expectedIndices) {
        List<NvidiaGpu> gpus = NvidiaSmi.parse(TWO_RTX_4090);

        List<NvidiaGpu> visible = NvidiaSmi.visible(gpus, cudaVisibleDevices);

        List<Integer> expected = expectedIndices.isEmpty()
                ? List.of()
                : Stream.of(expectedIndices.split(",")).map(Integer::valueOf).toList();
        assertThat(visible).extracting(NvidiaGpu::index).containsExactlyElementsOf(expected);
    }

    @Test
    void list_runsTheQueryAndAppliesCudaVisibleDevices() {
        List<List<String>> commands = new ArrayList<>();
        CommandRunner runner = (command, timeout) -> {
            commands.add(command);
            return Optional.of(new CommandResult(0, TWO_RTX_4090, ""));
        };

        NvidiaSmi.Listing listing = NvidiaSmi.list(runner, Optional.of("1"));

        assertThat(commands).containsExactly(NvidiaSmi.QUERY);
        assertThat(listing.gpus()).extracting(NvidiaGpu::index).containsExactly(1);
        assertThat(listing.notes()).containsExactly("CUDA_VISIBLE_DEVICES=1 leaves 1 of 2 GPUs (1)");
    }

    @Test
    void list_mixedGpusSelectedByIndex_warnsAboutCudaDeviceOrder() {
        List<String> mixed = List.of(
                QUERY_HEADER,
                "0, GPU-1, 24564, 0, 24000, 560.35.03, 8.6, NVIDIA GeForce RTX 3090",
                "1, GPU-2, 24564, 0, 24000, 560.35.03, 8.9, NVIDIA GeForce RTX 4090");

        NvidiaSmi.Listing listing =
                NvidiaSmi.list((command, timeout) -> Optional.of(new CommandResult(0, mixed, "")), Optional.of("1"));

        assertThat(listing.notes()).anySatisfy(note -> assertThat(note).contains("CUDA_DEVICE_ORDER=PCI_BUS_ID"));
    }

    @Test
    void list_toolMissing_noGpusWithNote() {
        NvidiaSmi.Listing listing = NvidiaSmi.list((command, timeout) -> Optional.empty(), Optional.empty());

        assertThat(listing.gpus()).isEmpty();
        assertThat(listing.notes()).containsExactly("no NVIDIA GPU: nvidia-smi is not installed");
    }

    @Test
    void list_driverNotLoaded_noGpusWithTheToolsMessage() {
        // nvidia-smi prints this on stdout and exits 9 when no driver is loaded
        String message = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."
                + " Make sure that the latest NVIDIA driver is installed and running.";
        CommandRunner runner = (command, timeout) -> Optional.of(new CommandResult(9, List.of(message, ""), ""));

        NvidiaSmi.Listing listing = NvidiaSmi.list(runner, Optional.empty());

        assertThat(listing.gpus()).isEmpty();
        assertThat(listing.notes()).containsExactly("no NVIDIA GPU counted: nvidia-smi exited with 9: " + message);
    }

    @Test
    void list_hungTool_noGpusWithNote() {
        CommandRunner runner = (command, timeout) -> {
            throw new CommandTimeoutException(command, Duration.ofSeconds(20));
        };

        NvidiaSmi.Listing listing = NvidiaSmi.list(runner, Optional.empty());

        assertThat(listing.gpus()).isEmpty();
        assertThat(listing.notes()).singleElement().asString().contains("did not answer within 20 s");
    }
}
