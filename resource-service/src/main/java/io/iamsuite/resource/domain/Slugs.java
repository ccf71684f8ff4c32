package io.iamsuite.resource.domain;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** Slugs: 1-64 lower-case ASCII letters, digits and inner hyphens; derived from a name when none is given. */
public final class Slugs {
    public static final String PATTERN = "[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?";
    public static final String RULE = "must be 1-64 lower-case letters, digits or inner hyphens";

    private Slugs() {
    }

    /** The name, lower-cased, accents stripped, other characters as hyphens; the first free one of x, x-2, x-3 ... */
    public static String derive(String name, Set<String> taken) {
        String base = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.isEmpty()) {
            base = "resource";
        }
        base = trim(base, 64);
        String slug = base;
        for (int n = 2; taken.contains(slug); n++) {
            String suffix = "-" + n;
            slug = trim(base, 64 - suffix.length()) + suffix;
        }
        return slug;
    }

    private static String trim(String slug, int max) {
        String cut = slug.length() > max ? slug.substring(0, max) : slug;
        return cut.replaceAll("-+$", "");
    }
}
