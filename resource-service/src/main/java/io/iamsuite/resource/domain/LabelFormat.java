package io.iamsuite.resource.domain;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.LabelRef;

import java.util.regex.Pattern;

/**
 * A label's key and value each start with an ASCII letter and hold only ASCII letters, digits and hyphens, at
 * most {@value #MAX_LENGTH} characters. Comparison is exact (case-sensitive).
 */
public final class LabelFormat {
    public static final int MAX_LENGTH = 255;
    public static final String RULE = "must start with a letter and hold only letters, digits and hyphens (1-"
            + MAX_LENGTH + " characters)";
    private static final Pattern PART = Pattern.compile("[A-Za-z][A-Za-z0-9-]{0," + (MAX_LENGTH - 1) + "}");

    private LabelFormat() {
    }

    public static boolean valid(String part) {
        return part != null && PART.matcher(part).matches();
    }

    /** @param field the input holding the label, e.g. {@code label} or {@code labels[2]} */
    public static void check(String field, LabelRef label) {
        if (!valid(label.key())) {
            throw new DomainException(DomainException.Kind.INVALID, field + ".key", "The label key " + RULE);
        }
        if (!valid(label.value())) {
            throw new DomainException(DomainException.Kind.INVALID, field + ".value", "The label value " + RULE);
        }
    }
}
