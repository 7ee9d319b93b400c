package dev.thinkrig.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

class ThinkrigCommandTest {

    @Test
    void help_listsEveryExitCode() throws IllegalAccessException {
        Cli cli = Cli.run("--help");
        assertThat(cli.exitCode).isZero();
        for (Field f : ExitCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                assertThat(cli.out).as(f.getName()).containsPattern("(?m)^\\s+" + f.getInt(null) + "\\s+\\S");
            }
        }
        assertThat(cli.out)
                .contains("plan")
                .contains("detect")
                .contains("models")
                .contains("hardware");
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
        assertThat(cli.exitCode).isEqualTo(ExitCodes.USAGE);
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
