'use strict';
// The SDK scenarios, run in this order against one workspace; later ones build on ctx.state left by earlier
// ones. To cover a new endpoint, write its scenario (an async function of ctx, named after the SDK call it
// exercises) in a module of this directory and list it here; SdkIdentityTest reports each by name.
// (resource-index.js is the list of SdkResourceTest: sources and labels.)
const users = require('./users');
const groups = require('./groups');
const roles = require('./roles');
const invites = require('./invites');
const permissions = require('./permissions');

module.exports = [
  users.listUsers,
  users.getUser,
  groups.createUserGroup,
  groups.updateUserGroup,
  groups.addUsersToUserGroup,
  users.listUserGroupsFromUser,
  groups.replaceUsersInUserGroup,
  groups.removeUsersFromUserGroup,
  users.deleteUsers,
  groups.deleteUserGroup,
  roles.listRoles,
  invites.createInvites,
  invites.listInvites,
  invites.listInvitesFromUserGroup,
  invites.deleteInvites,
  invites.acceptInvite,
  permissions.addPermissionsToUser,
  permissions.replacePermissionsForUser,
  permissions.addPermissionsToUserGroup,
  permissions.replacePermissionsForUserGroup,
];
