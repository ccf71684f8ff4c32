package io.iamsuite.policy.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Actor;
import io.iamsuite.events.ConsistencyToken;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.policy.v1.BatchCheckItem;
import io.iamsuite.policy.v1.BatchCheckRequest;
import io.iamsuite.policy.v1.CheckRequest;
import io.iamsuite.policy.v1.Consistency;
import io.iamsuite.policy.v1.ConsistencyTokens;
import io.iamsuite.policy.v1.ExplainResponse;
import io.iamsuite.policy.v1.LookupResourcesRequest;
import io.iamsuite.policy.v1.LookupResourcesResponse;
import io.iamsuite.policy.v1.LookupSubjectsRequest;
import io.iamsuite.policy.v1.PolicyServiceGrpc;
import io.iamsuite.policy.v1.ResourceRef;
import io.iamsuite.policy.v1.ResourceType;
import io.iamsuite.policy.v1.Subject;
import io.iamsuite.policy.v1.SubjectType;
import io.iamsuite.testing.IamInfraResource;
import io.iamsuite.testing.InfraInfo;
import io.iamsuite.testing.InjectInfra;
import io.iamsuite.testing.TestTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code iam.policy.v1.PolicyService} through a real gRPC client (the generated blocking stub, on the HTTP port)
 * against the projection fed from a real Kafka broker: every rpc, every error code, and the same answers as the HTTP
 * API for the same questions. Segment's label example as in PolicyQueriesTest.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class PolicyGrpcServiceTest {
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.load();
    private static final String SOURCE_ADMIN = CATALOGUE.roleByName("Source Admin").orElseThrow().id();
    private static final String SOURCE_READ = CATALOGUE.roleByName("Source Read-only").orElseThrow().id();

    @InjectInfra
    InfraInfo infra;

    @TestHTTPResource("/")
    URI base;

    private ManagedChannel channel;
    private String workspace;
    private final Map<EventSource, Long> positions = new EnumMap<>(EventSource.class);
    private final List<String> writes = new ArrayList<>();

    @BeforeEach
    void segmentsLabelExample() {
        channel = ManagedChannelBuilder.forAddress(base.getHost(), base.getPort()).usePlaintext().build();
        workspace = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        positions.clear();
        writes.clear();
        publish(new ResourceEvent.WorkspaceCreated(workspace, "Acme", "acme"));
        publish(new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER));
        publish(new IdentityEvent.MemberAdded("bob", "bob@x.io", "Bob", MemberRole.MEMBER));
        publish(new IdentityEvent.MemberAdded("cy", "cy@x.io", "Cy", MemberRole.MEMBER));
        source("A", "env:prod", "product:car");
        source("B", "env:prod", "product:truck");
        source("C", "env:dev", "product:car");
        publish(new ResourceEvent.ResourceCreated(ref(io.iamsuite.events.ResourceType.DESTINATION, "DB"), "DB", "db", "B", List.of()));
        publish(new IdentityEvent.GroupCreated("trucks", "Trucks"));
        publish(new IdentityEvent.GroupMemberAdded("trucks", "bob"));
        publish(new IdentityEvent.RoleGranted(io.iamsuite.events.Subject.group("trucks"), new Grant(SOURCE_ADMIN,
                io.iamsuite.events.ResourceRef.workspace(workspace), List.of(new LabelRef("env", "prod"), new LabelRef("product", "truck")))));
        publish(new IdentityEvent.RoleGranted(io.iamsuite.events.Subject.user("cy"), new Grant(SOURCE_READ,
                io.iamsuite.events.ResourceRef.workspace(workspace), List.of(new LabelRef("product", "car")))));
        publish(new TokenEvent.TokenIssued("tok_ci", "ci", TokenEvent.Access.MEMBER,
                List.of(Grant.on(SOURCE_READ, ref(io.iamsuite.events.ResourceType.SOURCE, "C"))), "hash", "ada", null));
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    // ---- every rpc, answering as HTTP does ----

    @Test
    void check_and_batch_check_answer_as_http_in_order() {
        List<String[]> questions = List.of(
                new String[]{"USER", "bob", "source.update", "SOURCE", "B"},
                new String[]{"USER", "bob", "source.update", "SOURCE", "A"},
                new String[]{"USER", "cy", "source.read", "SOURCE", "C"},
                new String[]{"USER", "bob", "destination.update", "DESTINATION", "DB"},
                new String[]{"TOKEN", "tok_ci", "source.read", "SOURCE", "C"},
                new String[]{"TOKEN", "tok_ci", "source.read", "SOURCE", "A"},
                new String[]{"USER", "ada", "workspace.access.update", "WORKSPACE", workspace},
                new String[]{"USER", "nobody", "source.read", "SOURCE", "A"});
        List<Boolean> overGrpc = new ArrayList<>();
        List<Boolean> overHttp = new ArrayList<>();
        BatchCheckRequest.Builder batch = BatchCheckRequest.newBuilder().setWorkspaceId(workspace).setConsistency(fresh());
        for (String[] q : questions) {
            overGrpc.add(operator().check(check(q)).getAllowed());
            overHttp.add(http("/policy/v1/check", httpCheck(q)).getBoolean("data.allowed"));
            batch.addChecks(BatchCheckItem.newBuilder().setSubject(subject(q[0], q[1])).setPermission(q[2])
                    .setResource(resource(q[3], q[4])));
        }
        assertThat(overGrpc).containsExactly(true, false, true, true, true, false, true, false);
        assertThat(overGrpc).isEqualTo(overHttp);
        assertThat(operator().batchCheck(batch.build()).getResultsList()).extracting(r -> r.getAllowed())
                .isEqualTo(overHttp);
    }

    @Test
    void explain_answers_the_paths_and_misses_http_answers() {
        for (String[] q : List.of(new String[]{"USER", "bob", "source.update", "SOURCE", "B"},
                new String[]{"USER", "bob", "source.update", "SOURCE", "A"},
                new String[]{"USER", "bob", "destination.update", "DESTINATION", "DB"},
                new String[]{"USER", "ada", "source.delete", "SOURCE", "C"})) {
            ExplainResponse grpc = operator().explain(check(q));
            JsonPath http = http("/policy/v1/explain", httpCheck(q));
            assertThat(grpc.getAllowed()).isEqualTo(http.getBoolean("data.allowed"));
            assertThat(grpc.getReason()).isEqualTo(http.getString("data.reason"));
            assertThat(grpc.getPathsList()).extracting(p -> p.getText()).isEqualTo(http.getList("data.paths.text"));
            assertThat(grpc.getMissesList()).extracting(m -> m.getWhy()).isEqualTo(http.getList("data.misses.why"));
            assertThat(grpc.getMissesList()).extracting(m -> m.getText()).isEqualTo(http.getList("data.misses.text"));
        }
        ExplainResponse bobOnB = operator().explain(check(new String[]{"USER", "bob", "source.update", "SOURCE", "B"}));
        assertThat(bobOnB.getPaths(0).getHolder().getType()).isEqualTo(SubjectType.SUBJECT_TYPE_GROUP);
        assertThat(bobOnB.getPaths(0).getGrant().getRoleName()).isEqualTo("Source Admin");
        assertThat(bobOnB.getPaths(0).getScope()).isEqualTo("LABELS");
        ExplainResponse bobOnA = operator().explain(check(new String[]{"USER", "bob", "source.update", "SOURCE", "A"}));
        assertThat(bobOnA.getMisses(0).getMissingLabelsList()).extracting(l -> l.getKey() + ":" + l.getValue())
                .containsExactly("product:truck");
    }

    @Test
    void lookup_resources_pages_through_everything_as_http_does_and_their_cursors_are_interchangeable() {
        List<String> seen = new ArrayList<>();
        String cursor = "";
        int pages = 0;
        do {
            LookupResourcesResponse page = operator().lookupResources(lookup("cy", "source.read", cursor, 1));
            page.getResourcesList().forEach(r -> seen.add(r.getId()));
            assertThat(page.getResourcesList()).allMatch(r -> r.getType() == ResourceType.RESOURCE_TYPE_SOURCE);
            cursor = page.getNextCursor();
            pages++;
        } while (!cursor.isEmpty() && pages < 10);
        assertThat(seen).containsExactly("A", "C");
        assertThat(seen).isEqualTo(http("/policy/v1/lookup-resources", httpLookup("cy", "source.read", null, 1000))
                .getList("data.resources.id"));

        String httpNext = http("/policy/v1/lookup-resources", httpLookup("ada", "source.read", null, 1)).getString("data.next");
        assertThat(operator().lookupResources(lookup("ada", "source.read", httpNext, 1)).getResourcesList())
                .extracting(r -> r.getId()).containsExactly("B");
        assertThat(operator().lookupResources(lookup("ada", "source.delete", "", 0)).getResourcesList())
                .extracting(r -> r.getId()).containsExactly("A", "B", "C");
    }

    @Test
    void lookup_subjects_expands_groups_and_names_tokens_as_http_does() {
        for (String[] q : List.of(new String[]{"source.read", "C"}, new String[]{"source.update", "B"})) {
            List<String> grpc = operator().lookupSubjects(LookupSubjectsRequest.newBuilder().setWorkspaceId(workspace)
                            .setPermission(q[0]).setResource(resource("SOURCE", q[1])).setConsistency(fresh()).build())
                    .getSubjectsList().stream().map(s -> s.getType().name().substring("SUBJECT_TYPE_".length()) + ":" + s.getId())
                    .collect(Collectors.toList());
            List<String> http = http("/policy/v1/lookup-subjects", "{\"workspaceId\":\"" + workspace + "\",\"consistency\":"
                    + httpFresh() + ",\"permission\":\"" + q[0] + "\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"" + q[1] + "\"}}")
                    .getList("data.subjects.collect { it.type + ':' + it.id }");
            assertThat(grpc).isEqualTo(http);
        }
        assertThat(operator().lookupSubjects(LookupSubjectsRequest.newBuilder().setWorkspaceId(workspace)
                .setPermission("source.read").setResource(resource("SOURCE", "C")).build()).getSubjectsList())
                .extracting(s -> s.getId()).containsExactlyInAnyOrder("tok_ci", "ada", "cy");
    }

    @Test
    void fully_consistent_and_minimize_latency_answer_too() {
        CheckRequest base = check(new String[]{"USER", "bob", "source.update", "SOURCE", "B"});
        assertThat(operator().check(base.toBuilder().setConsistency(Consistency.newBuilder().setFullyConsistent(true)).build())
                .getAllowed()).isTrue();
        assertThat(operator().check(base.toBuilder().setConsistency(Consistency.newBuilder().setMinimizeLatency(true)).build())
                .getAllowed()).isTrue();
    }

    // ---- errors ----

    @Test
    void bad_input_is_invalid_argument_naming_the_field() {
        CheckRequest ok = check(new String[]{"USER", "bob", "source.update", "SOURCE", "B"});
        assertInvalid("permission", () -> operator().check(ok.toBuilder().setPermission("source.fly").build()));
        assertInvalid("permission", () -> operator().explain(ok.toBuilder().setPermission("source.fly").build()));
        assertInvalid("resource.type", () -> operator().check(ok.toBuilder()
                .setResource(ok.getResource().toBuilder().setTypeValue(99)).build()));
        assertInvalid("resource.type", () -> operator().check(ok.toBuilder()
                .setResource(ok.getResource().toBuilder().setType(ResourceType.RESOURCE_TYPE_UNSPECIFIED)).build()));
        assertInvalid("subject.type", () -> operator().check(ok.toBuilder().setSubject(subject("GROUP", "trucks")).build()));
        assertInvalid("workspaceId", () -> operator().check(ok.toBuilder().setWorkspaceId("").build()));
        assertInvalid("consistency.atLeastAsFresh[0]", () -> operator().check(ok.toBuilder().setConsistency(
                Consistency.newBuilder().setAtLeastAsFresh(ConsistencyTokens.newBuilder().addTokens("garbage"))).build()));
        assertInvalid("consistency.atLeastAsFresh[0]", () -> operator().check(ok.toBuilder().setConsistency(
                Consistency.newBuilder().setAtLeastAsFresh(ConsistencyTokens.newBuilder()
                        .addTokens(ConsistencyToken.of("ws_other", EventSource.IDENTITY, 1).encode()))).build()));

        BatchCheckRequest.Builder oversized = BatchCheckRequest.newBuilder().setWorkspaceId(workspace);
        for (int i = 0; i <= 100; i++) {
            oversized.addChecks(BatchCheckItem.newBuilder().setSubject(subject("USER", "ada"))
                    .setPermission("source.read").setResource(resource("SOURCE", "A")));
        }
        assertInvalid("checks", () -> operator().batchCheck(oversized.build()));
        assertInvalid("checks[1].permission", () -> operator().batchCheck(BatchCheckRequest.newBuilder()
                .setWorkspaceId(workspace)
                .addChecks(BatchCheckItem.newBuilder().setSubject(subject("USER", "ada")).setPermission("source.read")
                        .setResource(resource("SOURCE", "A")))
                .addChecks(BatchCheckItem.newBuilder().setSubject(subject("USER", "ada")).setPermission("source.fly")
                        .setResource(resource("SOURCE", "A"))).build()));

        assertInvalid("cursor", () -> operator().lookupResources(lookup("ada", "source.read", "bm9wZQ", 1)));
        String adasCursor = operator().lookupResources(lookup("ada", "source.read", "", 1)).getNextCursor();
        assertInvalid("cursor", () -> operator().lookupResources(lookup("cy", "source.read", adasCursor, 1)));
        assertInvalid("limit", () -> operator().lookupResources(lookup("ada", "source.read", "", 1001)));
        assertInvalid("resourceType", () -> operator().lookupResources(lookup("ada", "source.read", "", 1).toBuilder()
                .setResourceType(ResourceType.RESOURCE_TYPE_SPACE).build()));
        assertInvalid("resource", () -> operator().lookupSubjects(LookupSubjectsRequest.newBuilder()
                .setWorkspaceId(workspace).setPermission("source.read").build()));
    }

    @Test
    void an_unknown_or_other_workspace_is_not_found() {
        CheckRequest elsewhere = check(new String[]{"USER", "ada", "source.read", "SOURCE", "A"}).toBuilder()
                .setWorkspaceId("ws_never_seen").clearConsistency().build();
        for (Executable call : List.<Executable>of(() -> operator().check(elsewhere), () -> operator().explain(elsewhere),
                () -> operator().batchCheck(BatchCheckRequest.newBuilder().setWorkspaceId("ws_never_seen")
                        .addChecks(BatchCheckItem.newBuilder().setSubject(elsewhere.getSubject())
                                .setPermission("source.read").setResource(elsewhere.getResource())).build()),
                () -> operator().lookupResources(lookup("ada", "source.read", "", 1).toBuilder()
                        .setWorkspaceId("ws_never_seen").clearConsistency().build()),
                () -> operator().lookupSubjects(LookupSubjectsRequest.newBuilder().setWorkspaceId("ws_never_seen")
                        .setPermission("source.read").setResource(elsewhere.getResource()).build()))) {
            assertStatus(Status.Code.NOT_FOUND, "workspaceId", call);
        }

        String strangers = TestTokens.issue(infra, "ws_elsewhere", TokenEvent.Access.OWNER, List.of(), null);
        CheckRequest ours = check(new String[]{"USER", "ada", "source.read", "SOURCE", "A"});
        awaitKnown(strangers);
        assertStatus(Status.Code.NOT_FOUND, "workspaceId", () -> stub(strangers).check(ours));
        assertStatus(Status.Code.NOT_FOUND, "workspaceId", () -> stub(strangers).lookupResources(
                lookup("ada", "source.read", "", 1)));
    }

    @Test
    void a_projection_behind_the_asked_consistency_is_unavailable_with_the_lag() {
        String ahead = ConsistencyToken.of(workspace, EventSource.IDENTITY, 1_000_000).encode();
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> operator().check(
                check(new String[]{"USER", "ada", "source.read", "SOURCE", "A"}).toBuilder().setConsistency(Consistency
                        .newBuilder().setAtLeastAsFresh(ConsistencyTokens.newBuilder().addTokens(ahead))).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription()).contains("identity applied").contains("of 1000000");
    }

    @Test
    void credentials_are_checked_as_over_http() {
        CheckRequest q = check(new String[]{"USER", "ada", "source.read", "SOURCE", "A"});
        assertStatus(Status.Code.UNAUTHENTICATED, null, () -> PolicyServiceGrpc.newBlockingStub(channel).check(q));
        assertStatus(Status.Code.UNAUTHENTICATED, null, () -> stub(TestTokens.newSecret()).check(q));
        assertStatus(Status.Code.UNAUTHENTICATED, null, () -> PolicyServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(authorization("Basic dXNlcjpwYXNz"))).check(q));

        String revoked = TestTokens.issueRevoked(infra, workspace);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statusOf(() -> stub(revoked).check(q))
                .getDescription()).isEqualTo("The token was revoked"));
        assertThat(statusOf(() -> stub(revoked).check(q)).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

        String expired = TestTokens.issue(infra, workspace, TokenEvent.Access.OWNER, List.of(), Instant.now().minusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(statusOf(() -> stub(expired).check(q))
                .getDescription()).isEqualTo("The token has expired"));
        assertThat(statusOf(() -> stub(expired).check(q)).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

        String noRead = TestTokens.issue(infra, workspace, TokenEvent.Access.MEMBER,
                List.of(Grant.on(SOURCE_READ, ref(io.iamsuite.events.ResourceType.SOURCE, "A"))), null);
        awaitKnown(noRead);
        assertStatus(Status.Code.PERMISSION_DENIED, null, () -> stub(noRead).lookupSubjects(LookupSubjectsRequest
                .newBuilder().setWorkspaceId(workspace).setPermission("source.read").setResource(resource("SOURCE", "A")).build()));

        // workspace.access.read is an owner-only action (docs/roles.md): a member token never has it, as over HTTP
        given().header("Authorization", "Bearer " + noRead).contentType(ContentType.JSON)
                .body(httpCheck(new String[]{"USER", "ada", "source.read", "SOURCE", "A"})).post("/policy/v1/check")
                .then().statusCode(403);

        String owner = TestTokens.issue(infra, workspace, TokenEvent.Access.OWNER, List.of(), null);
        awaitKnown(owner);
        assertThat(stub(owner).check(q).getAllowed()).isTrue();
    }

    // ---- helpers ----

    private PolicyServiceGrpc.PolicyServiceBlockingStub operator() {
        return stub(TestTokens.OPERATOR_SECRET);
    }

    private PolicyServiceGrpc.PolicyServiceBlockingStub stub(String secret) {
        return PolicyServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(authorization("Bearer " + secret)))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    private static Metadata authorization(String value) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), value);
        return headers;
    }

    /** Waits until the service knows the token (tokens arrive through Kafka). */
    private void awaitKnown(String secret) {
        CheckRequest q = check(new String[]{"USER", "ada", "source.read", "SOURCE", "A"});
        await().atMost(Duration.ofSeconds(30)).until(() -> statusOf(() -> stub(secret).check(q)).getCode()
                != Status.Code.UNAUTHENTICATED);
    }

    private static Status statusOf(Executable call) {
        try {
            call.execute();
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static void assertInvalid(String field, Executable call) {
        assertStatus(Status.Code.INVALID_ARGUMENT, field, call);
    }

    private static void assertStatus(Status.Code code, String field, Executable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::execute);
        assertThat(e).as("a %s status", code).isNotNull();
        assertThat(e.getStatus().getCode()).as(e.getStatus().toString()).isEqualTo(code);
        if (field != null) {
            assertThat(e.getStatus().getDescription()).startsWith(field);
            assertThat(e.getTrailers().get(GrpcErrors.FIELD)).isEqualTo(field);
        }
    }

    private CheckRequest check(String[] q) {
        return CheckRequest.newBuilder().setWorkspaceId(workspace).setSubject(subject(q[0], q[1])).setPermission(q[2])
                .setResource(resource(q[3], q[4])).setConsistency(fresh()).build();
    }

    private LookupResourcesRequest lookup(String user, String permission, String cursor, int limit) {
        return LookupResourcesRequest.newBuilder().setWorkspaceId(workspace).setSubject(subject("USER", user))
                .setPermission(permission).setResourceType(ResourceType.RESOURCE_TYPE_SOURCE).setCursor(cursor == null ? "" : cursor)
                .setLimit(limit).setConsistency(fresh()).build();
    }

    private static Subject subject(String type, String id) {
        return Subject.newBuilder().setType(SubjectType.valueOf("SUBJECT_TYPE_" + type)).setId(id).build();
    }

    private static ResourceRef resource(String type, String id) {
        return ResourceRef.newBuilder().setType(ResourceType.valueOf("RESOURCE_TYPE_" + type)).setId(id).build();
    }

    private Consistency fresh() {
        return Consistency.newBuilder().setAtLeastAsFresh(ConsistencyTokens.newBuilder().addAllTokens(writes)).build();
    }

    private String httpFresh() {
        return "{\"atLeastAsFresh\":" + writes.stream().map(w -> "\"" + w + "\"").toList() + "}";
    }

    private String httpCheck(String[] q) {
        return "{\"workspaceId\":\"" + workspace + "\",\"consistency\":" + httpFresh() + ",\"subject\":{\"type\":\"" + q[0]
                + "\",\"id\":\"" + q[1] + "\"},\"permission\":\"" + q[2] + "\",\"resource\":{\"type\":\"" + q[3]
                + "\",\"id\":\"" + q[4] + "\"}}";
    }

    private String httpLookup(String user, String permission, String cursor, int limit) {
        return "{\"workspaceId\":\"" + workspace + "\",\"consistency\":" + httpFresh() + ",\"subject\":{\"type\":\"USER\",\"id\":\""
                + user + "\"},\"permission\":\"" + permission + "\",\"resourceType\":\"SOURCE\""
                + (cursor == null ? "" : ",\"cursor\":\"" + cursor + "\"") + ",\"limit\":" + limit + "}";
    }

    private static JsonPath http(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).post(path).then().statusCode(200).extract().jsonPath();
    }

    private static io.iamsuite.events.ResourceRef ref(io.iamsuite.events.ResourceType type, String id) {
        return new io.iamsuite.events.ResourceRef(type, id);
    }

    private void source(String id, String... labels) {
        io.iamsuite.events.ResourceRef ref = ref(io.iamsuite.events.ResourceType.SOURCE, id);
        publish(new ResourceEvent.ResourceCreated(ref, id, id.toLowerCase(), null, List.of()));
        for (String label : labels) {
            String[] kv = label.split(":");
            publish(new ResourceEvent.LabelAssigned(ref, new LabelRef(kv[0], kv[1])));
        }
    }

    /** Publishes as a relay would and remembers the consistency token of that write. */
    private void publish(DomainEvent event) {
        long position = positions.merge(event.source(), 1L, Long::sum);
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(), EventTypes.currentVersion(event.getClass()),
                workspace, "stream", position, position, Instant.now(), Actor.system(), "test", event);
        infra.send(infra.eventsTopic(event.source().id()), workspace, EventCodec.standard().encodeToString(envelope));
        writes.removeIf(w -> ConsistencyToken.decode(w).positions().containsKey(event.source()));
        writes.add(ConsistencyToken.of(workspace, event.source(), position).encode());
    }
}
