package io.iamsuite.resource.api;

import io.iamsuite.resource.store.WorkspaceRecord;

/** Segment's workspace shape: {@code {id, name, slug}}. */
public record WorkspaceView(String id, String name, String slug) {
    static WorkspaceView of(WorkspaceRecord record) {
        return new WorkspaceView(record.workspaceId, record.name, record.slug);
    }
}
