package io.iamsuite.identity.api;

import io.iamsuite.rest.Pagination;

import java.util.List;

/** Segment's {@code listUserGroups} output ({@code listUserGroupsFromUser}'s is {@link GroupsOfUser}). */
public record GroupList(List<GroupView> userGroups, Pagination.Output pagination) {
}
