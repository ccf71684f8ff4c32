package io.iamsuite.policy.grpc;

import com.google.protobuf.Timestamp;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.policy.api.AsOfBody;
import io.iamsuite.policy.api.AsOfCheckBody;
import io.iamsuite.policy.api.AsOfLookupSubjectsBody;
import io.iamsuite.policy.api.BatchCheckBody;
import io.iamsuite.policy.api.CheckBody;
import io.iamsuite.policy.api.CheckResource;
import io.iamsuite.policy.api.LookupResource;
import io.iamsuite.policy.api.LookupResourcesBody;
import io.iamsuite.policy.api.LookupSubjectsBody;
import io.iamsuite.policy.v1.AsOf;
import io.iamsuite.policy.v1.BatchCheckRequest;
import io.iamsuite.policy.v1.BatchCheckResponse;
import io.iamsuite.policy.v1.CheckAsOfRequest;
import io.iamsuite.policy.v1.CheckRequest;
import io.iamsuite.policy.v1.CheckResponse;
import io.iamsuite.policy.v1.Consistency;
import io.iamsuite.policy.v1.ExplainMiss;
import io.iamsuite.policy.v1.ExplainPath;
import io.iamsuite.policy.v1.ExplainResponse;
import io.iamsuite.policy.v1.Grant;
import io.iamsuite.policy.v1.Label;
import io.iamsuite.policy.v1.LookupResourcesRequest;
import io.iamsuite.policy.v1.LookupResourcesResponse;
import io.iamsuite.policy.v1.LookupSubjectsAsOfRequest;
import io.iamsuite.policy.v1.LookupSubjectsRequest;
import io.iamsuite.policy.v1.LookupSubjectsResponse;
import io.iamsuite.policy.v1.ResourceRef;
import io.iamsuite.policy.v1.Subject;
import io.iamsuite.policy.v1.SubjectType;
import io.iamsuite.rest.ApiException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The gRPC messages as the HTTP API's request bodies and results, and back. Nothing is decided here: an unset
 * message, enum or string becomes null (or blank), so the bodies' own constraints and {@code PolicyReads} judge it
 * exactly as over HTTP, naming fields by their HTTP (camelCase) names.
 */
final class GrpcMessages {
    private static final String RESOURCE_TYPE_PREFIX = "RESOURCE_TYPE_";
    private static final String SUBJECT_TYPE_PREFIX = "SUBJECT_TYPE_";
    /** google.protobuf.Timestamp's range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z. */
    private static final long MIN_SECONDS = -62_135_596_800L;
    private static final long MAX_SECONDS = 253_402_300_799L;

    private GrpcMessages() {
    }

    // ---- requests ----

    static CheckBody check(CheckRequest request) {
        return new CheckBody(request.getWorkspaceId(),
                request.hasSubject() ? subject("subject", request.getSubject()) : null,
                request.getPermission(),
                request.hasResource() ? resource("resource", request.getResource()) : null,
                request.hasConsistency() ? consistency(request.getConsistency()) : null);
    }

    static BatchCheckBody batchCheck(BatchCheckRequest request) {
        List<BatchCheckBody.Item> items = new ArrayList<>(request.getChecksCount());
        for (int i = 0; i < request.getChecksCount(); i++) {
            var item = request.getChecks(i);
            String field = "checks[" + i + "]";
            items.add(new BatchCheckBody.Item(
                    item.hasSubject() ? subject(field + ".subject", item.getSubject()) : null,
                    item.getPermission(),
                    item.hasResource() ? resource(field + ".resource", item.getResource()) : null));
        }
        return new BatchCheckBody(request.getWorkspaceId(), items,
                request.hasConsistency() ? consistency(request.getConsistency()) : null);
    }

