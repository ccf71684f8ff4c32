package io.iamsuite.identity.api;

import io.iamsuite.rest.Pagination;

import java.util.List;

/** Segment's {@code listUserGroupsFromUser} output: there the list is {@code groups}, not {@code userGroups}. */
public record GroupsOfUser(List<GroupView> groups, Pagination.Output pagination) {
}
