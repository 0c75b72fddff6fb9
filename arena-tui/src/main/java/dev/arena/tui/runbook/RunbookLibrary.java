package dev.arena.tui.runbook;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The operator runbooks bundled on the classpath under {@code /runbooks/*.md} (packaged from the
 * repository's {@code runbooks/} folder), found whether the console runs from the jar or from
 * classes, and chosen for what the operator has selected.
 */
public final class RunbookLibrary {

    private static final String DIR = "runbooks";

    private final ClassLoader loader;

    public RunbookLibrary(ClassLoader loader) {
        this.loader = loader;
    }

    public static RunbookLibrary bundled() {
        return new RunbookLibrary(RunbookLibrary.class.getClassLoader());
    }

    /**
     * Runbook file names ({@code stuck-fork.md}, …), sorted; empty when none is bundled.
     *
     * @throws IOException when the bundled runbooks cannot be listed (a damaged jar, say)
     */
    public List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        try {
            Enumeration<URL> dirs = loader.getResources(DIR);
            while (dirs.hasMoreElements()) {
                URL url = dirs.nextElement();
                if ("file".equals(url.getProtocol())) {
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(url.toURI()), "*.md")) {
                        ds.forEach(p -> out.add(p.getFileName().toString()));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    JarURLConnection c = (JarURLConnection) url.openConnection();
                    c.setUseCaches(false);
                    try (JarFile jar = c.getJarFile()) {
                        for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                            String n = e.nextElement().getName();
                            if (n.startsWith(DIR + "/") && n.endsWith(".md") && n.indexOf('/', DIR.length() + 1) < 0) {
                                out.add(n.substring(DIR.length() + 1));
                            }
                        }
                    }
                }
            }
        } catch (URISyntaxException e) {
            throw new IOException("cannot list the bundled runbooks: " + e.getMessage(), e);
        }
        List<String> sorted = new ArrayList<>(new TreeSet<>(out));
        return Collections.unmodifiableList(sorted);
    }

    /**
     * The Markdown text of one runbook, or empty when it is not bundled.
     *
     * @throws IOException naming the runbook when it is bundled but cannot be read
     */
    public Optional<String> read(String name) throws IOException {
        if (name.contains("/") || name.contains("..")) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(DIR + "/" + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException("runbook " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The runbook for a context: the first name containing one of {@code keywords} (in order), or
     * empty to let the operator pick from the list.
     */
    public Optional<String> pick(List<String> keywords) throws IOException {
        List<String> names = names();
        for (String k : keywords) {
            for (String n : names) {
                if (n.toLowerCase(Locale.ROOT).contains(k)) {
                    return Optional.of(n);
                }
            }
        }
        return Optional.empty();
    }
}
