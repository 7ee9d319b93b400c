package dev.thinkrig.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ColumnsTest {

    @Test
    void aLongCell_widensItsColumn_andTheRowsStayInLine() {
        StringWriter text = new StringWriter();
        new Columns("<><", "id", "size", "ollama")
                .row("qwq-32b", "32.8B", "qwq:32b")
                .row("deepseek-r1-distill-llama-8b", "8.0B", "deepseek-r1:8b-llama-distill-q4_K_M")
                .print(new PrintWriter(text, true));
        assertThat(text.toString())
                .isEqualTo("id                             size  ollama\n"
                        + "qwq-32b                       32.8B  qwq:32b\n"
                        + "deepseek-r1-distill-llama-8b   8.0B  deepseek-r1:8b-llama-distill-q4_K_M\n");
    }
}
