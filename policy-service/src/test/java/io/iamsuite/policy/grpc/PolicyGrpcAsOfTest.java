package io.iamsuite.policy.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Actor;
import io.iamsuite.events.DomainEvent;
import io.iamsuite.events.EventCodec;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventSource;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.Grant;
import io.iamsuite.events.IdentityEvent;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceEvent;
import io.iamsuite.events.TokenEvent;
import io.iamsuite.policy.v1.AsOf;
import io.iamsuite.policy.v1.CheckAsOfRequest;
import io.iamsuite.policy.v1.CheckRequest;
import io.iamsuite.policy.v1.Consistency;
import io.iamsuite.policy.v1.ExplainResponse;
import io.iamsuite.policy.v1.LogPositions;
import io.iamsuite.policy.v1.LookupSubjectsAsOfRequest;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * CheckAsOf, ExplainAsOf and LookupSubjectsAsOf through the generated blocking stub against a real broker: a history
 * published with {@code occurredAt} in the past, in which cy's grant is revoked; the past answers differ from the
 * live ones, equal the HTTP as-of answers, and every bad point is INVALID_ARGUMENT naming the field as over HTTP.
 */
@QuarkusTest
@WithTestResource(IamInfraResource.class)
class PolicyGrpcAsOfTest {
    private static final String SOURCE_READ = RoleCatalogue.load().roleByName("Source Read-only").orElseThrow().id();
    private static final String MINIMAL = RoleCatalogue.load().roleByName("Minimal Workspace Access").orElseThrow().id();

    @InjectInfra
    InfraInfo infra;

    @TestHTTPResource("/")
    URI base;

    private ManagedChannel channel;
    private String workspace;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    /**
     * Created 3 h ago with owner ada, member cy and source src_1 (resource 1–2, identity 1–2); cy granted Source
     * Read-only on src_1 2 h ago (identity 3), revoked 1 h ago (identity 4).
     */
    @BeforeEach
    void history() {
        channel = ManagedChannelBuilder.forAddress(base.getHost(), base.getPort()).usePlaintext().build();
        workspace = "ws_" + UUID.randomUUID().toString().substring(0, 8);
        Instant created = now.minus(3, ChronoUnit.HOURS);
        io.iamsuite.events.ResourceRef src1 = new io.iamsuite.events.ResourceRef(io.iamsuite.events.ResourceType.SOURCE, "src_1");
        Grant read = Grant.on(SOURCE_READ, src1);
        publish(EventSource.RESOURCE, 1, created, new ResourceEvent.WorkspaceCreated(workspace, "Acme", "acme"));
        publish(EventSource.RESOURCE, 2, created, new ResourceEvent.ResourceCreated(src1, "src 1", "src-1", null, List.of()));
        publish(EventSource.IDENTITY, 1, created, new IdentityEvent.MemberAdded("ada", "ada@x.io", "Ada", MemberRole.OWNER));
        publish(EventSource.IDENTITY, 2, created, new IdentityEvent.MemberAdded("cy", "cy@x.io", "Cy", MemberRole.MEMBER));
        publish(EventSource.IDENTITY, 3, now.minus(2, ChronoUnit.HOURS),
                new IdentityEvent.RoleGranted(io.iamsuite.events.Subject.user("cy"), read));
        publish(EventSource.IDENTITY, 4, now.minus(1, ChronoUnit.HOURS),
                new IdentityEvent.RoleRevoked(io.iamsuite.events.Subject.user("cy"), read));
        await().atMost(Duration.ofSeconds(30)).until(() -> !operator().check(cyReadsSrc1().toBuilder()
                .setConsistency(Consistency.newBuilder().setFullyConsistent(true)).build()).getAllowed()
                && operator().lookupSubjects(liveSubjects()).getSubjectsCount() == 1);
    }

    @AfterEach
    void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    // ---- answers ----

    @Test
    void check_as_of_a_time_before_the_revocation_allows_what_the_live_check_denies() {
        assertThat(operator().check(cyReadsSrc1()).getAllowed()).as("live, after the revocation").isFalse();
        assertThat(operator().checkAsOf(checkAsOf(time(now.minus(90, ChronoUnit.MINUTES)))).getAllowed()).isTrue();
        assertThat(operator().checkAsOf(checkAsOf(time(now.minus(150, ChronoUnit.MINUTES)))).getAllowed())
                .as("before the grant").isFalse();
        assertThat(operator().checkAsOf(checkAsOf(time(now.minus(1, ChronoUnit.HOURS)))).getAllowed())
                .as("at the revocation: inclusive").isFalse();
    }

    @Test
    void check_as_of_positions_folds_each_source_up_to_its_position() {
        assertThat(operator().checkAsOf(checkAsOf(positions(Map.of("identity", 3L, "resource", 2L)))).getAllowed()).isTrue();
        assertThat(operator().checkAsOf(checkAsOf(positions(Map.of("identity", 4L, "resource", 2L)))).getAllowed()).isFalse();
    }

