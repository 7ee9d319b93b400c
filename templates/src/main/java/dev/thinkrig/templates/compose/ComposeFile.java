package dev.thinkrig.templates.compose;

import java.util.List;

/** The services and named volumes of one docker-compose.yml. */
public record ComposeFile(List<ComposeService> services, List<String> volumes) {

    public ComposeFile {
        services = List.copyOf(services);
        volumes = List.copyOf(volumes);
        if (services.isEmpty()) {
            throw new IllegalArgumentException("a compose file needs a service");
        }
    }
}
