package io.iamsuite.identity.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.Objects;

/** A user group as the state table holds it. */
@Entity
@Table(name = "user_groups")
@IdClass(GroupRecord.Key.class)
public class GroupRecord {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;

    @Id
    @Column(name = "group_id")
    public String groupId;

    public String name;

    @Column(name = "name_lower")
    public String nameLower;

    /** The version of the group's stream this row reflects. */
    public long version;

    public static class Key implements Serializable {
        public String workspaceId;
        public String groupId;

        public Key() {
        }

        public Key(String workspaceId, String groupId) {
            this.workspaceId = workspaceId;
            this.groupId = groupId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(workspaceId, k.workspaceId) && Objects.equals(groupId, k.groupId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, groupId);
        }
    }
}
