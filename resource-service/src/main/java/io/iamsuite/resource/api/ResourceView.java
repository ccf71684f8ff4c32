package io.iamsuite.resource.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iamsuite.events.ResourceType;
import io.iamsuite.resource.store.ResourceRepository;

import java.util.List;

/**
 * A resource in Segment's shape for its type, limited to what matters for access: {@code SourceV1}
 * {@code {id, slug, name, workspaceId, labels}}, {@code DestinationV1} {@code {id, name, sourceId}}, {@code WarehouseV1}
 * {@code {id, name, workspaceId}}, {@code Space} {@code {id, slug, name}}, {@code TrackingPlanV1} {@code {id, name, slug}},
 * functions {@code {id, displayName}}. Every type also shows its slug and labels (ours where Segment has none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceView(String id, String name, String displayName, String slug, String workspaceId,
                           String sourceId, List<LabelView> labels) {
    static ResourceView of(ResourceRepository.ResourceRow row, String workspaceId) {
        List<LabelView> labels = row.labels().stream().map(LabelView::of).toList();
        ResourceType type = row.type();
        boolean function = type == ResourceType.FUNCTION;
        return new ResourceView(row.id(), function ? null : row.name(), function ? row.name() : null, row.slug(),
                type == ResourceType.SOURCE || type == ResourceType.WAREHOUSE ? workspaceId : null,
                row.parentSourceId(), labels);
    }
}