    static LookupResourcesBody lookupResources(LookupResourcesRequest request) {
        return new LookupResourcesBody(request.getWorkspaceId(),
                request.hasSubject() ? subject("subject", request.getSubject()) : null,
                request.getPermission(),
                resourceType("resourceType", request.getResourceTypeValue()),
                request.getCursor().isEmpty() ? null : request.getCursor(),
                request.getLimit() == 0 ? null : request.getLimit(),
                request.hasConsistency() ? consistency(request.getConsistency()) : null);
    }

    static LookupSubjectsBody lookupSubjects(LookupSubjectsRequest request) {
        return new LookupSubjectsBody(request.getWorkspaceId(), request.getPermission(),
                request.hasResource() ? resource("resource", request.getResource()) : null,
                request.hasConsistency() ? consistency(request.getConsistency()) : null);
    }

    static AsOfCheckBody checkAsOf(CheckAsOfRequest request) {
        return new AsOfCheckBody(request.getWorkspaceId(),
                request.hasSubject() ? subject("subject", request.getSubject()) : null,
                request.getPermission(),
                request.hasResource() ? resource("resource", request.getResource()) : null,
                request.hasAsOf() ? asOf("asOf", request.getAsOf()) : null);
    }

    static AsOfLookupSubjectsBody lookupSubjectsAsOf(LookupSubjectsAsOfRequest request) {
        return new AsOfLookupSubjectsBody(request.getWorkspaceId(), request.getPermission(),
                request.hasResource() ? resource("resource", request.getResource()) : null,
                request.hasAsOf() ? asOf("asOf", request.getAsOf()) : null);
    }

    /**
     * The point as HTTP's {@code asOf}: the timestamp as its ISO-8601 instant (a timestamp outside
     * google.protobuf.Timestamp's range is refused here; the future is refused where HTTP refuses it), the
     * positions as they are; neither set is "neither", as over HTTP.
     */
    private static AsOfBody asOf(String field, AsOf asOf) {
        switch (asOf.getPointCase()) {
            case TIME:
                return new AsOfBody(instant(field + ".time", asOf.getTime()).toString(), null);
            case POSITIONS:
                return new AsOfBody(null, new LinkedHashMap<>(asOf.getPositions().getBySourceMap()));
            default:
                return new AsOfBody(null, null);
        }
    }

    private static Instant instant(String field, Timestamp time) {
        if (time.getSeconds() < MIN_SECONDS || time.getSeconds() > MAX_SECONDS
                || time.getNanos() < 0 || time.getNanos() > 999_999_999) {
            throw ApiException.validation(field, "is not a valid timestamp (seconds " + time.getSeconds() + ", nanos "
                    + time.getNanos() + "): from 0001-01-01 to 9999-12-31, nanos 0 to 999999999");
        }
        return Instant.ofEpochSecond(time.getSeconds(), time.getNanos());
    }

    private static CheckBody.SubjectBody subject(String field, Subject subject) {
        io.iamsuite.events.Subject.Type type;
        switch (subject.getTypeValue()) {
            case SubjectType.SUBJECT_TYPE_UNSPECIFIED_VALUE:
                type = null;   // "is required", from the body's constraint
                break;
            case SubjectType.SUBJECT_TYPE_USER_VALUE:
                type = io.iamsuite.events.Subject.Type.USER;
                break;
            case SubjectType.SUBJECT_TYPE_GROUP_VALUE:
                type = io.iamsuite.events.Subject.Type.GROUP;
                break;
            case SubjectType.SUBJECT_TYPE_TOKEN_VALUE:
                type = io.iamsuite.events.Subject.Type.TOKEN;
                break;
            default:
                throw ApiException.validation(field + ".type", subject.getTypeValue() + " is not a subject type (USER or TOKEN)");
        }
        return new CheckBody.SubjectBody(type, subject.getId());
    }

    private static CheckBody.ResourceBody resource(String field, ResourceRef resource) {
        return new CheckBody.ResourceBody(resourceType(field + ".type", resource.getTypeValue()), resource.getId());
    }

