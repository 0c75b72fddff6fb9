package dev.arena.diag.bundle;

import java.util.Objects;

/**
 * One file of a bug bundle, or the record of why it could not be collected.
 *
 * @param name    file name inside the archive, e.g. {@code run.json}
 * @param what    what the file holds, for the manifest
 * @param content a value written as JSON, a {@link String} written as text, or null when missing
 * @param missing why it could not be collected (the source unreachable, nothing to collect), or null
 */
public record BundlePart(String name, String what, Object content, String missing) {

    public BundlePart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(what, "what");
        if ((content == null) == (missing == null)) {
            throw new IllegalArgumentException("a bundle part has either content or the reason it is missing: " + name);
        }
    }

    static BundlePart of(String name, String what, Object content) {
        return new BundlePart(name, what, content, null);
    }

    static BundlePart missing(String name, String what, String why) {
        return new BundlePart(name, what, null, why);
    }

    /** True when the part was collected. */
    public boolean collected() {
        return content != null;
    }
}
