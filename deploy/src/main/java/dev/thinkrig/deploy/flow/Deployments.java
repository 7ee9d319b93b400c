package dev.thinkrig.deploy.flow;

import dev.thinkrig.deploy.docker.ContainerEngine;
import dev.thinkrig.deploy.docker.ContainerEngine.ContainerSpec;
import dev.thinkrig.deploy.docker.ContainerEngine.GpuRequest;
import dev.thinkrig.deploy.docker.ContainerEngine.Mount;
import dev.thinkrig.deploy.docker.ContainerEngine.PortBinding;
import dev.thinkrig.sizing.engine.Engine;
import dev.thinkrig.templates.compose.ComposeFile;
import dev.thinkrig.templates.compose.ComposeModel;
import dev.thinkrig.templates.compose.Service;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the engine service of a {@link ComposeModel} (what {@code thinkrig compose} writes) into a {@link Deployment}:
 * the same image, settings, ports, volumes and GPU request, with {@code ${VAR}} references filled from the environment.
 */
public final class Deployments {

    /** Compose's interpolation forms: {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR:?message}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?}");

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)b?", Pattern.CASE_INSENSITIVE);

    /** Variables whose values are credentials: they may be passed to a container, never printed or labelled. */
    static final Set<String> SECRET_NAMES = Set.of("HF_TOKEN", "NGC_API_KEY", "VLLM_API_KEY");

    /** Secret values shorter than this are not replaced: "1" or "ab" would mangle every log line. */
    static final int MIN_SECRET_LENGTH = 4;

    /**
     * {@code text} with the value of every secret variable set in {@code env} ({@code HF_TOKEN}, {@code NGC_API_KEY},
     * {@code VLLM_API_KEY}) replaced by {@code ***}: what {@code logs} applies to an engine's log lines.
     */
    public static String redact(String text, Map<String, String> env) {
        String out = text;
        for (String name : SECRET_NAMES) {
            String v = env.get(name);
            if (v != null && v.length() >= MIN_SECRET_LENGTH) {
                out = out.replace(v, "***");
            }
        }
        return out;
    }

    /** NVIDIA's registry, where NIM images live. */
    static final String NGC_REGISTRY = "nvcr.io";

    /**
     * nvcr.io takes the literal user name {@code $oauthtoken} with the NGC API key as the password
     * (https://docs.nvidia.com/nim/speech/latest/get-started/ngc-access-setup.html, "Docker Login to NGC").
     */
    static final String NGC_USERNAME = "$oauthtoken";

    private Deployments() {}

    /**
     * The credentials to pull {@code image} with: for {@code nvcr.io/...}, user {@code $oauthtoken} and NGC_API_KEY from
     * {@code env} (missing: {@code MISSING_SETTING}, before anything is pulled); for other registries the engine's own.
     */
    static Optional<ContainerEngine.RegistryLogin> registryLogin(String image, Map<String, String> env) {
        if (!image.startsWith(NGC_REGISTRY + "/")) {
            return Optional.empty();
        }
        String key = env.get("NGC_API_KEY");
        if (key == null || key.isBlank()) {
            throw new DeployException(
                    DeployException.Kind.MISSING_SETTING,
                    "pulling " + image + " needs NGC_API_KEY: export it in your shell before 'thinkrig deploy'"
                            + " (thinkrig sends it to nvcr.io as the password of user " + NGC_USERNAME
                            + " for this pull only, and never writes it anywhere)",
                    null);
        }
        return Optional.of(new ContainerEngine.RegistryLogin(NGC_REGISTRY, NGC_USERNAME, key));
    }

