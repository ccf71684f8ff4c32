package io.iamsuite.catalogue;

/** Whose role it is: one of Segment's, or one this suite adds. */
public enum RoleOrigin {
    SEGMENT,
    IAM_SUITE
}
