package dev.thinkrig.templates.recipe;

import java.util.Objects;

/** A published port: {@code hostIp:hostPort -> containerPort/tcp}. */
public record PortBinding(String hostIp, int hostPort, int containerPort) {

    public PortBinding {
        Objects.requireNonNull(hostIp, "hostIp");
        port("host port", hostPort);
        port("container port", containerPort);
    }

    private static void port(String field, int port) {
        if (port < 1 || port > 65535) {
            throw new RecipeException(
                    RecipeException.Kind.INVALID_VALUE,
                    field,
                    Integer.toString(port),
                    field + " must be between 1 and 65535, was " + port);
        }
    }

    /** This binding on another host port ({@code deploy --port}). */
    public PortBinding onHostPort(int port) {
        return new PortBinding(hostIp, port, containerPort);
    }

    /** {@code 127.0.0.1:8000}, IPv6 addresses in brackets. */
    public String hostAndPort() {
        return Listen.hostPort(hostIp, hostPort);
    }

    /** Compose's short syntax, {@code 127.0.0.1:8000:8000}. */
    public String compose() {
        return hostAndPort() + ":" + containerPort;
    }
}
