package io.iamsuite.identity.api;

import io.iamsuite.rest.Pagination;

import java.util.List;

/** Segment's {@code listUsers} output. */
public record UserList(List<UserView> users, Pagination.Output pagination) {
}
