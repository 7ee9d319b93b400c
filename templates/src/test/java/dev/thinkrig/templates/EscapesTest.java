package dev.thinkrig.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EscapesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @ValueSource(
            strings = {
                "plain",
                "a: b",
                "quote \" inside",
                "back\\slash",
                "new\nline",
                "tab\tand\rreturn",
                "# not a comment",
                "- not a list",
                "{not: a map}",
                "\u0001\u001f\u007f control",
                "line\u2028separator",
                "unicode é 中文",
                "'single'"
            })
    void yamlString_isTheSameStringInJsonAndYaml(String value) throws IOException {
        String quoted = Escapes.yamlString(value);
        assertThat(JSON.readValue(quoted, String.class)).isEqualTo(value);
        assertThat(YAML.readValue("key: " + quoted + "\n", java.util.Map.class).get("key"))
                .isEqualTo(value);
        assertThat(quoted).doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ollama", "open-webui", "OLLAMA_HOST", "a.b_c"})
    void key_acceptsNames(String key) {
        assertThat(Escapes.key(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a: b", "x\ny", "-dash", "a b", "\"q\""})
    void key_refusesAnythingElse(String key) {
        assertThatThrownBy(() -> Escapes.key(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb", "a\r\nb", "a\u2028b", "a\u0085b"})
    void oneLine_neverBreaksTheLine(String value) {
        assertThat(Escapes.oneLine(value)).doesNotContain("\n", "\r", "\u2028", "\u0085");
    }

    @ParameterizedTest
    @ValueSource(strings = {"it's", "$(rm -rf ~)", "`x`", "a\nb", "''"})
    void shellWord_isOneSingleQuotedWord(String value) {
        String word = Escapes.shellWord(value);
        assertThat(word).startsWith("'").endsWith("'");
        // undo POSIX single quoting: '...' segments joined by \'
        String undone = word.substring(1, word.length() - 1).replace("'\\''", "'");
        assertThat(undone).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x-->y", "-->", "a\n-->"})
    void htmlComment_cannotCloseTheComment(String value) {
        assertThat(Escapes.htmlComment(value)).doesNotContain("-->").doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "x\ny", "a=b", "$HOME", "\"q\""})
    void envValue_refusesTextThatDotenvParsersDisagreeOn(String value) {
        assertThatThrownBy(() -> Escapes.envValue(value)).isInstanceOf(IllegalArgumentException.class);
    }
}
