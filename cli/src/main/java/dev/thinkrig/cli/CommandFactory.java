package dev.thinkrig.cli;

import picocli.CommandLine;

/** Gives commands that take an {@link Environment} their instance of it; everything else is created by picocli. */
final class CommandFactory implements CommandLine.IFactory {

    private final Environment environment;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    CommandFactory(Environment environment) {
        this.environment = environment;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return type.getDeclaredConstructor(Environment.class).newInstance(environment);
        } catch (NoSuchMethodException e) {
            return fallback.create(type);
        }
    }
}
