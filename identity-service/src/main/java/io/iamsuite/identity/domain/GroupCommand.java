package io.iamsuite.identity.domain;

import java.util.List;

/** The commands on user groups. Members are named by email, as in Segment's API. */
public sealed interface GroupCommand {
    String workspaceId();

    record Create(String workspaceId, String groupId, String name) implements GroupCommand {
    }

    record Rename(String workspaceId, String groupId, String name) implements GroupCommand {
    }

    record Delete(String workspaceId, String groupId) implements GroupCommand {
    }

    record AddMembers(String workspaceId, String groupId, List<String> emails) implements GroupCommand {
        public AddMembers {
            emails = List.copyOf(emails);
        }
    }

    record RemoveMembers(String workspaceId, String groupId, List<String> emails) implements GroupCommand {
        public RemoveMembers {
            emails = List.copyOf(emails);
        }
    }

    /** The group's members become exactly these. */
    record ReplaceMembers(String workspaceId, String groupId, List<String> emails) implements GroupCommand {
        public ReplaceMembers {
            emails = List.copyOf(emails);
        }
    }
}
