package dev.thinkrig.profiles.store;

import dev.thinkrig.profiles.gguf.GgufWriter;
import dev.thinkrig.profiles.safetensors.SafetensorsModelReaderTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Writes small Ollama stores and Hugging Face caches for tests, laid out as the real tools lay them out. */
public final class StoreWriter {

    private StoreWriter() {}

    /**
     * Writes {@code gguf} as the model blob of {@code manifests/<registry>/<namespace>/<model>/<tag>} under
     * {@code root}, with the other layers a pull leaves (template, params). The digest is the SHA-256 of the name, not
     * of the (sparse, gigabytes) content: thinkrig does not verify blobs.
     *
     * @return the blob
     */
    public static Path ollamaModel(
            Path root, String registry, String namespace, String model, String tag, GgufWriter gguf)
            throws IOException {
        String hex = sha256(registry + "/" + namespace + "/" + model + ":" + tag);
        Path blob = Files.createDirectories(root.resolve("blobs")).resolve("sha256-" + hex);
        gguf.write(blob);
        writeManifest(root, registry, namespace, model, tag, manifest("sha256:" + hex, Files.size(blob)));
        return blob;
    }

    /** A manifest as Ollama writes it (ollama/ollama server/images.go ManifestV2), with the model layer's digest. */
    public static String manifest(String modelDigest, long size) {
        return """
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",\
                "config":{"mediaType":"application/vnd.docker.container.image.v1+json",\
                "digest":"sha256:%s","size":487},\
                "layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"%s","size":%d},\
                {"mediaType":"application/vnd.ollama.image.template","digest":"sha256:%s","size":1615},\
                {"mediaType":"application/vnd.ollama.image.params","digest":"sha256:%s","size":148}]}""".formatted(sha256("config"), modelDigest, size, sha256("template"), sha256("params"));
    }

    /** Writes {@code json} as a manifest file, whatever it holds. */
    public static Path writeManifest(
            Path root, String registry, String namespace, String model, String tag, String json) throws IOException {
        Path dir = Files.createDirectories(
                root.resolve("manifests").resolve(registry).resolve(namespace).resolve(model));
        return Files.writeString(dir.resolve(tag), json);
    }

    /**
     * Writes a checkpoint into the cache as huggingface_hub does: files in {@code blobs/}, the snapshot
     * {@code snapshots/<revision>/} of links to them, and {@code refs/main} naming the revision.
     *
     * @return the snapshot directory
     */
    public static Path huggingFaceRepo(Path root, String repo, String config, List<Object[]> tensors, int shards)
            throws IOException {
        Path repoDir = root.resolve("models--" + repo.replace("/", "--"));
        String revision = sha256(repo).substring(0, 40);
        Path snapshot = repoDir.resolve("snapshots").resolve(revision);
        Path staging = repoDir.resolve("staging");
        SafetensorsModelReaderTest.checkpoint(staging, config, tensors, shards);
        Path blobs = Files.createDirectories(repoDir.resolve("blobs"));
        Files.createDirectories(snapshot);
        try (Stream<Path> files = Files.list(staging)) {
            for (Path f : files.toList()) {
                Path blob = blobs.resolve(sha256(f.getFileName().toString()));
                Files.move(f, blob);
                Files.createSymbolicLink(snapshot.resolve(f.getFileName()), snapshot.relativize(blob));
            }
        }
        Files.delete(staging);
        Files.createDirectories(repoDir.resolve("refs"));
        Files.writeString(repoDir.resolve("refs").resolve("main"), revision);
        return snapshot;
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
