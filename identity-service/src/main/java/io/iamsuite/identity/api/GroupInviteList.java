package io.iamsuite.identity.api;

import io.iamsuite.rest.Pagination;

import java.util.List;

/** Segment's listInvitesFromUserGroup output: the emails of the pending invites the group holds. */
public record GroupInviteList(List<String> emails, Pagination.Output pagination) {
}
