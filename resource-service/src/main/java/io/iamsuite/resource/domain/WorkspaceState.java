package io.iamsuite.resource.domain;

import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A workspace as the resource and label rules see it: its labels, its resources with their labels and
 * connections, and the labels other services' permissions use.
 */
public record WorkspaceState(String workspaceId, boolean exists, String name, String slug,
                             Map<LabelRef, String> labels, Map<String, Resource> resources, Set<LabelUsage> usages) {

    /** One resource. {@code connectedSourceIds}: a warehouse's or tracking plan's sources. {@code labels}: key to value. */
    public record Resource(ResourceRef ref, String name, String slug, String parentSourceId,
                           Set<String> connectedSourceIds, Map<String, String> labels) {
        public Resource {
            connectedSourceIds = Set.copyOf(connectedSourceIds);
            labels = Map.copyOf(labels);
        }

        public boolean carries(LabelRef label) {
            return label.value().equals(labels.get(label.key()));
        }

        Resource withLabels(Map<String, String> next) {
            return new Resource(ref, name, slug, parentSourceId, connectedSourceIds, next);
        }

        Resource withConnected(Set<String> next) {
            return new Resource(ref, name, slug, parentSourceId, next, labels);
        }
    }

    public WorkspaceState {
        // A label's description may be null: no Map.copyOf here.
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        resources = Map.copyOf(resources);
        usages = Set.copyOf(usages);
    }

    public static WorkspaceState empty(String workspaceId) {
        return new WorkspaceState(workspaceId, false, null, null, Map.of(), Map.of(), Set.of());
    }

    /** The resource with this id, if it exists and is of {@code type}. */
    public Optional<Resource> resource(ResourceRef ref) {
        Resource found = resources.get(ref.id());
        return found != null && found.ref().type() == ref.type() ? Optional.of(found) : Optional.empty();
    }

    public boolean slugTaken(ResourceType type, String slug, String exceptId) {
        return resources.values().stream().anyMatch(r -> r.ref().type() == type && r.slug().equals(slug)
                && !r.ref().id().equals(exceptId));
    }

    public Set<String> slugs(ResourceType type) {
        return resources.values().stream().filter(r -> r.ref().type() == type).map(Resource::slug)
                .collect(Collectors.toSet());
    }

    /** The tracking plan a source is connected to, if any (a source has at most one). */
    public Optional<Resource> trackingPlanOf(String sourceId) {
        return resources.values().stream().filter(r -> r.ref().type() == ResourceType.TRACKING_PLAN
                && r.connectedSourceIds().contains(sourceId)).findFirst();
    }

    public List<Resource> carrying(LabelRef label) {
        return resources.values().stream().filter(r -> r.carries(label))
                .sorted(java.util.Comparator.comparing((Resource r) -> r.ref().type()).thenComparing(r -> r.ref().id()))
                .toList();
    }

    public List<LabelUsage> usagesOf(LabelRef label) {
        return usages.stream().filter(u -> u.label().equals(label))
                .sorted(java.util.Comparator.comparing(LabelUsage::subjectType).thenComparing(LabelUsage::subjectId))
                .toList();
    }

    /** The state after {@code event}: resource-service's own events and other services' grant events. */
    public WorkspaceState evolve(DomainEvent event) {
        if (event instanceof ResourceEvent resourceEvent) {
            return evolve(resourceEvent);
        }
        return PermissionLabels.changeOf(event).map(this::withUsageChange).orElse(this);
    }

    private WorkspaceState withUsageChange(PermissionLabels.Change change) {
        Set<LabelUsage> next = new HashSet<>(usages);
        next.removeIf(u -> u.subjectType().equals(change.subjectType()) && u.subjectId().equals(change.subjectId())
                && (change.clearSubject() || u.grantKey().equals(change.revokedGrant())));
        next.addAll(change.added());
        return new WorkspaceState(workspaceId, exists, name, slug, labels, resources, next);
    }

    private WorkspaceState evolve(ResourceEvent event) {
        if (event instanceof ResourceEvent.WorkspaceCreated created) {
            return new WorkspaceState(created.workspaceId(), true, created.name(), created.slug(), labels, resources, usages);
        }
        if (event instanceof ResourceEvent.WorkspaceRenamed renamed) {
            return new WorkspaceState(workspaceId, exists, renamed.name(), slug, labels, resources, usages);
        }
        if (event instanceof ResourceEvent.LabelCreated created) {
            Map<LabelRef, String> next = new LinkedHashMap<>(labels);
            next.put(created.label(), created.description());
            return withLabels(next);
        }
        if (event instanceof ResourceEvent.LabelDeleted deleted) {
            Map<LabelRef, String> next = new LinkedHashMap<>(labels);
            next.remove(deleted.label());
            return withLabels(next);
        }
        if (event instanceof ResourceEvent.LabelRenamed renamed) {
            Map<LabelRef, String> nextLabels = new LinkedHashMap<>(labels);
            nextLabels.put(renamed.to(), nextLabels.remove(renamed.from()));
            Map<String, Resource> nextResources = new HashMap<>(resources);
            resources.values().stream().filter(r -> r.carries(renamed.from())).forEach(r -> {
                Map<String, String> carried = new HashMap<>(r.labels());
                carried.remove(renamed.from().key());
                carried.put(renamed.to().key(), renamed.to().value());
                nextResources.put(r.ref().id(), r.withLabels(carried));
            });
            Set<LabelUsage> nextUsages = PermissionLabels.relabel(usages, renamed.from(), renamed.to());
            return new WorkspaceState(workspaceId, exists, name, slug, nextLabels, nextResources, nextUsages);
        }
        Map<String, Resource> next = new HashMap<>(resources);
        if (event instanceof ResourceEvent.ResourceCreated created) {
            next.put(created.resource().id(), new Resource(created.resource(), created.name(), created.slug(),
                    created.parentSourceId(), Set.copyOf(created.connectedSourceIds()), Map.of()));
        } else if (event instanceof ResourceEvent.ResourceUpdated updated) {
            next.computeIfPresent(updated.resource().id(), (id, r) -> new Resource(r.ref(), updated.name(),
                    updated.slug(), r.parentSourceId(), r.connectedSourceIds(), r.labels()));
        } else if (event instanceof ResourceEvent.ResourceDeleted deleted) {
            next.remove(deleted.resource().id());
            if (deleted.resource().type() == ResourceType.SOURCE) {
                resources.values().stream().filter(r -> r.connectedSourceIds().contains(deleted.resource().id()))
                        .forEach(r -> {
                            Set<String> connected = new HashSet<>(r.connectedSourceIds());
                            connected.remove(deleted.resource().id());
                            next.put(r.ref().id(), r.withConnected(connected));
                        });
            }
        } else if (event instanceof ResourceEvent.ResourcesConnected connected) {
            next.computeIfPresent(connected.target().id(), (id, r) -> {
                Set<String> sources = new HashSet<>(r.connectedSourceIds());
                sources.add(connected.sourceId());
                return r.withConnected(sources);
            });
        } else if (event instanceof ResourceEvent.ResourcesDisconnected disconnected) {
            next.computeIfPresent(disconnected.target().id(), (id, r) -> {
                Set<String> sources = new HashSet<>(r.connectedSourceIds());
                sources.remove(disconnected.sourceId());
                return r.withConnected(sources);
            });
        } else if (event instanceof ResourceEvent.LabelAssigned assigned) {
            next.computeIfPresent(assigned.resource().id(), (id, r) -> {
                Map<String, String> carried = new HashMap<>(r.labels());
                carried.put(assigned.label().key(), assigned.label().value());
                return r.withLabels(carried);
            });
        } else if (event instanceof ResourceEvent.LabelUnassigned unassigned) {
            next.computeIfPresent(unassigned.resource().id(), (id, r) -> {
                Map<String, String> carried = new HashMap<>(r.labels());
                carried.remove(unassigned.label().key(), unassigned.label().value());
                return r.withLabels(carried);
            });
        } else {
            throw new IllegalArgumentException("unhandled resource event " + event.eventType());
        }
        return new WorkspaceState(workspaceId, exists, name, slug, labels, next, usages);
    }

    private WorkspaceState withLabels(Map<LabelRef, String> next) {
        return new WorkspaceState(workspaceId, exists, name, slug, next, resources, usages);
    }
}
