package io.iamsuite.identity.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A workspace resource-service has announced; members can only be added to these. */
@Entity
@Table(name = "workspaces")
public class KnownWorkspace {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;

    public String name;

    public String slug;
}
