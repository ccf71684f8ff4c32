package io.iamsuite.catalogue;

/** What a role is for; the catalogue checks each role's actions against its kind when it loads. */
public enum RoleKind {
    /** Everything in the workspace: every declared action, present and future ({@code "allActions": true}). */
    OWNER,
    /** Marks membership of the workspace and confers nothing. */
    MEMBERSHIP,
    /** Edits what it applies to (and reads it). */
    ADMIN,
    /** Reads what it applies to and edits part of it. */
    EDITOR,
    /** Only {@code *.read} actions. */
    READ_ONLY
}
