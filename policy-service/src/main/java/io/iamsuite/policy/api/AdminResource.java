package io.iamsuite.policy.api;

import io.iamsuite.auth.OperatorOnly;
import io.iamsuite.policy.admin.ProjectionRebuilder;
import io.iamsuite.rest.ApiException;
import io.iamsuite.rest.DataEnvelope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The operator's maintenance of the live projection: rebuild it from the event topics beside the old one (which
 * keeps answering) and swap it in when it has caught up; follow the rebuild's progress.
 */
@Path("/policy/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final ProjectionRebuilder rebuilder;

    public AdminResource(ProjectionRebuilder rebuilder) {
        this.rebuilder = rebuilder;
    }

    /** Starts a rebuild: 202 with its status; 409 if one is running. */
    @OperatorOnly
    @POST
    @Path("/rebuild")
    public Response rebuild() {
        if (!rebuilder.start()) {
            throw ApiException.conflict("rebuild", "A rebuild is running; follow it with GET /policy/v1/admin/rebuild");
        }
        return Response.accepted(DataEnvelope.of(rebuilder.status())).build();
    }

    /** The rebuild's progress: state, records read of the total, events applied, rate, hand-overs. */
    @OperatorOnly
    @GET
    @Path("/rebuild")
    public DataEnvelope<ProjectionRebuilder.Status> status() {
        return DataEnvelope.of(rebuilder.status());
    }
}
