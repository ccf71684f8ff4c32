package io.iamsuite.bench.policy;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.CheckRequest;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.Verdict;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A seeded dataset for the policy benchmarks, produced as the events the services publish (in per-workspace
 * position order), to be folded into an in-process {@link Projection}.
 *
 * <p>{@code workspaces} ordinary workspaces, each with 100 users (user 0 the owner), 20 groups of 5 members, 70
 * sources (two labels each: env and team) and 30 destinations (each under a source), and 500 grants: per member 4
 * (a listed Source Admin, a listed Source Read-only, a label-scoped Source Admin on env+team, and every tenth a
 * workspace-wide Source Read-only, the others a listed Destination Read-only), per group 5 (label-scoped and listed).
 * Plus one big workspace, {@value #BIG}, of {@value #BIG_SOURCES} sources all labelled env:prod, where user
 * {@value #BIG_USER} holds one label grant (Source Read-only on env:prod) reaching all of them: the LookupResources
 * subject. With the default 1,000 workspaces: 100,000 users, 20,000 groups, 150,000 resources, 500,000+ grants.
 */
public final class PolicyDataset {
    public static final String BIG = "ws_big";
    public static final String BIG_USER = "u_big";
    public static final int BIG_SOURCES = 50_000;
    static final int USERS = 100;
    static final int GROUPS = 20;
    static final int SOURCES = 70;
    static final int DESTINATIONS = 30;
    private static final String[] ENVS = {"prod", "dev", "stage"};
    private static final int TEAMS = 5;

    private final int workspaces;
    private final long seed;
    private final String sourceAdmin;
    private final String sourceRead;
    private final String destinationRead;
    private final Instant at = Instant.parse("2026-11-01T00:00:00Z");

    /** What was generated (grants as published; the projection drops exact duplicates). */
    public long events;
    public long grants;
    public long resources;

    public PolicyDataset(int workspaces, long seed, RoleCatalogue catalogue) {
        this.workspaces = workspaces;
        this.seed = seed;
        this.sourceAdmin = catalogue.roleByName("Source Admin").orElseThrow().id();
        this.sourceRead = catalogue.roleByName("Source Read-only").orElseThrow().id();
        this.destinationRead = catalogue.roleByName("Destination Read-only").orElseThrow().id();
    }

    /** Every event of the dataset, in order, to {@code sink}. */
    public void generate(Consumer<EventEnvelope> sink) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int w = 0; w < workspaces; w++) {
            workspace("ws_" + w, random, sink);
        }
        big(sink);
    }

    /** The whole dataset folded into a new projection. */
    public Projection fold() {
        Projection projection = new Projection();
        generate(projection::apply);
        return projection;
    }

    public List<EventEnvelope> events() {
        List<EventEnvelope> all = new ArrayList<>(2_000_000);
        generate(all::add);
        return all;
    }

    private void workspace(String ws, SplittableRandom random, Consumer<EventEnvelope> sink) {
        Emitter out = new Emitter(ws, sink);
        out.emit(new ResourceEvent.WorkspaceCreated(ws, ws, ws));
        for (String env : ENVS) {
            out.emit(new ResourceEvent.LabelCreated(new LabelRef("env", env), ""));
        }
        for (int t = 0; t < TEAMS; t++) {
            out.emit(new ResourceEvent.LabelCreated(new LabelRef("team", "t" + t), ""));
        }
        for (int s = 0; s < SOURCES; s++) {
            ResourceRef source = new ResourceRef(ResourceType.SOURCE, "src_" + s);
            out.emit(new ResourceEvent.ResourceCreated(source, "s" + s, "s" + s, null, List.of()));
            out.emit(new ResourceEvent.LabelAssigned(source, new LabelRef("env", ENVS[s % ENVS.length])));
            out.emit(new ResourceEvent.LabelAssigned(source, new LabelRef("team", "t" + (s % TEAMS))));
            resources++;
        }
        for (int d = 0; d < DESTINATIONS; d++) {
            out.emit(new ResourceEvent.ResourceCreated(new ResourceRef(ResourceType.DESTINATION, "dst_" + d), "d" + d,
                    "d" + d, "src_" + random.nextInt(SOURCES), List.of()));
            resources++;
        }
        for (int u = 0; u < USERS; u++) {
            out.emit(new IdentityEvent.MemberAdded("u_" + u, "u" + u + "@" + ws + ".example", "User " + u,
                    u == 0 ? MemberRole.OWNER : MemberRole.MEMBER));
        }
        for (int g = 0; g < GROUPS; g++) {
            out.emit(new IdentityEvent.GroupCreated("g_" + g, "Group " + g));
            for (int k = 0; k < USERS / GROUPS; k++) {
                out.emit(new IdentityEvent.GroupMemberAdded("g_" + g, "u_" + (1 + random.nextInt(USERS - 1))));
            }
        }
        ResourceRef workspace = ResourceRef.workspace(ws);
        for (int u = 0; u < USERS; u++) {
            Subject user = Subject.user("u_" + u);
            grant(out, user, Grant.on(sourceAdmin, source(random)));
            grant(out, user, Grant.on(sourceRead, source(random)));
            grant(out, user, new Grant(sourceAdmin, workspace, labels(random)));
            grant(out, user, u % 10 == 0 ? Grant.on(sourceRead, workspace)
                    : Grant.on(destinationRead, new ResourceRef(ResourceType.DESTINATION, "dst_" + random.nextInt(DESTINATIONS))));
        }
        for (int g = 0; g < GROUPS; g++) {
            Subject group = Subject.group("g_" + g);
            grant(out, group, new Grant(sourceRead, workspace, labels(random)));
            grant(out, group, new Grant(sourceAdmin, workspace, List.of(new LabelRef("env", ENVS[random.nextInt(ENVS.length)]))));
            grant(out, group, Grant.on(sourceAdmin, source(random)));
            grant(out, group, Grant.on(sourceRead, source(random)));
            grant(out, group, Grant.on(destinationRead, new ResourceRef(ResourceType.DESTINATION, "dst_" + random.nextInt(DESTINATIONS))));
        }
    }

    private void big(Consumer<EventEnvelope> sink) {
        Emitter out = new Emitter(BIG, sink);
        out.emit(new ResourceEvent.WorkspaceCreated(BIG, BIG, BIG));
        LabelRef prod = new LabelRef("env", "prod");
        out.emit(new ResourceEvent.LabelCreated(prod, ""));
        for (int s = 0; s < BIG_SOURCES; s++) {
            ResourceRef source = new ResourceRef(ResourceType.SOURCE, String.format("src_%06d", s));
            out.emit(new ResourceEvent.ResourceCreated(source, "s" + s, "s" + s, null, List.of()));
            out.emit(new ResourceEvent.LabelAssigned(source, prod));
            resources++;
        }
        out.emit(new IdentityEvent.MemberAdded(BIG_USER, "big@example.com", "Big", MemberRole.MEMBER));
        grant(out, Subject.user(BIG_USER), new Grant(sourceRead, ResourceRef.workspace(BIG), List.of(prod)));
    }

    private void grant(Emitter out, Subject subject, Grant grant) {
        out.emit(new IdentityEvent.RoleGranted(subject, grant));
        grants++;
    }

    private static ResourceRef source(SplittableRandom random) {
        return new ResourceRef(ResourceType.SOURCE, "src_" + random.nextInt(SOURCES));
    }

    private static List<LabelRef> labels(SplittableRandom random) {
        return List.of(new LabelRef("env", ENVS[random.nextInt(ENVS.length)]),
                new LabelRef("team", "t" + random.nextInt(TEAMS)));
    }

    /** Envelopes as the relays publish them: one position sequence per (source, workspace). */
    private final class Emitter {
        private final String workspaceId;
        private final Consumer<EventEnvelope> sink;
        private final Map<EventSource, Long> positions = new EnumMap<>(EventSource.class);

        Emitter(String workspaceId, Consumer<EventEnvelope> sink) {
            this.workspaceId = workspaceId;
            this.sink = sink;
        }

        void emit(DomainEvent event) {
            long position = positions.merge(event.source(), 1L, Long::sum);
            sink.accept(new EventEnvelope(UUID.randomUUID(), event.eventType(), EventTypes.currentVersion(event.getClass()),
                    workspaceId, "bench", position, position, at, Actor.system(), "bench", event));
            events++;
        }
    }

    /** {@code count} checks the evaluator allows (or denies, as asked), drawn at random from the ordinary workspaces. */
    public CheckRequest[] questions(Evaluator evaluator, boolean allowed, int count, long questionSeed) {
        SplittableRandom random = new SplittableRandom(questionSeed);
        CheckRequest[] out = new CheckRequest[count];
        int found = 0;
        while (found < count) {
            String ws = "ws_" + random.nextInt(workspaces);
            Subject user = Subject.user("u_" + (1 + random.nextInt(USERS - 1)));   // members, not the owner
            CheckRequest request;
            if (random.nextInt(4) == 0) {
                request = new CheckRequest(ws, user, "destination.read",
                        new ResourceRef(ResourceType.DESTINATION, "dst_" + random.nextInt(DESTINATIONS)));
            } else {
                request = new CheckRequest(ws, user, random.nextBoolean() ? "source.update" : "source.read",
                        new ResourceRef(ResourceType.SOURCE, "src_" + random.nextInt(SOURCES)));
            }
            if ((evaluator.check(request) == Verdict.ALLOWED) == allowed) {
                out[found++] = request;
            }
        }
        return out;
    }
}
