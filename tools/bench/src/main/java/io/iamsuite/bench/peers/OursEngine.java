package io.iamsuite.bench.peers;

import io.iamsuite.bench.dataset.Dataset;
import io.iamsuite.bench.dataset.DatasetEvents;
import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Lookups;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.ResourcePage;
import io.iamsuite.policy.domain.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * policy-service's own domain in process: the dataset's events folded into a {@link Projection}, checks by its
 * {@link Evaluator}, lookups by its {@link Lookups}, changes applied as the events the services would publish.
 */
public final class OursEngine implements Engine {
    private Projection projection;
    private Evaluator evaluator;
    private Lookups lookups;
    /** Next position per (workspace, source) for the change events. */
    private final Map<String, long[]> positions = new HashMap<>();

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public void load(Dataset dataset) {
        projection = new Projection();
        DatasetEvents.generate(dataset, envelope -> {
            projection.apply(envelope);
            long[] next = positions.computeIfAbsent(envelope.workspaceId(), w -> new long[3]);
            next[envelope.data().source().ordinal()] = Math.max(next[envelope.data().source().ordinal()], envelope.position());
        });
        evaluator = new Evaluator(projection);
        lookups = new Lookups(projection, evaluator);
    }

    public Evaluator evaluator() {
        return evaluator;
    }

    @Override
    public boolean check(Dataset.Question question) {
        return evaluator.check(question.workspaceId(), question.subject(), question.action(), question.resource())
                == Verdict.ALLOWED;
    }

    @Override
    public List<ResourceRef> whatCanSee(String workspaceId, Subject subject, String action, ResourceType type) {
        List<ResourceRef> out = new ArrayList<>();
        String after = null;
        do {
            ResourcePage page = lookups.lookupResources(workspaceId, subject, action, type, after, 1_000).orElse(null);
            if (page == null) {
                return out;
            }
            page.ids().forEach(id -> out.add(new ResourceRef(type, id)));
            after = page.next();
        } while (after != null);
        return out;
    }

    @Override
    public String whatCanSeeMethod() {
        return "LookupResources (all pages of 1,000)";
    }

    @Override
    public void addToGroup(String workspaceId, String userId, String groupId) {
        apply(workspaceId, new IdentityEvent.GroupMemberAdded(groupId, userId));
    }

    @Override
    public void assignLabel(String workspaceId, ResourceRef resource, LabelRef label) {
        apply(workspaceId, new ResourceEvent.LabelAssigned(resource, label));
    }

    private void apply(String workspaceId, DomainEvent event) {
        long[] next = positions.computeIfAbsent(workspaceId, w -> new long[3]);
        long position = ++next[event.source().ordinal()];
        projection.apply(new EventEnvelope(UUID.randomUUID(), event.eventType(), EventTypes.currentVersion(event.getClass()),
                workspaceId, "bench", position, position, Instant.now(), Actor.system(), "bench", event));
    }
}
