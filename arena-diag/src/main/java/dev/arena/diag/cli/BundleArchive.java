package dev.arena.diag.cli;

import dev.arena.config.Secrets;
import dev.arena.diag.bundle.BundlePart;
import dev.arena.files.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the parts of a bug bundle as one zip (the JDK's, no extra dependency) with {@code manifest.json}
 * first: what each file holds and its size, and what could not be collected and why. Every file's text is
 * scrubbed of the given secrets before it enters the archive, whatever its source already masked. The archive
 * is written 0600 and atomically ({@link PrivateFiles#writeAtomically}): nobody sees a half-written bundle.
 */
final class BundleArchive {

    /** One file as it went into the archive. */
    record Written(String name, String what, long bytes) {}

    /** One part that is not in the archive. */
    record Missing(String name, String what, String why) {}

    /** What {@link #write} wrote. */
    record Result(Path file, long bytes, List<Written> files, List<Missing> missing) {}

    private BundleArchive() {}

    /**
     * @param folder  the folder every entry sits in, e.g. {@code arena-bundle-3f2b8c1e-20261122T064621Z}
     * @param header  fields the manifest starts with (run id, created, window …)
     * @param secrets values that must not appear in any file (the Redis password, the admin token)
     */
    static Result write(
            Path file, String folder, Map<String, Object> header, List<BundlePart> parts, List<String> secrets)
            throws IOException {
        List<Written> written = new ArrayList<>();
        List<Missing> missing = new ArrayList<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (BundlePart p : parts) {
            if (!p.collected()) {
                missing.add(new Missing(p.name(), p.what(), scrub(p.missing(), secrets)));
                continue;
            }
            String text = p.content() instanceof String s ? s : JsonOutput.writePretty(p.content());
            byte[] bytes = scrub(text, secrets).getBytes(StandardCharsets.UTF_8);
            files.put(p.name(), bytes);
            written.add(new Written(p.name(), p.what(), bytes.length));
        }
        Map<String, Object> manifest = new LinkedHashMap<>(header);
        manifest.put("files", written);
        manifest.put("missing", missing);
        byte[] manifestBytes = scrub(JsonOutput.writePretty(manifest), secrets).getBytes(StandardCharsets.UTF_8);

        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped, StandardCharsets.UTF_8)) {
            zip.setComment("arena diag bundle: see manifest.json");
            put(zip, folder + "/manifest.json", manifestBytes);
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                put(zip, folder + "/" + e.getKey(), e.getValue());
            }
        }
        byte[] archive = zipped.toByteArray();
        PrivateFiles.writeAtomically(file, archive);
        List<Written> all = new ArrayList<>();
        all.add(new Written(
                "manifest.json",
                "this list: what each file is, and what could not be collected and why",
                manifestBytes.length));
        all.addAll(written);
        return new Result(file, archive.length, all, missing);
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(Instant.now().toEpochMilli());
        zip.putNextEntry(entry);
        zip.write(bytes);
        zip.closeEntry();
    }

    private static String scrub(String text, List<String> secrets) {
        return Secrets.scrub(text, secrets.toArray(String[]::new));
    }
}
