package io.iamsuite.policy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iamsuite.auth.Requires;
import io.iamsuite.catalogue.Action;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.Lookups;
import io.iamsuite.policy.domain.ResourcePage;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** The reverse questions over HTTP: which resources may a subject act on, who may act on a resource. */
@Path("/policy/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class LookupResource {
    private static final String CURSOR_VERSION = "lr1";

    private final Lookups lookups;
    private final PolicyReads reads;

    public LookupResource(Lookups lookups, PolicyReads reads) {
        this.lookups = lookups;
        this.reads = reads;
    }

    /** A page of resources; {@code next} (absent on the last page) is the cursor of the next one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResourcesResult(List<ResourceRef> resources, String next) {
    }

    public record SubjectsResult(List<CheckResource.SubjectView> subjects) {
    }

    /**
     * Every existing resource of {@code resourceType} the subject may do the action on, in id order, {@code limit}
     * (1-1000, default 100) at a time: pass {@code next} back as {@code cursor} until it is absent. The cursor
     * remembers the last id, so resources created or deleted between pages neither repeat nor shift the rest.
     */
    @Requires("workspace.access.read")
    @POST
    @Path("/lookup-resources")
    public Uni<DataEnvelope<ResourcesResult>> lookupResources(
            @Valid @NotNull(message = "is required") LookupResourcesBody body, @Context ContainerRequestContext context) {
        reads.ownWorkspace(context, body.workspaceId());
        Subject subject = PolicyReads.subject("subject.type", body.subject());
        Action action = reads.action("permission", body.permission());
        if (action.type() != body.resourceType()) {
            throw ApiException.validation("resourceType", body.permission() + " is checked on "
                    + action.type() + ", not on " + body.resourceType());
        }
        String scope = String.join("\n", CURSOR_VERSION, body.workspaceId(), subject.type().name(), subject.id(),
                body.permission(), body.resourceType().name());
        String after = body.cursor() == null || body.cursor().isBlank() ? null : decode(body.cursor(), scope);
        int limit = body.limit() == null ? LookupResourcesBody.DEFAULT_LIMIT : body.limit();
        return reads.fresh(body.workspaceId(), body.consistency()).map(ignored -> {
            ResourcePage page = lookups.lookupResources(body.workspaceId(), subject, body.permission(),
                    body.resourceType(), after, limit).orElseThrow(() -> PolicyReads.unknownWorkspace(body.workspaceId()));
            List<ResourceRef> resources = page.ids().stream().map(id -> new ResourceRef(body.resourceType(), id)).toList();
            return DataEnvelope.of(new ResourcesResult(resources, page.next() == null ? null : encode(scope, page.next())));
        });
    }

    /** Every user (owners included, groups expanded) and every live token that may do the action on the resource. */
    @Requires("workspace.access.read")
    @POST
    @Path("/lookup-subjects")
    public Uni<DataEnvelope<SubjectsResult>> lookupSubjects(
            @Valid @NotNull(message = "is required") LookupSubjectsBody body, @Context ContainerRequestContext context) {
        reads.ownWorkspace(context, body.workspaceId());
        reads.action("permission", body.permission());
        ResourceRef resource = new ResourceRef(body.resource().type(), body.resource().id());
        return reads.fresh(body.workspaceId(), body.consistency()).map(ignored -> {
            List<Subject> subjects = lookups.lookupSubjects(body.workspaceId(), body.permission(), resource)
                    .orElseThrow(() -> PolicyReads.unknownWorkspace(body.workspaceId()));
            return DataEnvelope.of(new SubjectsResult(subjects.stream().map(CheckResource.SubjectView::of).toList()));
        });
    }

    private static String encode(String scope, String lastId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((scope + "\n" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** The last id of the previous page, if the cursor is one of this very lookup; 422 naming cursor otherwise. */
    private static String decode(String cursor, String scope) {
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
