package dev.thinkrig.templates;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import freemarker.template.Version;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.UnaryOperator;

/**
 * The one FreeMarker configuration: templates from a user override directory first, then the classpath; renders a
 * template with a data model. Create one per process (it caches parsed templates).
 */
public final class Templates {

    static final Version VERSION = Configuration.VERSION_2_3_35;

    /** Where the shipped templates are on the classpath. */
    static final String CLASSPATH_BASE = "/dev/thinkrig/templates/";

    private final Configuration configuration;

    private Templates(Configuration configuration) {
        this.configuration = configuration;
    }

    /**
     * The shipped templates, with any file of the same name in {@code overrideDirectory} taking precedence (the user's
     * {@code ~/.config/thinkrig/templates/}); a missing directory is simply not consulted.
     */
    public static Templates create(Optional<Path> overrideDirectory) {
        // the FreeMarker manual's settings for new projects ("Create a configuration instance")
        Configuration cfg = new Configuration(VERSION);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        cfg.setSQLDateAndTimeTimeZone(TimeZone.getDefault());
        // numbers as programs read them: 8080, never 8,080 (and no locale decides it)
        cfg.setNumberFormat("computer");
        cfg.setObjectWrapper(new OptionalUnwrapping(VERSION));
        cfg.setTemplateLoader(loader(overrideDirectory));
        cfg.setAutoImports(Map.of("t", "lib.ftl"));
        cfg.setSharedVariable("yamlString", method(Escapes::yamlString));
        cfg.setSharedVariable("yamlKey", method(Escapes::key));
        cfg.setSharedVariable("oneLine", method(Escapes::oneLine));
        cfg.setSharedVariable("htmlComment", method(Escapes::htmlComment));
        cfg.setSharedVariable("shellWord", method(Escapes::shellWord));
        cfg.setSharedVariable("markdown", method(Escapes::markdown));
        cfg.setSharedVariable("envValue", method(Escapes::envValue));
        return new Templates(cfg);
    }

    private static TemplateLoader loader(Optional<Path> overrideDirectory) {
        List<TemplateLoader> loaders = new ArrayList<>();
        if (overrideDirectory.isPresent() && Files.isDirectory(overrideDirectory.get())) {
            try {
                loaders.add(new FileTemplateLoader(overrideDirectory.get().toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read templates from " + overrideDirectory.get(), e);
            }
        }
        loaders.add(new ClassTemplateLoader(Templates.class, CLASSPATH_BASE));
        return new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new));
    }

    /** Renders {@code name} (for example {@code docker-compose.yml.ftl}) with {@code model} as its data. */
    public String render(String name, Map<String, ?> model) {
        try {
            Template template = configuration.getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new RenderException("template " + name + ": " + e.getMessage(), e);
        }
    }

    private static TemplateMethodModelEx method(UnaryOperator<String> f) {
        return arguments -> {
            if (arguments.size() != 1 || !(arguments.get(0) instanceof TemplateScalarModel scalar)) {
                throw new TemplateModelException("expected one string argument, got " + arguments);
            }
            try {
                return f.apply(scalar.getAsString());
            } catch (IllegalArgumentException e) {
                throw new TemplateModelException(e.getMessage(), e);
            }
        };
    }

    /** Java's {@link Optional} as FreeMarker's missing value, so templates test it with {@code ??}. */
    private static final class OptionalUnwrapping extends DefaultObjectWrapper {

        OptionalUnwrapping(Version version) {
            super(version);
        }

        @Override
        protected TemplateModel handleUnknownType(Object obj) throws TemplateModelException {
            if (obj instanceof Optional<?> optional) {
                return optional.isPresent() ? wrap(optional.get()) : null;
            }
            return super.handleUnknownType(obj);
        }
    }
}
