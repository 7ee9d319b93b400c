package dev.thinkrig.profiles;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads thinkrig's YAML data files strictly: unknown keys and missing values are errors with a position. */
public final class YamlFiles {

    // a key given twice is an error, not "the last one wins" (issue 13); a fraction is not silently cut to a count
    private static final ObjectMapper MAPPER = new ObjectMapper(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** Jackson's "Duplicate field 'id'". */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) '(.*)'");

    /** Jackson's "Numeric value (100000000000) out of range of int (-2147483648 - 2147483647)". */
    private static final Pattern OUT_OF_RANGE =
            Pattern.compile("Numeric value \\((.*)\\) out of range of (\\w+).*", Pattern.DOTALL);

    /** A message of ours that starts with the key it concerns: {@code accelerator.memory: 24564 has no unit}. */
    private static final Pattern LEADING_KEY =
            Pattern.compile("([A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z][A-Za-z0-9_]*)*)(?::| must ).*", Pattern.DOTALL);

    private YamlFiles() {}

    /** Parses {@code in} as {@code type}; {@code name} is how errors refer to the file. */
    public static <T> T read(InputStream in, String name, Class<T> type) {
        String text;
        try (in) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new ProfileException(name, 0, 0, "larger than " + MAX_FILE_BYTES + " bytes", null);
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException(name, 0, 0, "cannot read: " + e.getMessage(), e);
        }
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw new ProfileException(name, 0, 0, "the file is empty", null);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw located(name, text, e);
        }
    }

    /** A catalog or preset file is a page of YAML; anything this large is not one. */
    static final int MAX_FILE_BYTES = 1 << 20;

    public static <T> T read(Path file, Class<T> type) {
        try {
            return read(Files.newInputStream(file), file.toString(), type);
        } catch (IOException e) {
            throw new ProfileException(file.toString(), 0, 0, "cannot read: " + e.getMessage(), e);
        }
    }

    private static ProfileException located(String name, String text, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : at.getLineNr();
        int column = at == null ? 0 : at.getColumnNr();
        String path = e instanceof JsonMappingException m ? path(m) : "";
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        Matcher duplicate = DUPLICATE.matcher(original);
        Matcher range = OUT_OF_RANGE.matcher(original);
        String message;
        String key = null;
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown field '" + u.getPropertyName() + "'";
            // Jackson buffers record properties, so its location is the end of the section; point at the key
            key = u.getPropertyName();
        } else if (duplicate.find()) {
            // the parser's location is the second occurrence
            message = "duplicate key '" + duplicate.group(1) + "'";
        } else if (range.matches()) {
            message = prefixed(path, range.group(1) + " is too large a number");
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Object value = e instanceof InvalidFormatException f ? f.getValue() : null;
            message = (path.isEmpty() ? "the file" : path) + " must be " + expected(mismatch.getTargetType())
                    + (value == null ? "" : ", was " + (value instanceof String ? "'" + value + "'" : value));
        } else if (e instanceof JsonMappingException m && m.getCause() != null && m.getCause() != e) {
            message = rootMessage(m.getCause());
            Matcher leading = LEADING_KEY.matcher(message);
            if (leading.matches()) {
                // our own message names the key (accelerator.memory: ...): point at it, without the section again
                key = leading.group(1);
            } else {
                message = prefixed(path, message);
            }
        } else {
            message = prefixed(path, original);
        }
        if (key != null) {
            int[] position = keyPosition(text, key);
            if (position != null) {
                line = position[0];
                column = position[1];
            }
        }
        return new ProfileException(name, line, column, message, e);
    }

    private static String prefixed(String path, String message) {
        return path.isEmpty() ? message : path + ": " + message;
    }

    /** What a value of {@code type} looks like in the file, for people rather than Java. */
    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        } else if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        } else if (type == String.class) {
            return "a single value";
        } else if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a section of key: value lines";
    }

    /**
     * The line and column of a key such as {@code accelerator.memory}: each part searched for after the previous one,
     * as an indented {@code key:} (or {@code - key:}) line; null when not found.
     */
    static int[] keyPosition(String text, String dottedKey) {
        int from = 0;
        Matcher key = null;
        for (String part : dottedKey.split("\\.")) {
            key = Pattern.compile("(?m)^([ \\t]*(?:-[ \\t]+)?)" + Pattern.quote(part) + "[ \\t]*:")
                    .matcher(text);
            if (!key.find(from)) {
                return null;
            }
            from = key.end();
        }
        int line = (int) text.substring(0, key.start())
                        .chars()
                        .filter(c -> c == '\n')
                        .count()
                + 1;
        return new int[] {line, key.group(1).length() + 1};
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof ArithmeticException) {
            // DataSize and friends compute exactly; "long overflow" means a number far too large for its field
            return "a number in this section is far too large";
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private static String path(JsonMappingException m) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                s.append(s.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    /**
     * The {@code .yaml} files directly under a classpath directory, whether the classes run from directories (tests,
     * where a package of the same name may exist in several) or from the fat jar.
     */
    public static List<String> listClasspathDirectory(String directory) {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> urls = YamlFiles.class.getClassLoader().getResources(directory);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("jar".equals(url.getProtocol())) {
                    listJar(url, directory, names);
                } else {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(url.toURI()), "*.yaml")) {
                        files.forEach(f -> names.add(f.getFileName().toString()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list " + directory, e);
        }
        return List.copyOf(names);
    }

    private static void listJar(URL url, String directory, TreeSet<String> names)
            throws IOException, URISyntaxException {
        String path = url.getPath();
        URI jarUri = new URI(path.substring(0, path.indexOf('!')));
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        try (JarFile jar = new JarFile(Path.of(jarUri).toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String entry = entries.nextElement().getName();
                if (entry.startsWith(prefix) && entry.endsWith(".yaml") && entry.indexOf('/', prefix.length()) < 0) {
                    names.add(entry.substring(prefix.length()));
                }
            }
        }
    }

    /** The {@code .yaml} files in a user directory, or none when it does not exist. */
    public static List<Path> listDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.yaml")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        files.sort(null);
        return files;
    }
}
