package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThinkrigCommandTest {

    @Test
    void help_listsEveryExitCode_withinEightyColumns() {
        Cli cli = Cli.run("--help");
        assertThat(cli.exitCode).isZero();
        for (ExitCode c : ExitCode.values()) {
            assertThat(cli.out).as(c.name()).containsPattern("(?m)^  " + c.code + " +\\S");
        }
        assertThat(cli.out.lines())
                .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(ExitCode.HELP_WIDTH));
        assertThat(cli.out)
                .contains("plan")
                .contains("detect")
                .contains("models")
                .contains("hardware");
    }

    @Test
    void help_summarisesEachCommandInAWholeSentence() {
        // the list shows each command's first description line; it read "...into DIR: docker-compose.yml, .env and a"
        String help = Cli.run("--help").out;
        String commands = help.substring(help.indexOf("Commands:"), help.indexOf("Exit codes:"));
        List<String> entries = new ArrayList<>();
        for (String line : commands.lines().skip(1).toList()) {
            if (line.matches("^  \\S.*")) {
                entries.add(line.strip());
            } else if (!line.isBlank()) {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.strip());
            }
        }
        assertThat(entries).hasSizeGreaterThan(10).allSatisfy(e -> assertThat(e).endsWith("."));
    }

    @Test
    void docsExitCodeTable_isTheGeneratedOne() throws IOException {
        String doc = Files.readString(Path.of("../docs/cli.md"));
        String table = ExitCode.markdownTable();
        assertThat(doc)
                .as(
                        "docs/cli.md's exit-code table must be ExitCode.markdownTable(); paste this in its place:%n%s",
                        table)
                .contains("## Exit codes\n\n" + table + "\n");
    }

    @Test
    void verbose_isAcceptedByEverySubcommand() {
        assertThat(Cli.run("models", "--verbose").exitCode).isZero();
        assertThat(Cli.run("plan", "qwq-32b", "--hardware", "h100-80gb", "--verbose").exitCode)
                .isZero();
    }

    @Test
    void version_printsAVersion() {
        Cli cli = Cli.run("--version");
        assertThat(cli.exitCode).isZero();
        assertThat(cli.out).startsWith("thinkrig ");
    }

    @Test
    void unknownOption_isAUsageError() {
        Cli cli = Cli.run("plan", "--frobnicate");
        assertThat(cli.exitCode).isEqualTo(ExitCode.USAGE.code);
        assertThat(cli.err).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void completion_printsABashScript() {
        Cli cli = Cli.run("completion");
        assertThat(cli.exitCode).isZero();
        assertThat(cli.out).contains("complete -F").contains("thinkrig");
    }

    @Test
    void models_listsTheCatalog() {
        Cli cli = Cli.run("models");
        assertThat(cli.exitCode).isZero();
        assertThat(cli.out)
                .contains("deepseek-r1-distill-qwen-32b")
                .contains("qwq-32b")
                .contains("olympiccoder-7b");
    }

    @Test
    void hardware_listsThePresets() {
        Cli cli = Cli.run("hardware");
        assertThat(cli.exitCode).isZero();
        assertThat(cli.out).contains("dgx-spark").contains("m3-ultra-96").contains("cpu-only");
    }
}
