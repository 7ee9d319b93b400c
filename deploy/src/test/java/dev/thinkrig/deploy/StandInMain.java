package dev.thinkrig.deploy;

import java.net.InetSocketAddress;

/**
 * The STAND-IN engine as a container's main program, for integration tests only: after a slow start (log lines,
 * nothing listening) it serves the Ollama API on port 11434 of every interface, or, given {@code exit-at-start}, fails
 * the way a GPU engine does when the model does not fit. Given {@code vllm}, it logs a vLLM download and shard load
 * ({@link StandInEngine#DOWNLOAD_LOG}, one line per second) and then serves on vLLM's port 8000. A third argument,
 * {@code host:port} (as Ollama's OLLAMA_HOST), listens there instead: the native deploy's tests run it as
 * {@code ollama serve}. {@code ollama-wrong-answer} and {@code ollama-pull-error} start as {@code ollama} and then answer
 * the smoke test wrongly or refuse the model pull ({@link StandInEngine.Mode}).
 */
public final class StandInMain {

    /** Ollama's port, so the stand-in runs exactly where the deployment expects Ollama. */
    static final int PORT = 11434;

    /** vLLM's port ({@code vllm serve --port}, default 8000). */
    static final int VLLM_PORT = 8000;

    private StandInMain() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "ollama";
        int startSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println("stand-in engine (tests only) starting, mode " + mode);
        for (int i = 1; i <= startSeconds; i++) {
            Thread.sleep(1000);
            System.out.println("loading model " + (i * 100 / startSeconds) + "%");
        }
        if (mode.equals("exit-at-start")) {
            System.err.println("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB");
            System.exit(3);
        }
        if (mode.equals("vllm")) {
            for (String line : StandInEngine.DOWNLOAD_LOG) {
                System.out.println(line);
                Thread.sleep(1000);
            }
            new StandInEngine(new InetSocketAddress("0.0.0.0", VLLM_PORT), System.getenv());
            Thread.currentThread().join();
        }
        InetSocketAddress address = new InetSocketAddress("0.0.0.0", PORT);
        if (args.length > 2) {
            int colon = args[2].lastIndexOf(':');
            address =
                    new InetSocketAddress(args[2].substring(0, colon), Integer.parseInt(args[2].substring(colon + 1)));
        }
        StandInEngine engine = new StandInEngine(address, System.getenv());
        // as the kernel's OOM killer ends a process: at once, exit code 137
        engine.onDeath(() -> Runtime.getRuntime().halt(137));
        // "ollama-wrong-answer", "ollama-pull-error": a healthy start, then the failure the deploy ITs check
        if (mode.startsWith("ollama-")) {
            engine.mode(StandInEngine.Mode.valueOf(mode.substring("ollama-".length())
                    .toUpperCase(java.util.Locale.ROOT)
                    .replace('-', '_')));
        }
        System.out.println("Listening on " + address + " (version 0.32.0-standin)");
        Thread.currentThread().join();
    }
}
