package io.iamsuite.eventstore;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The last position of a workspace in this service's log (see {@link EventStore#lockWorkspace}). */
@Entity
@Table(name = "workspace_head")
public class WorkspaceHead {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;

    public long position;
}
