package io.iamsuite.identity.api;

import io.iamsuite.rest.Pagination;

import java.util.List;

/** Segment's {@code listUserGroups} / {@code listUserGroupsFromUser} output. */
public record GroupList(List<GroupView> userGroups, Pagination.Output pagination) {
}
