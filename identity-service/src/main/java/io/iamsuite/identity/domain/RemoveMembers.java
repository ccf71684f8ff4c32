package io.iamsuite.identity.domain;

import java.util.List;

/** Remove users from a workspace (Segment's deleteUsers); all or none. */
public record RemoveMembers(String workspaceId, List<String> userIds) {
    public RemoveMembers {
        userIds = List.copyOf(userIds);
    }
}
