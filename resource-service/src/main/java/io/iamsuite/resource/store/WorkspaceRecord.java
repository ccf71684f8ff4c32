package io.iamsuite.resource.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "workspaces")
public class WorkspaceRecord {
    @Id
    @Column(name = "workspace_id")
    public String workspaceId;

    public String name;

    public String slug;
}