    @Test
    void explain_and_lookup_subjects_as_of_answer_as_the_http_as_of_reads() {
        AsOf before = time(now.minus(90, ChronoUnit.MINUTES));
        String httpBefore = "{\"time\":\"" + now.minus(90, ChronoUnit.MINUTES) + "\"}";

        ExplainResponse explained = operator().explainAsOf(checkAsOf(before));
        JsonPath http = http("/policy/v1/as-of/explain", "{\"workspaceId\":\"" + workspace + "\",\"subject\":"
                + "{\"type\":\"USER\",\"id\":\"cy\"},\"permission\":\"source.read\",\"resource\":{\"type\":\"SOURCE\","
                + "\"id\":\"src_1\"},\"asOf\":" + httpBefore + "}");
        assertThat(explained.getAllowed()).isTrue();
        assertThat(explained.getReason()).isEqualTo("grant").isEqualTo(http.getString("data.reason"));
        assertThat(explained.getPathsList()).extracting(p -> p.getText()).isEqualTo(http.getList("data.paths.text"));
        assertThat(explained.getPaths(0).getGrant().getRoleName()).isEqualTo("Source Read-only");
        assertThat(operator().explain(cyReadsSrc1()).getAllowed()).as("live").isFalse();

        LookupSubjectsAsOfRequest subjects = LookupSubjectsAsOfRequest.newBuilder().setWorkspaceId(workspace)
                .setPermission("source.read").setResource(src1()).setAsOf(before).build();
        assertThat(operator().lookupSubjectsAsOf(subjects).getSubjectsList()).extracting(s -> s.getId())
                .containsExactlyInAnyOrder("ada", "cy")
                .isEqualTo(http("/policy/v1/as-of/lookup-subjects", "{\"workspaceId\":\"" + workspace + "\","
                        + "\"permission\":\"source.read\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"src_1\"},"
                        + "\"asOf\":" + httpBefore + "}").getList("data.subjects.id"));
        assertThat(operator().lookupSubjects(liveSubjects()).getSubjectsList()).extracting(s -> s.getId())
                .containsExactly("ada");
    }

    // ---- errors ----

