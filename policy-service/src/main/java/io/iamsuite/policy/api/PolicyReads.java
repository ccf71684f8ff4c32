package io.iamsuite.policy.api;

import io.iamsuite.auth.Principal;
import io.iamsuite.catalogue.Action;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.api.CheckResource.BatchResult;
import io.iamsuite.policy.api.CheckResource.CheckResult;
import io.iamsuite.policy.api.CheckResource.ExplainResult;
import io.iamsuite.policy.api.LookupResource.ResourcesResult;
import io.iamsuite.policy.api.LookupResource.SubjectsResult;
import io.iamsuite.policy.domain.CheckRequest;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Explanation;
import io.iamsuite.policy.domain.Lookups;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.ResourcePage;
import io.iamsuite.policy.domain.Verdict;
import io.iamsuite.policy.messaging.ConsistencyGate;
import io.iamsuite.policy.messaging.Freshness;
import io.iamsuite.events.EventSource;
import io.iamsuite.policy.timetravel.AccessTriples;
import io.iamsuite.policy.timetravel.AsOf;
import io.iamsuite.policy.timetravel.EveryWorkspaceReplays;
import io.iamsuite.policy.timetravel.HistoricalProjections;
import io.iamsuite.policy.timetravel.WorkspaceCounts;
import io.iamsuite.rest.ApiException;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The reads of the policy API, whatever the transport: the caller's workspace binding, the consistency mode, the
 * vocabulary (actions of the catalogue), the unknown workspace, the lookup cursors, then the evaluator or the
 * lookups. The HTTP resources and the gRPC service both call these methods with the same request bodies, so check,
 * batch-check, explain and the lookups answer alike over both, errors included ({@link ApiException}, or a
 * {@link ConstraintViolationException} from {@link #validated} for a transport that does not validate bodies itself).
 *
 * <p>A method may throw before it returns its {@link Uni} (bad input); the Uni fails with a 404 or a 503.
 */
@ApplicationScoped
public class PolicyReads {
    private static final String CURSOR_VERSION = "lr1";

    private final Projection projection;
    private final Freshness freshness;
    private final RoleCatalogue catalogue;
    private final Evaluator evaluator;
    private final Lookups lookups;
    private final Validator validator;
    private final HistoricalProjections history;
    private final EveryWorkspaceReplays replays;

    public PolicyReads(Projection projection, Freshness freshness, RoleCatalogue catalogue, Evaluator evaluator,
                       Lookups lookups, Validator validator, HistoricalProjections history,
                       EveryWorkspaceReplays replays) {
        this.history = history;
        this.replays = replays;
        this.projection = projection;
        this.freshness = freshness;
        this.catalogue = catalogue;
        this.evaluator = evaluator;
        this.lookups = lookups;
        this.validator = validator;
    }

    /** The body, if its constraints (the same annotations HTTP validates) hold; else every violation at once. */
    public <T> T validated(T body) {
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return body;
    }

    // ---- the reads ----

    public Uni<CheckResult> check(Principal caller, CheckBody body) {
        CheckRequest request = request(caller, body);
        return fresh(body.workspaceId(), body.consistency()).map(ignored -> {
            Verdict verdict = evaluator.check(request);
            if (verdict == Verdict.UNKNOWN_WORKSPACE) {
                throw unknownWorkspace(request.workspaceId());
            }
            return new CheckResult(verdict.allowed());
        });
    }

    /** Many checks of one workspace (at most {@value BatchCheckBody#MAX_CHECKS}), answered in order. */
    public Uni<BatchResult> batchCheck(Principal caller, BatchCheckBody body) {
        ownWorkspace(caller, body.workspaceId());
        List<CheckRequest> requests = new ArrayList<>(body.checks().size());
        for (int i = 0; i < body.checks().size(); i++) {
            BatchCheckBody.Item item = body.checks().get(i);
            String field = "checks[" + i + "]";
            Subject subject = subject(field + ".subject.type", item.subject());
            action(field + ".permission", item.permission());
            requests.add(new CheckRequest(body.workspaceId(), subject, item.permission(),
                    new ResourceRef(item.resource().type(), item.resource().id())));
        }
        return fresh(body.workspaceId(), body.consistency()).map(ignored -> {
            knownWorkspace(body.workspaceId());
            List<CheckResult> results = new ArrayList<>(requests.size());
            for (CheckRequest request : requests) {
                results.add(new CheckResult(evaluator.check(request).allowed()));
            }
            return new BatchResult(results);
        });
    }

    public Uni<ExplainResult> explain(Principal caller, CheckBody body) {
        CheckRequest request = request(caller, body);
        return fresh(body.workspaceId(), body.consistency()).map(ignored -> {
            Explanation explanation = evaluator.explain(request);
            if (explanation.verdict() == Verdict.UNKNOWN_WORKSPACE) {
                throw unknownWorkspace(request.workspaceId());
            }
            return ExplainResult.of(explanation, catalogue);
        });
    }

    /**
     * One page of the resources the subject may do the action on; the cursor remembers the last id and the very
     * lookup it belongs to (workspace, subject, permission, type), so it cannot be replayed on another one.
     */
    public Uni<ResourcesResult> lookupResources(Principal caller, LookupResourcesBody body) {
        ownWorkspace(caller, body.workspaceId());
        Subject subject = subject("subject.type", body.subject());
        Action action = action("permission", body.permission());
        if (action.type() != body.resourceType()) {
            throw ApiException.validation("resourceType", body.permission() + " is checked on "
                    + action.type() + ", not on " + body.resourceType());
        }
        String scope = String.join("\n", CURSOR_VERSION, body.workspaceId(), subject.type().name(), subject.id(),
                body.permission(), body.resourceType().name());
        String after = body.cursor() == null || body.cursor().isBlank() ? null : decodeCursor(body.cursor(), scope);
        int limit = body.limit() == null ? LookupResourcesBody.DEFAULT_LIMIT : body.limit();
        return fresh(body.workspaceId(), body.consistency()).map(ignored -> {
            ResourcePage page = lookups.lookupResources(body.workspaceId(), subject, body.permission(),
                    body.resourceType(), after, limit).orElseThrow(() -> unknownWorkspace(body.workspaceId()));
            List<ResourceRef> resources = page.ids().stream().map(id -> new ResourceRef(body.resourceType(), id)).toList();
            return new ResourcesResult(resources, page.next() == null ? null : encodeCursor(scope, page.next()));
        });
    }

    public Uni<SubjectsResult> lookupSubjects(Principal caller, LookupSubjectsBody body) {
        ownWorkspace(caller, body.workspaceId());
        action("permission", body.permission());
        ResourceRef resource = new ResourceRef(body.resource().type(), body.resource().id());
        return fresh(body.workspaceId(), body.consistency()).map(ignored -> {
            List<Subject> subjects = lookups.lookupSubjects(body.workspaceId(), body.permission(), resource)
                    .orElseThrow(() -> unknownWorkspace(body.workspaceId()));
            return new SubjectsResult(subjects.stream().map(CheckResource.SubjectView::of).toList());
        });
    }

    // ---- the same reads as of a past point (time travel), from projections replayed from the log ----

    /** check, as it would have answered at the point. */
    public Uni<CheckResult> checkAsOf(Principal caller, AsOfCheckBody body) {
        CheckRequest request = request(caller, body.live());
        AsOf asOf = asOf("asOf", body.asOf());
        return offLoop(() -> {
            Verdict verdict = historical(body.workspaceId(), asOf).evaluator().check(request);
            if (verdict == Verdict.UNKNOWN_WORKSPACE) {
                throw unknownWorkspace(request.workspaceId());
            }
            return new CheckResult(verdict.allowed());
        });
    }

    /** explain, as it would have answered at the point. */
    public Uni<ExplainResult> explainAsOf(Principal caller, AsOfCheckBody body) {
        CheckRequest request = request(caller, body.live());
        AsOf asOf = asOf("asOf", body.asOf());
        return offLoop(() -> {
            Explanation explanation = historical(body.workspaceId(), asOf).evaluator().explain(request);
            if (explanation.verdict() == Verdict.UNKNOWN_WORKSPACE) {
                throw unknownWorkspace(request.workspaceId());
            }
            return ExplainResult.of(explanation, catalogue);
        });
    }

    /** lookupSubjects, as it would have answered at the point. */
    public Uni<SubjectsResult> lookupSubjectsAsOf(Principal caller, AsOfLookupSubjectsBody body) {
        LookupSubjectsBody live = body.live();
        ownWorkspace(caller, live.workspaceId());
        action("permission", live.permission());
        ResourceRef resource = new ResourceRef(live.resource().type(), live.resource().id());
        AsOf asOf = asOf("asOf", body.asOf());
        return offLoop(() -> {
            List<Subject> subjects = historical(body.workspaceId(), asOf).lookups()
                    .lookupSubjects(body.workspaceId(), live.permission(), resource)
                    .orElseThrow(() -> unknownWorkspace(body.workspaceId()));
            return new SubjectsResult(subjects.stream().map(CheckResource.SubjectView::of).toList());
        });
    }

    /** What the workspace held at the point: counts of members, groups, grants, resources, tokens. */
    public Uni<AsOfResource.SummaryResult> summaryAsOf(Principal caller, AsOfSummaryBody body) {
        ownWorkspace(caller, body.workspaceId());
        AsOf asOf = asOf("asOf", body.asOf());
        return offLoop(() -> {
            HistoricalProjections.Historical at = historical(body.workspaceId(), asOf);
            WorkspaceCounts counts = WorkspaceCounts.of(at.projection(), body.workspaceId())
                    .orElseThrow(() -> unknownWorkspace(body.workspaceId()));
            return new AsOfResource.SummaryResult(body.workspaceId(), asOf.toString(), counts.members(),
                    counts.owners(), counts.groups(), counts.grants(), counts.resources(), counts.tokens(),
                    at.eventsApplied(), at.recordsRead(), counts.positions());
        });
    }

    /**
     * Starts a replay of every workspace to a time (or answers the running or finished one of that time): the
     * operator's, whose guard is the resource's. 422 naming {@code asOf...} as for every as-of read, and
     * {@code asOf.positions} for positions, which are per workspace; 409 {@code asOf} while a replay to another
     * time runs.
     */
    public EveryWorkspaceReplays.Status replayEveryWorkspace(AsOfReplayBody body) {
        AsOf asOf = asOf("asOf", body.asOf());
        if (asOf.time() == null) {
            throw ApiException.validation("asOf.positions",
                    "Positions are per workspace: replay every workspace to a time, or one workspace to positions");
        }
        return replays.start(asOf).orElseThrow(() -> {
            EveryWorkspaceReplays.Status running = replays.running().orElse(null);
            return ApiException.conflict("asOf", "A replay of every workspace"
                    + (running == null ? "" : " as of " + running.asOf() + " (" + running.id() + ")")
                    + " is running; follow it or ask again when it is done");
        });
    }

    /** A replay of every workspace, its progress and, once done, its result; 404 {@code replayId} if not kept. */
    public EveryWorkspaceReplays.Status everyWorkspaceReplay(String replayId) {
        return replays.status(replayId).orElseThrow(() -> ApiException.notFound("replayId",
                "No replay " + replayId + " is known (the last few are kept until policy-service restarts)"));
    }

    /**
     * Who could do what at {@code from} and at {@code to}: the (subject, resource, action) triples added and removed,
     * over the asked action, the actions of the asked type, or every action of the catalogue.
     */
    public Uni<AsOfResource.DiffResult> diffAsOf(Principal caller, AsOfDiffBody body) {
        ownWorkspace(caller, body.workspaceId());
        AsOf from = asOf("from", body.from());
        AsOf to = asOf("to", body.to());
        List<Action> actions;
        if (body.permission() != null) {
            Action action = action("permission", body.permission());
            if (body.resourceType() != null && action.type() != body.resourceType()) {
                throw ApiException.validation("resourceType", body.permission() + " is checked on "
                        + action.type() + ", not on " + body.resourceType());
            }
            actions = List.of(action);
        } else {
            actions = catalogue.actions().stream()
                    .filter(a -> body.resourceType() == null || a.type() == body.resourceType()).toList();
        }
        return offLoop(() -> {
            HistoricalProjections.Historical before = history.at(body.workspaceId(), from);
            HistoricalProjections.Historical after = history.at(body.workspaceId(), to);
            if (!before.projection().knowsWorkspace(body.workspaceId())
                    && !after.projection().knowsWorkspace(body.workspaceId())) {
                throw ApiException.notFound("workspaceId", "Workspace " + body.workspaceId() + " is unknown as of "
                        + from + " and as of " + to);
            }
            AccessTriples.Diff diff = AccessTriples.diff(
                    AccessTriples.of(before.projection(), before.lookups(), body.workspaceId(), actions),
                    AccessTriples.of(after.projection(), after.lookups(), body.workspaceId(), actions));
            return new AsOfResource.DiffResult(from.toString(), to.toString(),
                    diff.added().stream().map(AsOfResource.AccessView::of).toList(),
                    diff.removed().stream().map(AsOfResource.AccessView::of).toList());
        });
    }

    /**
     * The point an asOf names, or 422 naming the field: exactly one of time (ISO-8601, not in the future) and
     * positions (sources identity, resource, token; not negative).
     */
    AsOf asOf(String field, AsOfBody body) {
        if (body == null) {
            throw ApiException.validation(field, "is required");
        }
        boolean hasTime = body.time() != null;
        boolean hasPositions = body.positions() != null;
        if (hasTime == hasPositions) {
            throw ApiException.validation(field, "Give either time or positions, not " + (hasTime ? "both" : "neither"));
        }
        if (hasTime) {
            Instant time;
            try {
                time = Instant.parse(body.time().trim());
            } catch (DateTimeParseException e) {
                throw ApiException.validation(field + ".time", "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
            }
            if (time.isAfter(Instant.now())) {
                throw ApiException.validation(field + ".time", "is in the future; ask the live reads instead");
            }
            return AsOf.time(time);
        }
        if (body.positions().isEmpty()) {
            throw ApiException.validation(field + ".positions", "Give the position of at least one source");
        }
        Map<EventSource, Long> positions = new EnumMap<>(EventSource.class);
        for (Map.Entry<String, Long> entry : body.positions().entrySet()) {
            String key = field + ".positions." + entry.getKey();
            EventSource source;
            try {
                source = EventSource.fromId(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw ApiException.validation(key, "is not a source (identity, resource, token)");
            }
            if (entry.getValue() == null || entry.getValue() < 0) {
                throw ApiException.validation(key, "must be a position, 0 or more");
            }
            positions.put(source, entry.getValue());
        }
        return AsOf.positions(positions);
    }

    /** The workspace's projection at the point; 404 if no event of the workspace came before it. */
    HistoricalProjections.Historical historical(String workspaceId, AsOf asOf) {
        HistoricalProjections.Historical at = history.at(workspaceId, asOf);
        if (!at.projection().knowsWorkspace(workspaceId)) {
            throw ApiException.notFound("workspaceId", "Workspace " + workspaceId + " is unknown as of " + asOf);
        }
        return at;
    }

    /** Replays block on Kafka: they run on a worker thread, never on the event loop. */
    private static <T> Uni<T> offLoop(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    // ---- the rules every read shares ----

    private CheckRequest request(Principal caller, CheckBody body) {
        ownWorkspace(caller, body.workspaceId());
        Subject subject = subject("subject.type", body.subject());
        action("permission", body.permission());
        return new CheckRequest(body.workspaceId(), subject, body.permission(),
                new ResourceRef(body.resource().type(), body.resource().id()));
    }

    /** A token asks about its own workspace only; another one answers exactly like an unknown workspace. */
    private void ownWorkspace(Principal caller, String workspaceId) {
        if (caller != null && caller.workspaceId() != null && !caller.workspaceId().equals(workspaceId)) {
            throw unknownWorkspace(workspaceId);
        }
    }

    /** After the wait: a workspace the projection has never seen an event of is 404. */
    private void knownWorkspace(String workspaceId) {
        if (!projection.knowsWorkspace(workspaceId)) {
            throw unknownWorkspace(workspaceId);
        }
    }

    private static ApiException unknownWorkspace(String workspaceId) {
        return ApiException.notFound("workspaceId", "Workspace " + workspaceId + " is unknown");
    }

    /** The action named in {@code field}, which must be one of the catalogue's (docs/roles.md). */
    private Action action(String field, String permission) {
        return catalogue.action(permission).orElseThrow(() -> ApiException.validation(field,
                permission + " is not an action of the role catalogue (see GET /roles and docs/roles.md)"));
    }

    /** A user or a token: a group's access is its members'. */
    private static Subject subject(String field, CheckBody.SubjectBody body) {
        if (body.type() == Subject.Type.GROUP) {
            throw ApiException.validation(field, "Checks are asked for a USER or a TOKEN; groups are expanded");
        }
        return new Subject(body.type(), body.id());
    }

    /**
     * Waits as the consistency mode asks: nothing for minimizeLatency (the default), until the tokens' positions
     * are applied for atLeastAsFresh, until everything published is applied for fullyConsistent; 503 with the
     * lag when still behind after {@code iam.consistency.max-wait}.
     */
    private Uni<Void> fresh(String workspaceId, CheckBody.ConsistencyBody consistency) {
        return awaitConsistency(workspaceId, consistency)
                .onFailure(ConsistencyGate.StaleProjectionException.class)
                .transform(e -> ApiException.unavailable(e.getMessage()));
    }

    private Uni<Void> awaitConsistency(String workspaceId, CheckBody.ConsistencyBody consistency) {
        if (consistency == null) {
            return Uni.createFrom().voidItem();
        }
        int modes = (Boolean.TRUE.equals(consistency.minimizeLatency()) ? 1 : 0)
                + (consistency.atLeastAsFresh() != null ? 1 : 0)
                + (Boolean.TRUE.equals(consistency.fullyConsistent()) ? 1 : 0);
        if (modes > 1) {
            throw ApiException.validation("consistency",
                    "Choose one of minimizeLatency, atLeastAsFresh and fullyConsistent");
        }
        if (Boolean.TRUE.equals(consistency.fullyConsistent())) {
            return freshness.fullyConsistent();
        }
        if (consistency.atLeastAsFresh() == null || consistency.atLeastAsFresh().isEmpty()) {
            if (consistency.atLeastAsFresh() != null) {
                throw ApiException.validation("consistency.atLeastAsFresh", "Give at least one consistency token");
            }
            return Uni.createFrom().voidItem();
        }
        List<ConsistencyToken> tokens = new ArrayList<>();
        for (int i = 0; i < consistency.atLeastAsFresh().size(); i++) {
            String field = "consistency.atLeastAsFresh[" + i + "]";
            ConsistencyToken token;
            try {
                token = ConsistencyToken.decode(consistency.atLeastAsFresh().get(i));
            } catch (IllegalArgumentException e) {
                throw ApiException.validation(field, e.getMessage());
            }
            if (!token.workspaceId().equals(workspaceId)) {
                throw ApiException.validation(field, "The token belongs to another workspace");
            }
            tokens.add(token);
        }
        return freshness.atLeastAsFresh(ConsistencyToken.combineAll(tokens));
    }

    private static String encodeCursor(String scope, String lastId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((scope + "\n" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The last id of the previous page, if the cursor is one of this very lookup; 422 naming cursor otherwise. */
    private static String decodeCursor(String cursor, String scope) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
        if (!decoded.startsWith(scope + "\n") || decoded.length() == scope.length() + 1) {
            throw badCursor();
        }
        return decoded.substring(scope.length() + 1);
    }

    private static ApiException badCursor() {
        return ApiException.validation("cursor", "cursor is not one this lookup returned: pass back next unchanged "
                + "with the same workspace, subject, permission and resourceType, or omit it for the first page");
    }
}
