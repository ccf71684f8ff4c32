package io.iamsuite.resource.domain;

import io.iamsuite.events.DomainException;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a workspace's resources and labels: decide(command, state) -> events. No framework, no I/O.
 */
public final class ResourceDecider {
    /** How many resources or subjects a "label in use" refusal names before it says "and N more". */
    static final int NAMED_IN_REFUSAL = 20;

    private ResourceDecider() {
    }

    public static List<ResourceEvent> decide(ResourceCommand command, WorkspaceState state, LabelPolicy policy) {
        if (!state.exists()) {
            throw new DomainException(DomainException.Kind.NOT_FOUND, "workspaceId",
                    "Workspace " + command.workspaceId() + " does not exist");
        }
        if (command instanceof ResourceCommand.RenameWorkspace rename) {
            return rename.name().equals(state.name()) ? List.of()
                    : List.of(new ResourceEvent.WorkspaceRenamed(state.workspaceId(), rename.name()));
        }
        if (command instanceof ResourceCommand.CreateResource create) {
            return create(create, state);
        }
        if (command instanceof ResourceCommand.UpdateResource update) {
            return update(update, state);
        }
        if (command instanceof ResourceCommand.DeleteResource delete) {
            return delete(delete, state);
        }
        if (command instanceof ResourceCommand.Connect connect) {
            return connect(connect, state);
        }
        if (command instanceof ResourceCommand.Disconnect disconnect) {
            requireResource(state, new ResourceRef(ResourceType.SOURCE, disconnect.sourceId()));
            WorkspaceState.Resource target = requireResource(state, disconnect.target());
            return target.connectedSourceIds().contains(disconnect.sourceId())
                    ? List.of(new ResourceEvent.ResourcesDisconnected(disconnect.sourceId(), disconnect.target()))
                    : List.of();
        }
        if (command instanceof ResourceCommand.CreateLabel create) {
            LabelFormat.check("label", create.label());
            if (state.labels().containsKey(create.label())) {
                throw new DomainException(DomainException.Kind.CONFLICT, "label",
                        "The label " + create.label() + " already exists");
            }
            return List.of(new ResourceEvent.LabelCreated(create.label(), create.description()));
        }
        if (command instanceof ResourceCommand.DeleteLabel delete) {
            requireLabel(state, delete.label());
            refuseInUse(state, delete.label());
            return List.of(new ResourceEvent.LabelDeleted(delete.label()));
        }
        if (command instanceof ResourceCommand.RenameLabel rename) {
            return renameLabel(rename, state);
        }
        return assign((ResourceCommand.AssignLabels) command, state, policy);
    }

    private static List<ResourceEvent> create(ResourceCommand.CreateResource create, WorkspaceState state) {
        ResourceType type = create.resource().type();
        if (type == ResourceType.WORKSPACE) {
            throw new DomainException(DomainException.Kind.INVALID, "type", "A workspace is not created here");
        }
        if (type == ResourceType.DESTINATION) {
            if (create.parentSourceId() == null) {
                throw new DomainException(DomainException.Kind.INVALID, "sourceId", "A destination needs its source");
            }
            requireResource(state, new ResourceRef(ResourceType.SOURCE, create.parentSourceId()));
        } else if (create.parentSourceId() != null) {
            throw new DomainException(DomainException.Kind.INVALID, "sourceId",
                    "Only a destination belongs to a source");
        }
        if (state.resources().containsKey(create.resource().id())) {
            throw new DomainException(DomainException.Kind.CONFLICT, ResourceKinds.idField(type),
                    "A resource with id " + create.resource().id() + " already exists");
        }
        String slug = create.slug();
        if (slug == null) {
            slug = Slugs.derive(create.name(), state.slugs(type));
        } else if (state.slugTaken(type, slug, null)) {
            throw slugTaken(type, slug);
        }
        return List.of(new ResourceEvent.ResourceCreated(create.resource(), create.name(), slug,
                create.parentSourceId(), List.of()));
    }

    private static List<ResourceEvent> update(ResourceCommand.UpdateResource update, WorkspaceState state) {
        WorkspaceState.Resource resource = requireResource(state, update.resource());
        String name = update.name() == null ? resource.name() : update.name();
        String slug = update.slug() == null ? resource.slug() : update.slug();
        if (name.equals(resource.name()) && slug.equals(resource.slug())) {
            return List.of();
        }
        if (state.slugTaken(resource.ref().type(), slug, resource.ref().id())) {
            throw slugTaken(resource.ref().type(), slug);
        }
        return List.of(new ResourceEvent.ResourceUpdated(resource.ref(), name, slug));
    }

    private static List<ResourceEvent> delete(ResourceCommand.DeleteResource delete, WorkspaceState state) {
        WorkspaceState.Resource resource = requireResource(state, delete.resource());
        List<ResourceEvent> events = new ArrayList<>();
        if (resource.ref().type() == ResourceType.SOURCE) {
            // A destination cannot outlive its source: it goes first, each with its own event.
            state.resources().values().stream()
                    .filter(r -> resource.ref().id().equals(r.parentSourceId()))
                    .map(WorkspaceState.Resource::ref)
                    .sorted(Comparator.comparing(ResourceRef::id))
                    .forEach(ref -> events.add(new ResourceEvent.ResourceDeleted(ref)));
        }
        events.add(new ResourceEvent.ResourceDeleted(resource.ref()));
        return events;
    }

