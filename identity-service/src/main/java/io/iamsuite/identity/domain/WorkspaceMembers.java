package io.iamsuite.identity.domain;

import java.util.Set;

/** What the member rules need to know of a workspace: whether it exists and the emails in use (lower case). */
public record WorkspaceMembers(boolean workspaceExists, Set<String> emailsInUse) {
}
