package dev.arena.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds issue, defect and ticket numbers in a file name or a line of text. Names in the code say
 * what a thing does; a number points at a tracker a newcomer cannot read and that outlives nobody.
 * URLs are left alone (a link to another project's issue is a citation, not a name of ours).
 */
final class TicketNumbers {

    /** A class or file named after a ticket: the word followed by its number (samples in NoTicketNumbersTest). */
    private static final Pattern NAME = Pattern.compile("(Issue|Defect|Ticket)\\d+");

    /**
     * In text: "issue", "defect" or "ticket" (any case, optionally plural) then a number, with or
     * without a space or {@code #} between; the same run together inside an identifier; and "part N"
     * only when it is a part of one of those ("part N of the ticket"). Samples: NoTicketNumbersTest.
     */
    private static final Pattern TEXT = Pattern.compile("(?i:\\b(?:issue|defect|ticket)s?\\s*#?\\s*\\d+)"
            + "|(?:Issue|Defect|Ticket)\\d+"
            + "|(?i:\\bparts?\\s*\\d+\\s*,?\\s*of\\s+(?:the\\s+|this\\s+|that\\s+)?(?:issue|defect|ticket)\\b)");

    private static final Pattern URL = Pattern.compile("\\b[a-z][a-z0-9+.-]*://\\S+");

    private TicketNumbers() {}

    /** True when a file name (not a path) carries a ticket number. */
    static boolean inFileName(String fileName) {
        return NAME.matcher(fileName).find();
    }

    /** Every ticket reference in one line of text, in order; empty when there is none. */
    static List<String> inLine(String line) {
        String withoutUrls = URL.matcher(line).replaceAll(" ");
        List<String> found = new ArrayList<>();
        Matcher m = TEXT.matcher(withoutUrls);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
