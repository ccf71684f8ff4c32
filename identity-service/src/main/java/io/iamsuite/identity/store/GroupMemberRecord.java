package io.iamsuite.identity.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** A user's membership of a group (read in queries; written by {@link GroupRepository#apply}). */
@Entity
@Table(name = "group_members")
@IdClass(GroupMemberRecord.Key.class)
public class GroupMemberRecord {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;

    @Id
    @Column(name = "group_id")
    public String groupId;

    @Id
    @Column(name = "user_id")
    public String userId;

    public static class Key implements Serializable {
        public String workspaceId;
        public String groupId;
        public String userId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(workspaceId, k.workspaceId) && Objects.equals(groupId, k.groupId)
                    && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, groupId, userId);
        }
    }
}
