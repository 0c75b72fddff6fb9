package dev.arena.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owner-only files: a file Arena creates is 0600 and a directory it creates is 0700, both set by the
 * creating call itself (not a chmod afterwards). An existing file that others can read is tightened to
 * 0600 with a warning (docs/decisions.md, "Private files"); existing directories are left as they are,
 * since they may be shared. On a file system without POSIX modes these are plain creates.
 */
public final class PrivateFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFiles.class);

    /** rw------- */
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    /** rwx------ */
    public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /** Creates {@code file}'s missing parent directories, each 0700. */
    public static void createParentDirectories(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            createDirectories(parent);
        }
    }

    /** Creates {@code dir} and its missing ancestors, each new one 0700; existing ones are untouched. */
    public static void createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = dir.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path p = missing.pop();
            try {
                if (posix()) {
                    Files.createDirectory(p, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
                } else {
                    Files.createDirectory(p);
                }
            } catch (FileAlreadyExistsException raced) {
                if (!Files.isDirectory(p)) {
                    throw raced;
                }
            }
        }
    }

    /**
     * Appends {@code bytes} in one write, creating the file 0600 (and its directories 0700) when it is
     * missing. An existing file that others can read is tightened first (see the class comment).
     */
    public static void append(Path file, byte[] bytes) throws IOException {
        createParentDirectories(file);
        tightenExisting(file);
        try (SeekableByteChannel ch = Files.newByteChannel(
                file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                fileAttributes())) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    /**
     * Replaces {@code file}'s content with {@code bytes} atomically, 0600: they go to a temp file in the same
     * directory (created 0600, missing directories 0700), forced to disk, then moved over {@code file} with
     * ATOMIC_MOVE — a reader, or a crash, sees the old file or the new one, never half, and never a moment of a
     * wider mode. The temp file is removed on failure.
     *
     * @throws IOException when the directory cannot be written or the file system cannot move atomically
     */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        createParentDirectories(abs);
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + "-", ".tmp", fileAttributes());
        try {
            try (FileChannel ch =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
            if (posix()) {
                Files.setPosixFilePermissions(abs, FILE_MODE);
            }
        } finally {
            if (tmp != null) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Creates {@code file} empty and 0600 unless it exists; an existing one is tightened. */
    public static void createFile(Path file) throws IOException {
        createParentDirectories(file);
        try {
            Files.createFile(file, fileAttributes());
        } catch (FileAlreadyExistsException exists) {
            tightenExisting(file);
        }
    }

    /**
     * Sets an existing file that group or others may access to 0600 and says whether it did; a file
     * that is missing or already private is left alone. Failing to change it (another owner) is
     * logged as a warning, not thrown: the file keeps working.
     */
    public static boolean tighten(Path file) {
        if (!posix() || !Files.isRegularFile(file)) {
            return false;
        }
        try {
            if (Files.getPosixFilePermissions(file).stream().noneMatch(GROUP_OR_OTHER::contains)) {
                return false;
            }
            Files.setPosixFilePermissions(file, FILE_MODE);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.warn(
                    "{} is readable by other users and its mode could not be changed: {} (chmod 600 it)",
                    file,
                    e.getMessage());
            return false;
        }
    }

    /** {@link #tighten} an existing file, with a warning when it was open to others (an upgrade from 0644). */
    public static void tightenExisting(Path file) {
        if (tighten(file)) {
            LOG.warn("{} was readable by other users; its mode is now rw------- (0600)", file);
        }
    }

    /** True when {@code dir} exists and group or others may enter or read it. */
    public static boolean isOpenToOthers(Path dir) {
        if (!posix() || !Files.isDirectory(dir)) {
            return false;
        }
        try {
            return Files.getPosixFilePermissions(dir).stream().anyMatch(GROUP_OR_OTHER::contains);
        } catch (IOException e) {
            return false;
        }
    }

    private static FileAttribute<?>[] fileAttributes() {
        return posix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