    @Test
    void a_bad_point_is_invalid_argument_naming_the_field_as_over_http() {
        CheckAsOfRequest ok = checkAsOf(time(now.minus(90, ChronoUnit.MINUTES)));
        assertInvalid("asOf", () -> operator().checkAsOf(ok.toBuilder().clearAsOf().build()));
        assertInvalid("asOf", () -> operator().checkAsOf(ok.toBuilder().setAsOf(AsOf.getDefaultInstance()).build()));
        assertInvalid("asOf.time", () -> operator().checkAsOf(ok.toBuilder()
                .setAsOf(time(Instant.parse("2999-01-01T00:00:00Z"))).build()));
        assertInvalid("asOf.time", () -> operator().explainAsOf(ok.toBuilder().setAsOf(AsOf.newBuilder()
                .setTime(Timestamp.newBuilder().setSeconds(1).setNanos(-1))).build()));
        assertInvalid("asOf.time", () -> operator().checkAsOf(ok.toBuilder().setAsOf(AsOf.newBuilder()
                .setTime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE))).build()));
        assertInvalid("asOf.positions", () -> operator().checkAsOf(ok.toBuilder().setAsOf(positions(Map.of())).build()));
        assertInvalid("asOf.positions.billing", () -> operator().checkAsOf(ok.toBuilder()
                .setAsOf(positions(Map.of("billing", 1L))).build()));
        assertInvalid("asOf.positions.identity", () -> operator().lookupSubjectsAsOf(LookupSubjectsAsOfRequest
                .newBuilder().setWorkspaceId(workspace).setPermission("source.read").setResource(src1())
                .setAsOf(positions(Map.of("identity", -1L))).build()));

        assertInvalid("permission", () -> operator().checkAsOf(ok.toBuilder().setPermission("source.fly").build()));
        assertInvalid("subject.type", () -> operator().checkAsOf(ok.toBuilder()
                .setSubject(Subject.newBuilder().setType(SubjectType.SUBJECT_TYPE_GROUP).setId("g")).build()));
        assertInvalid("workspaceId", () -> operator().checkAsOf(ok.toBuilder().setWorkspaceId("").build()));
        assertInvalid("resource", () -> operator().lookupSubjectsAsOf(LookupSubjectsAsOfRequest.newBuilder()
                .setWorkspaceId(workspace).setPermission("source.read").setAsOf(ok.getAsOf()).build()));
    }

    @Test
    void before_the_workspace_existed_and_for_another_workspaces_token_it_is_not_found() {
        CheckAsOfRequest before = checkAsOf(time(now.minus(4, ChronoUnit.HOURS)));
        assertStatus(Status.Code.NOT_FOUND, "workspaceId", () -> operator().checkAsOf(before));
        assertStatus(Status.Code.NOT_FOUND, "workspaceId", () -> operator().explainAsOf(before));

        String stranger = TestTokens.issue(infra, "ws_elsewhere", TokenEvent.Access.OWNER, List.of(), null);
        awaitKnown(stranger);
        assertStatus(Status.Code.NOT_FOUND, "workspaceId", () -> stub(stranger)
                .checkAsOf(checkAsOf(time(now.minus(90, ChronoUnit.MINUTES)))));
    }

    @Test
    void history_needs_workspace_audit_read_as_over_http() {
        CheckAsOfRequest q = checkAsOf(time(now.minus(90, ChronoUnit.MINUTES)));
        assertStatus(Status.Code.UNAUTHENTICATED, null, () -> PolicyServiceGrpc.newBlockingStub(channel).checkAsOf(q));
        assertStatus(Status.Code.UNAUTHENTICATED, null, () -> stub(TestTokens.newSecret()).lookupSubjectsAsOf(
                LookupSubjectsAsOfRequest.newBuilder().setWorkspaceId(workspace).build()));

        String member = TestTokens.issue(infra, workspace, TokenEvent.Access.MEMBER,
                List.of(Grant.on(MINIMAL, io.iamsuite.events.ResourceRef.workspace(workspace))), null);
        awaitKnown(member);
        StatusRuntimeException denied = catchThrowableOfType(StatusRuntimeException.class, () -> stub(member).checkAsOf(q));
        assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(denied.getStatus().getDescription()).isEqualTo("This token lacks workspace.audit.read");
        assertStatus(Status.Code.PERMISSION_DENIED, null, () -> stub(member).explainAsOf(q));
        given().header("Authorization", "Bearer " + member).contentType(ContentType.JSON)
                .body("{\"workspaceId\":\"" + workspace + "\",\"subject\":{\"type\":\"USER\",\"id\":\"cy\"},"
                        + "\"permission\":\"source.read\",\"resource\":{\"type\":\"SOURCE\",\"id\":\"src_1\"},"
                        + "\"asOf\":{\"positions\":{\"identity\":3}}}")
                .post("/policy/v1/as-of/check").then().statusCode(403);

        String owner = TestTokens.issue(infra, workspace, TokenEvent.Access.OWNER, List.of(), null);
        awaitKnown(owner);
        assertThat(stub(owner).checkAsOf(q).getAllowed()).isTrue();
    }

    // ---- helpers ----

    private CheckRequest cyReadsSrc1() {
        return CheckRequest.newBuilder().setWorkspaceId(workspace).setSubject(cy()).setPermission("source.read")
                .setResource(src1()).build();
    }

    private LookupSubjectsRequest liveSubjects() {
        return LookupSubjectsRequest.newBuilder().setWorkspaceId(workspace).setPermission("source.read")
                .setResource(src1()).build();
    }

    private CheckAsOfRequest checkAsOf(AsOf asOf) {
        return CheckAsOfRequest.newBuilder().setWorkspaceId(workspace).setSubject(cy()).setPermission("source.read")
                .setResource(src1()).setAsOf(asOf).build();
    }

    private static AsOf time(Instant time) {
        return AsOf.newBuilder().setTime(Timestamp.newBuilder().setSeconds(time.getEpochSecond())
                .setNanos(time.getNano())).build();
    }

    private static AsOf positions(Map<String, Long> bySource) {
        return AsOf.newBuilder().setPositions(LogPositions.newBuilder().putAllBySource(bySource)).build();
    }

    private static Subject cy() {
        return Subject.newBuilder().setType(SubjectType.SUBJECT_TYPE_USER).setId("cy").build();
    }

    private static ResourceRef src1() {
        return ResourceRef.newBuilder().setType(ResourceType.RESOURCE_TYPE_SOURCE).setId("src_1").build();
    }

    private PolicyServiceGrpc.PolicyServiceBlockingStub operator() {
        return stub(TestTokens.OPERATOR_SECRET);
    }

    private PolicyServiceGrpc.PolicyServiceBlockingStub stub(String secret) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + secret);
        return PolicyServiceGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    /** Waits until the service knows the token (tokens arrive through Kafka). */
    private void awaitKnown(String secret) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                stub(secret).check(cyReadsSrc1());
                return true;
            } catch (StatusRuntimeException e) {
                return e.getStatus().getCode() != Status.Code.UNAUTHENTICATED;
            }
        });
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

    private static JsonPath http(String path, String json) {
        return given().contentType(ContentType.JSON).body(json).post(path).then().statusCode(200).extract().jsonPath();
    }

    private void publish(EventSource source, long position, Instant occurredAt, DomainEvent event) {
        var envelope = new EventEnvelope(UUID.randomUUID(), event.eventType(), EventTypes.currentVersion(event.getClass()),
                workspace, "stream", position, position, occurredAt, Actor.system(), "test", event);
        infra.send(infra.eventsTopic(source.id()), workspace, EventCodec.standard().encodeToString(envelope));
    }
}
