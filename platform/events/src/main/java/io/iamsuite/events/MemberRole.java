package io.iamsuite.events;

/** A user's standing in a workspace: owners can do everything, members what their grants allow. */
public enum MemberRole { OWNER, MEMBER }