    /**
     * The deployment of {@code model}'s first service (the engine; the Ollama pull service and Open WebUI are not run:
     * thinkrig pulls the model through the API itself).
     *
     * @param name the deployment name ({@code thinkrig-<model id>})
     * @param image the image to run instead of the planned one, where given (a mirror)
     * @param hostPort the port to publish on instead of the planned one, where given
     */
    public static Deployment from(
            ComposeModel model,
            Engine engine,
            String name,
            Map<String, String> env,
            Optional<String> image,
            Optional<Integer> hostPort) {
        ComposeFile compose = model.compose()
                .orElseThrow(() -> new DeployException(
                        DeployException.Kind.FAILED,
                        "this plan runs natively, not in a container: use 'thinkrig compose' and its start script",
                        null));
        Service engineService = compose.services().get(0);
        Map<String, String> environment = new LinkedHashMap<>();
        Set<String> secrets = new LinkedHashSet<>();
        for (Service.EnvVar v : engineService.environment()) {
            String value = interpolate(v.value(), env, secrets);
            if (SECRET_NAMES.contains(v.name())) {
                secrets.add(v.name());
            }
            if (!value.isEmpty() || !SECRET_NAMES.contains(v.name())) {
                environment.put(v.name(), value);
            }
        }
        List<String> command = new ArrayList<>();
        for (Service.Arg a : engineService.command()) {
            command.add(interpolate(a.value(), env, secrets));
        }
        List<PortBinding> ports = new ArrayList<>();
        for (String p : engineService.ports()) {
            PortBinding b = port(p);
            ports.add(hostPort.map(h -> new PortBinding(b.hostIp(), h, b.containerPort()))
                    .orElse(b));
        }
        if (ports.isEmpty()) {
            throw new DeployException(
                    DeployException.Kind.FAILED, "the engine service publishes no port: nothing to check", null);
        }
        List<Mount> mounts = new ArrayList<>();
        List<String> volumes = new ArrayList<>();
        for (String v : engineService.volumes()) {
            int colon = v.lastIndexOf(':');
            String source = interpolate(v.substring(0, colon), env, secrets);
            String target = v.substring(colon + 1);
            if (!source.contains("/")) {
                source = name + "_" + source; // Compose's own naming: project_volume
                volumes.add(source);
            }
            mounts.add(new Mount(source, target));
        }
        Optional<GpuRequest> gpus =
                engineService.gpu().map(g -> new GpuRequest(g.count().orElse(0), g.deviceIds()));
        ContainerSpec spec = new ContainerSpec(
                name + "-" + engineService.name(),
                image.orElse(engineService.image()),
                engineService.entrypoint(),
                command,
                environment,
                ports,
                mounts,
                engineService.devices(),
                gpus,
                engineService.ipc(),
                engineService.shmSize().map(Deployments::bytes),
                Map.of(ContainerEngine.DEPLOYMENT_LABEL, name));
        PortBinding first = ports.get(0);
        String host = first.hostIp().equals("0.0.0.0") || first.hostIp().isEmpty()
                ? "127.0.0.1"
                : first.hostIp().equals("::")
                        ? "[::1]"
                        : first.hostIp().contains(":") ? "[" + first.hostIp() + "]" : first.hostIp();
        URI endpoint = URI.create("http://" + host + ":" + first.hostPort());
        Optional<String> apiKey = Optional.empty();
        if (engine == Engine.VLLM && spec.env().containsKey("VLLM_API_KEY")) {
            apiKey = Optional.ofNullable(env.get("VLLM_API_KEY"));
        }
        Optional<ContainerEngine.RegistryLogin> login = registryLogin(spec.image(), env);
        if (login.isPresent()) {
            secrets.add("NGC_API_KEY");
        }
        return new Deployment(
                name,
                engine,
                spec,
                volumes,
                endpoint,
                modelName(compose, engine, environment),
                apiKey,
                List.copyOf(secrets),
                login,
                0);
    }

    /** The model clients ask for: the Ollama tag the pull service pulls, vLLM's served name, NIM's served name. */
    static Optional<String> modelName(ComposeFile compose, Engine engine, Map<String, String> environment) {
        Service engineService = compose.services().get(0);
        switch (engine) {
            case OLLAMA -> {
                for (Service s : compose.services()) {
                    List<Service.Arg> args = s.command();
                    if (args.size() == 2 && args.get(0).value().equals("pull")) {
                        return Optional.of(args.get(1).value().replace("$$", "$"));
                    }
                }
                return Optional.empty();
            }
            case VLLM -> {
                for (Service.Arg a : engineService.command()) {
                    if (a.value().startsWith("--served-model-name=")) {
                        return Optional.of(a.value()
                                .substring("--served-model-name=".length())
                                .replace("$$", "$"));
                    }
                }
                return Optional.empty();
            }
            default -> {
                return Optional.ofNullable(environment.get("NIM_SERVED_MODEL_NAME"));
            }
        }
    }

    /** Fills Compose's {@code ${VAR}} forms from {@code env}; {@code $$} is a literal dollar. */
    static String interpolate(String text, Map<String, String> env, Set<String> secretsSeen) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("$$", i)) {
                out.append('$');
                i += 2;
                continue;
            }
            Matcher m = VARIABLE.matcher(text);
            if (text.charAt(i) == '$' && m.find(i) && m.start() == i) {
                String variable = m.group(1);
                String value = env.get(variable);
                if (SECRET_NAMES.contains(variable)) {
                    secretsSeen.add(variable);
                }
                if (value == null || value.isEmpty()) {
                    if ("?".equals(m.group(2))) {
                        throw new DeployException(
                                DeployException.Kind.MISSING_SETTING,
                                "this deployment needs " + variable + ": export it in your shell before 'thinkrig"
                                        + " deploy' (it is passed to the container and never written anywhere)",
                                null);
                    }
                    value = m.group(3) == null ? "" : m.group(3);
                }
                out.append(value);
                i = m.end();
                continue;
            }
            out.append(text.charAt(i));
            i++;
        }
        return out.toString();
    }

    /** A short-syntax port, {@code 127.0.0.1:11434:11434} or {@code [::1]:8000:8000}. */
    static PortBinding port(String spec) {
        int last = spec.lastIndexOf(':');
        int target = Integer.parseInt(spec.substring(last + 1));
        String rest = spec.substring(0, last);
        int hostColon = rest.lastIndexOf(':');
        String ip = hostColon < 0 ? "0.0.0.0" : rest.substring(0, hostColon);
        int published = Integer.parseInt(hostColon < 0 ? rest : rest.substring(hostColon + 1));
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        return new PortBinding(ip, published, target);
    }

    /** Compose's size strings ({@code 16gb}) in bytes. */
    static long bytes(String size) {
        Matcher m = SIZE.matcher(size.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + size);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            default -> n;
        };
    }
}
