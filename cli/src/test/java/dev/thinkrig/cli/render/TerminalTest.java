package dev.thinkrig.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalTest {

    private static String through(String text) {
        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(Terminal.writer(out));
        w.print(text);
        w.flush();
        return out.toString();
    }

    @Test
    void controlCharactersFromOutside_areShown() {
        assertThat(through("\u001b[2J\u001b]0;title\u0007\rFAKE\b\u009b1m\u202egnp.exe\n\tok"))
                .isEqualTo("\\u001b[2J\\u001b]0;title\\u0007\\u000dFAKE\\u0008\\u009b1m\\u202egnp.exe\n\tok");
    }

    @Test
    void thinkrigsOwnEmphasisAndRedraws_becomeTheirSequences() {
        assertThat(through(new Style(true).good("PASS") + " " + Terminal.RETURN + "50%"))
                .isEqualTo("\u001b[1;32mPASS\u001b[0m \r50%");
        assertThat(through(new Style(false).good("PASS"))).isEqualTo("PASS");
    }

    @Test
    void visible_showsTheTokensToo_soOutsideTextCannotPassAsThinkrigsOwn() {
        assertThat(Terminal.visible("a\uE004b\nc")).isEqualTo("a\\ue004b\\u000ac");
    }

    @Test
    void ordinaryText_passesUnchanged() {
        String text = "Qwen3-30B-A3B · 17 × 23 = 391 — “ok” 思考 🤔\n";
        assertThat(through(text)).isEqualTo(text);
    }
}