    private static ResourceType resourceType(String field, int value) {
        io.iamsuite.policy.v1.ResourceType type = io.iamsuite.policy.v1.ResourceType.forNumber(value);
        if (type == io.iamsuite.policy.v1.ResourceType.RESOURCE_TYPE_UNSPECIFIED) {
            return null;
        }
        if (type == null) {
            throw ApiException.validation(field, value + " is not a resource type");
        }
        return ResourceType.valueOf(type.name().substring(RESOURCE_TYPE_PREFIX.length()));
    }

    private static CheckBody.ConsistencyBody consistency(Consistency consistency) {
        switch (consistency.getRequirementCase()) {
            case MINIMIZE_LATENCY:
                return new CheckBody.ConsistencyBody(consistency.getMinimizeLatency(), null, null);
            case AT_LEAST_AS_FRESH:
                return new CheckBody.ConsistencyBody(null, consistency.getAtLeastAsFresh().getTokensList(), null);
            case FULLY_CONSISTENT:
                return new CheckBody.ConsistencyBody(null, null, consistency.getFullyConsistent());
            default:
                return null;
        }
    }

    // ---- answers ----

    static CheckResponse check(CheckResource.CheckResult result) {
        return CheckResponse.newBuilder().setAllowed(result.allowed()).build();
    }

    static BatchCheckResponse batchCheck(CheckResource.BatchResult result) {
        BatchCheckResponse.Builder response = BatchCheckResponse.newBuilder();
        result.results().forEach(r -> response.addResults(check(r)));
        return response.build();
    }

    static ExplainResponse explain(CheckResource.ExplainResult result) {
        ExplainResponse.Builder response = ExplainResponse.newBuilder()
                .setAllowed(result.allowed()).setReason(result.reason());
        for (CheckResource.PathView path : result.paths()) {
            response.addPaths(ExplainPath.newBuilder().setHolder(subject(path.holder())).setGrant(grant(path.grant()))
                    .setScope(path.scope()).setInheritedVia(path.inheritedVia() == null ? "" : path.inheritedVia())
                    .setText(path.text()));
        }
        for (CheckResource.MissView miss : result.misses()) {
            response.addMisses(ExplainMiss.newBuilder().setHolder(subject(miss.holder())).setGrant(grant(miss.grant()))
                    .setWhy(miss.why()).addAllMissingLabels(miss.missingLabels().stream().map(GrpcMessages::label).toList())
                    .setText(miss.text()));
        }
        return response.build();
    }

    static LookupResourcesResponse lookupResources(LookupResource.ResourcesResult result) {
        return LookupResourcesResponse.newBuilder()
                .addAllResources(result.resources().stream().map(GrpcMessages::resource).toList())
                .setNextCursor(result.next() == null ? "" : result.next())
                .build();
    }

    static LookupSubjectsResponse lookupSubjects(LookupResource.SubjectsResult result) {
        return LookupSubjectsResponse.newBuilder()
                .addAllSubjects(result.subjects().stream().map(GrpcMessages::subject).toList())
                .build();
    }

    private static Subject subject(CheckResource.SubjectView view) {
        return Subject.newBuilder().setType(SubjectType.valueOf(SUBJECT_TYPE_PREFIX + view.type().name()))
                .setId(view.id()).build();
    }

    private static ResourceRef resource(io.iamsuite.events.ResourceRef ref) {
        return ResourceRef.newBuilder()
                .setType(io.iamsuite.policy.v1.ResourceType.valueOf(RESOURCE_TYPE_PREFIX + ref.type().name()))
                .setId(ref.id()).build();
    }

    private static Grant grant(CheckResource.GrantView grant) {
        return Grant.newBuilder().setRoleId(grant.roleId()).setRoleName(grant.roleName() == null ? "" : grant.roleName())
                .setResource(resource(grant.resource()))
                .addAllLabels(grant.labels().stream().map(GrpcMessages::label).toList())
                .build();
    }

    private static Label label(LabelRef label) {
        return Label.newBuilder().setKey(label.key()).setValue(label.value()).build();
    }
}