    private static List<ResourceEvent> connect(ResourceCommand.Connect connect, WorkspaceState state) {
        ResourceType targetType = connect.target().type();
        if (targetType != ResourceType.WAREHOUSE && targetType != ResourceType.TRACKING_PLAN) {
            throw new DomainException(DomainException.Kind.INVALID, "type",
                    "A source connects to a warehouse or a tracking plan only");
        }
        requireResource(state, new ResourceRef(ResourceType.SOURCE, connect.sourceId()));
        WorkspaceState.Resource target = requireResource(state, connect.target());
        if (target.connectedSourceIds().contains(connect.sourceId())) {
            return List.of();
        }
        if (targetType == ResourceType.TRACKING_PLAN) {
            state.trackingPlanOf(connect.sourceId()).ifPresent(other -> {
                throw new DomainException(DomainException.Kind.CONFLICT, "sourceId", "Source " + connect.sourceId()
                        + " is already connected to tracking plan " + other.ref().id() + "; remove it from that one first");
            });
        }
        return List.of(new ResourceEvent.ResourcesConnected(connect.sourceId(), connect.target()));
    }

    private static List<ResourceEvent> renameLabel(ResourceCommand.RenameLabel rename, WorkspaceState state) {
        requireLabel(state, rename.from());
        if (rename.from().equals(rename.to())) {
            return List.of();
        }
        LabelFormat.check("to", rename.to());
        if (state.labels().containsKey(rename.to())) {
            throw new DomainException(DomainException.Kind.CONFLICT, "to", "The label " + rename.to() + " already exists");
        }
        if (!rename.from().key().equals(rename.to().key())) {
            // One value per key: a resource carrying the old label and already a value of the new key would
            // end up with two values of that key.
            List<String> clashes = state.carrying(rename.from()).stream()
                    .filter(r -> r.labels().containsKey(rename.to().key()))
                    .map(r -> ResourceKinds.noun(r.ref().type()) + " " + r.ref().id()).toList();
            if (!clashes.isEmpty()) {
                throw new DomainException(DomainException.Kind.CONFLICT, "to", "These resources already carry a value of "
                        + rename.to().key() + " and would carry two: " + named(clashes));
            }
        }
        return List.of(new ResourceEvent.LabelRenamed(rename.from(), rename.to()));
    }

    private static List<ResourceEvent> assign(ResourceCommand.AssignLabels assign, WorkspaceState state,
                                              LabelPolicy policy) {
        WorkspaceState.Resource resource = requireResource(state, assign.resource());
        if (!policy.allows(resource.ref().type())) {
            throw new DomainException(DomainException.Kind.INVALID, "type", "Only sources and spaces carry labels"
                    + " in this installation (iam.resource.labels-on-all-types=false)");
        }
        Map<String, LabelRef> wanted = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (LabelRef label : assign.labels()) {
            LabelRef other = wanted.put(label.key(), label);
            if (other != null && !other.equals(label)) {
                throw new DomainException(DomainException.Kind.INVALID, "labels", "A resource carries one value per key;"
                        + " the request gives " + other + " and " + label);
            }
            if (!state.labels().containsKey(label)) {
                unknown.add(label.toString());
            }
        }
        if (!unknown.isEmpty()) {
            throw new DomainException(DomainException.Kind.NOT_FOUND, "labels",
                    "No such labels in this workspace: " + String.join(", ", unknown) + " (create them first)");
        }
        ResourceRef ref = resource.ref();
        List<ResourceEvent> events = new ArrayList<>();
        if (assign.replace()) {
            resource.labels().entrySet().stream()
                    .filter(e -> !wanted.containsKey(e.getKey()))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> events.add(new ResourceEvent.LabelUnassigned(ref, new LabelRef(e.getKey(), e.getValue()))));
        }
        for (LabelRef label : wanted.values()) {
            String current = resource.labels().get(label.key());
            if (label.value().equals(current)) {
                continue;
            }
            if (current != null) {
                events.add(new ResourceEvent.LabelUnassigned(ref, new LabelRef(label.key(), current)));
            }
            events.add(new ResourceEvent.LabelAssigned(ref, label));
        }
        return events;
    }

    private static void refuseInUse(WorkspaceState state, LabelRef label) {
        List<String> resources = state.carrying(label).stream()
                .map(r -> ResourceKinds.noun(r.ref().type()) + " " + r.ref().id()).toList();
        List<String> subjects = state.usagesOf(label).stream().map(LabelUsage::subject).distinct().toList();
        if (resources.isEmpty() && subjects.isEmpty()) {
            return;
        }
        List<String> where = new ArrayList<>();
        if (!resources.isEmpty()) {
            where.add("on " + named(resources));
        }
        if (!subjects.isEmpty()) {
            where.add("in the permissions of " + named(subjects));
        }
        throw new DomainException(DomainException.Kind.CONFLICT, "label",
                "The label " + label + " is in use " + String.join("; ", where) + ". Remove it there first.");
    }

    private static String named(List<String> items) {
        if (items.size() <= NAMED_IN_REFUSAL) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, NAMED_IN_REFUSAL)) + " and " + (items.size() - NAMED_IN_REFUSAL)
                + " more";
    }

    private static WorkspaceState.Resource requireResource(WorkspaceState state, ResourceRef ref) {
        return state.resource(ref).orElseThrow(() -> new DomainException(DomainException.Kind.NOT_FOUND,
                ResourceKinds.idField(ref.type()), "No " + ResourceKinds.noun(ref.type()) + " " + ref.id()
                + " in this workspace"));
    }

    private static void requireLabel(WorkspaceState state, LabelRef label) {
        if (!state.labels().containsKey(label)) {
            throw new DomainException(DomainException.Kind.NOT_FOUND, "label",
                    "No label " + label + " in this workspace");
        }
    }

    private static DomainException slugTaken(ResourceType type, String slug) {
        return new DomainException(DomainException.Kind.CONFLICT, "slug",
                "A " + ResourceKinds.noun(type) + " with slug " + slug + " already exists in this workspace");
    }
}
