package io.iamsuite.identity.api;

import io.iamsuite.auth.Open;
import io.iamsuite.rest.Pagination;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.rest.ApiHeaders;
import io.iamsuite.rest.DataEnvelope;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * Segment's {@code listRoles}: the role catalogue ({@code platform/catalogue}, the same file policy-service
 * evaluates), in file order, with cursor pagination. The same for every workspace.
 */
@Path("/roles")
@Produces({MediaType.APPLICATION_JSON, ApiHeaders.SEGMENT_JSON})
public class RoleResource {
    private final List<RoleView> roles;
    /** Cursors name the catalogue's version: a cursor taken before the catalogue changed is refused. */
    private final String listName;

    public RoleResource() {
        RoleCatalogue catalogue = RoleCatalogue.load();
        this.roles = catalogue.roles().stream().map(RoleView::of).toList();
        this.listName = "roles@" + catalogue.version();
    }

    @Open(reason = "the role catalogue is the same public data in every workspace")
    @GET
    @NonBlocking
    public DataEnvelope<RoleList> listRoles(@Context UriInfo uri) {
        Pagination.Page<RoleView> page = Pagination.from(uri.getQueryParameters(), listName).slice(roles);
        return DataEnvelope.of(new RoleList(page.items(), page.pagination()));
    }
}
