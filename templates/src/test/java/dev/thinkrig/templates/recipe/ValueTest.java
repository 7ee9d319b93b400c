package dev.thinkrig.templates.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTest {

    @Test
    void compose_writesEachNeedInComposeSyntax_andDoublesLiteralDollars() {
        assertThat(Value.variable("HOME", Value.Need.PLAIN).then("/.cache").compose())
                .isEqualTo("${HOME}/.cache");
        assertThat(Value.variable("HF_TOKEN", Value.Need.OPTIONAL).compose()).isEqualTo("${HF_TOKEN:-}");
        assertThat(Value.variable("NGC_API_KEY", Value.Need.REQUIRED).compose())
                .isEqualTo("${NGC_API_KEY:?set NGC_API_KEY in .env}");
        assertThat(Value.of("org/${HOME} $x").compose()).isEqualTo("org/$${HOME} $$x");
    }

    @Test
    void resolve_fillsFromTheEnvironment_literalDollarsStayText() {
        Map<String, String> env = Map.of("HOME", "/home/ana", "HF_TOKEN", "hf_x");
        assertThat(Value.variable("HOME", Value.Need.PLAIN).then("/.cache").resolve(env))
                .isEqualTo("/home/ana/.cache");
        assertThat(Value.variable("HF_TOKEN", Value.Need.OPTIONAL).resolve(env)).isEqualTo("hf_x");
        assertThat(Value.variable("MISSING", Value.Need.OPTIONAL).resolve(env)).isEmpty();
        assertThat(Value.of("a$b${HOME}").resolve(env)).isEqualTo("a$b${HOME}");
    }

    @Test
    void resolve_requiredButEmpty_isAMissingSettingNamingTheVariable() {
        assertThatThrownBy(() -> Value.variable("NGC_API_KEY", Value.Need.REQUIRED)
                        .after("key=")
                        .resolve(Map.of("NGC_API_KEY", "")))
                .isInstanceOfSatisfying(RecipeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RecipeException.Kind.MISSING_SETTING);
                    assertThat(e.field()).isEqualTo("NGC_API_KEY");
                });
    }

    @Test
    void literalText_ofAValueReadingVariables_isRefused() {
        assertThat(Value.of("x").literalText()).isEqualTo("x");
        assertThatThrownBy(() -> Value.variable("HOME", Value.Need.PLAIN).literalText())
                .isInstanceOf(IllegalStateException.class);
    }
}
