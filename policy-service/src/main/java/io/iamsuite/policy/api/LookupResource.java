package io.iamsuite.policy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.iamsuite.auth.Principals;
import io.iamsuite.auth.Requires;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.Subject;
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

import java.util.List;

/** The reverse questions over HTTP: which resources may a subject act on, who may act on a resource. */
@Path("/policy/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class LookupResource {
    private final PolicyReads reads;

    public LookupResource(PolicyReads reads) {
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
        return reads.lookupResources(Principals.of(context), body).map(DataEnvelope::of);
    }

    /** Every user (owners included, groups expanded) and every live token that may do the action on the resource. */
    @Requires("workspace.access.read")
    @POST
    @Path("/lookup-subjects")
    public Uni<DataEnvelope<SubjectsResult>> lookupSubjects(
            @Valid @NotNull(message = "is required") LookupSubjectsBody body, @Context ContainerRequestContext context) {
        return reads.lookupSubjects(Principals.of(context), body).map(DataEnvelope::of);
    }
}
