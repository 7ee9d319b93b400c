package dev.thinkrig.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    @Test
    void accept_framesCutMidLine_givesWholeLinesAndTheRestOnFlush() {
        List<String> lines = new ArrayList<>();
        DockerJavaEngine.LineSplitter splitter = new DockerJavaEngine.LineSplitter(lines::add);

        splitter.accept("time=... level=INFO msg=\"Listen");
        splitter.accept("ing on [::]:11434\"\r\nsecond\nthi");
        assertThat(lines).containsExactly("time=... level=INFO msg=\"Listening on [::]:11434\"", "second");

        splitter.flush();
        assertThat(lines).containsExactly("time=... level=INFO msg=\"Listening on [::]:11434\"", "second", "thi");
    }
}
