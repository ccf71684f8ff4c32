package io.iamsuite.identity.api;

import io.iamsuite.rest.Pagination;

import java.util.List;

/** Segment's listInvites output ({@code invites}: emails), plus ours: {@code inviteDetails}, same order. */
public record InviteList(List<String> invites, List<InviteView> inviteDetails, Pagination.Output pagination) {
}
