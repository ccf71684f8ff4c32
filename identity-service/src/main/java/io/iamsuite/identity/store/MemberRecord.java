package io.iamsuite.identity.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import io.iamsuite.events.MemberRole;

import java.io.Serializable;
import java.util.Objects;

/** A member of a workspace as the state table holds it. */
@Entity
@Table(name = "members")
@IdClass(MemberRecord.Key.class)
public class MemberRecord {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;

    @Id
    @Column(name = "user_id")
    public String userId;

    public String email;

    @Column(name = "email_lower")
    public String emailLower;

    public String name;

    @Enumerated(EnumType.STRING)
    public MemberRole role;

    /** The version of the member's stream this row reflects. */
    public long version;

    public static class Key implements Serializable {
        public String workspaceId;
        public String userId;

        public Key() {
        }

        public Key(String workspaceId, String userId) {
            this.workspaceId = workspaceId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(workspaceId, k.workspaceId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(workspaceId, userId);
        }
    }
}
