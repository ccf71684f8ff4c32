package io.iamsuite.identity.api;

import io.iamsuite.rest.Pagination;
import java.util.List;

/** The {@code data} of {@code GET /roles}: Segment's {@code ListRolesV1Output}. */
public record RoleList(List<RoleView> roles, Pagination.Output pagination) {
}
