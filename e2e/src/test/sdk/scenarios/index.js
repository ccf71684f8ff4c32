'use strict';
// The SDK scenarios, run in this order against one workspace; later ones build on ctx.state left by earlier
// ones. To cover a new endpoint, write its scenario (an async function of ctx, named after the SDK call it
// exercises) in a module of this directory and list it here; SdkIdentityTest reports each by name.
const users = require('./users');
const groups = require('./groups');
const roles = require('./roles');

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
];
