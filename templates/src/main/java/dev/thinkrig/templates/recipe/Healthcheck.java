package dev.thinkrig.templates.recipe;

import java.util.List;

/**
 * A container healthcheck, as Compose and {@code docker ps} show it.
 *
 * @param startPeriod how long failures do not count: model downloads and loads take minutes
 */
public record Healthcheck(List<String> test, String interval, String timeout, int retries, String startPeriod) {

    public Healthcheck {
        test = List.copyOf(test);
        if (test.isEmpty()) {
            throw new IllegalArgumentException("a healthcheck needs a test");
        }
    }
}
