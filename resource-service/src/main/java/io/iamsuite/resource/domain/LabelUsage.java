package io.iamsuite.resource.domain;

import io.iamsuite.events.LabelRef;

/**
 * One label in one label-scoped grant of a subject of identity-service or token-service. {@code subjectType} is
 * {@code USER}, {@code GROUP}, {@code TOKEN} or {@code INVITE} (the grants a pending invite will give);
 * {@code grantKey} identifies the grant as it was issued (see {@link PermissionLabels#grantKey}).
 */
public record LabelUsage(String subjectType, String subjectId, String grantKey, LabelRef label) {
    /** {@code user usr_1}, {@code group grp_2} ... */
    public String subject() {
        return subjectType.toLowerCase(java.util.Locale.ROOT) + " " + subjectId;
    }
}
