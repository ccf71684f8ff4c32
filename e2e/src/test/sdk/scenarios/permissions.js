'use strict';
// Permissions of users and groups through the SDK: addPermissionsToUser, replacePermissionsForUser
// (IAMUsersApi), addPermissionsToUserGroup, replacePermissionsForUserGroup (IAMGroupsApi); read back with getUser
// and getUserGroup. A label-scoped grant is Segment's PermissionResourceV1 {id: <workspace>, type: WORKSPACE,
// labels: [...]}, answered in the same shape. The only wire difference: grants on a source created a moment ago
// send the createSource answer's X-Consistency-Token in the SDK's options argument (see invites.js).
const assert = require('node:assert/strict');
const { expectHttpError, tokenOf, withToken } = require('../lib/suite');
const { describePermissions, expected } = require('../lib/permissions');

const PROD = { key: 'environment', value: 'prod' };
const DEV = { key: 'environment', value: 'dev' };

/** A source made with the SDK's createSource; its answer's token makes identity-service wait for it. */
async function newSource(ctx, slug) {
  const answer = await ctx.sources.createSource({ slug, enabled: true, metadataId: 'sdk-e2e' });
  return { source: answer.body.data.source, token: tokenOf(answer) };
}

async function userGrants(ctx, userId) {
  return describePermissions((await ctx.users.getUser(userId)).body.data.user.permissions);
}

async function groupGrants(ctx, groupId) {
  return describePermissions((await ctx.groups.getUserGroup(groupId)).body.data.userGroup.permissions);
}

/**
 * addPermissionsToUser: Source Admin on a new source, then Source Read-only on the workspace labelled
 * environment:prod; each answer lists the user's permissions (roleId, roleName, resources with labels), and
 * getUser shows them. Errors: an unknown label (404), a role on a type it does not apply to (422), a stranger.
 */
async function addPermissionsToUser(ctx) {
  const { sourceAdmin, sourceRead } = ctx.state.roles;
  const user = ctx.members[11];
  const ws = ctx.workspace.id;
  const { source, token } = await newSource(ctx, 'sdk-permissions-source');

  const first = await ctx.users.addPermissionsToUser(user.id,
    { permissions: [{ roleId: sourceAdmin.id, resources: [{ id: source.id, type: 'SOURCE' }] }] }, withToken(token));
  assert.deepEqual(describePermissions(first.body.data.permissions), expected([sourceAdmin, 'SOURCE', source.id]));
  assert.ok(tokenOf(first));

  const second = await ctx.users.addPermissionsToUser(user.id,
    { permissions: [{ roleId: sourceRead.id, resources: [{ id: ws, type: 'WORKSPACE', labels: [PROD] }] }] });
  const both = expected([sourceAdmin, 'SOURCE', source.id], [sourceRead, 'WORKSPACE', ws, [PROD]]);
  assert.deepEqual(describePermissions(second.body.data.permissions), both, 'add keeps the earlier grants');
  const labelled = second.body.data.permissions.find((p) => p.roleId === sourceRead.id);
  assert.equal(labelled.roleName, 'Source Read-only');
  assert.deepEqual(labelled.resources.map((r) => [r.id, r.type, r.labels.map((l) => [l.key, l.value])]),
    [[ws, 'WORKSPACE', [['environment', 'prod']]]]);
  assert.deepEqual(await userGrants(ctx, user.id), both);

  await expectHttpError(ctx.users.addPermissionsToUser(user.id, {
    permissions: [{ roleId: sourceRead.id, resources: [{ id: ws, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'nowhere' }] }] }],
  }), 404, 'permissions[0].resources[0].labels[0]', 'a grant on an unknown label');
  await expectHttpError(ctx.users.addPermissionsToUser(user.id, {
    permissions: [{ roleId: sourceAdmin.id, resources: [{ id: 'spa_unknown', type: 'SPACE' }] }],
  }), 422, 'permissions[0].resources[0].type', 'Source Admin on a space');
  await expectHttpError(ctx.users.addPermissionsToUser('usr_stranger', {
    permissions: [{ roleId: sourceAdmin.id, resources: [{ id: source.id, type: 'SOURCE' }] }],
  }), 404, 'userId', 'addPermissionsToUser of a stranger');
  assert.deepEqual(await userGrants(ctx, user.id), both, 'refused grants change nothing');
  ctx.state.permissionSource = source;
}

/** replacePermissionsForUser: exactly the given permissions remain (Source Read-only on two sources). */
async function replacePermissionsForUser(ctx) {
  const { sourceRead } = ctx.state.roles;
  const user = ctx.members[11];
  const sources = [ctx.state.invitedSource, ctx.state.permissionSource];
  const answer = await ctx.users.replacePermissionsForUser(user.id, {
    permissions: [{ roleId: sourceRead.id, resources: sources.map((s) => ({ id: s.id, type: 'SOURCE' })) }],
  });
  const wanted = expected(...sources.map((s) => [sourceRead, 'SOURCE', s.id]));
  assert.deepEqual(describePermissions(answer.body.data.permissions), wanted);
  assert.equal(answer.body.data.permissions.length, 1, 'one permission, two resources');
  assert.deepEqual(await userGrants(ctx, user.id), wanted);

  const emptied = await ctx.users.replacePermissionsForUser(ctx.members[12].id, { permissions: [] });
  assert.deepEqual(emptied.body.data.permissions, []);
  assert.deepEqual(await userGrants(ctx, ctx.members[12].id), []);
}

/** addPermissionsToUserGroup: the group's permissions grow; getUserGroup shows them. */
async function addPermissionsToUserGroup(ctx) {
  const { sourceAdmin, sourceRead } = ctx.state.roles;
  const group = ctx.state.inviteGroup;
  const ws = ctx.workspace.id;
  const { source, token } = await newSource(ctx, 'sdk-group-source');
  const first = await ctx.groups.addPermissionsToUserGroup(group.id,
    { permissions: [{ roleId: sourceAdmin.id, resources: [{ id: source.id, type: 'SOURCE' }] }] }, withToken(token));
  assert.deepEqual(describePermissions(first.body.data.permissions), expected([sourceAdmin, 'SOURCE', source.id]));
  const second = await ctx.groups.addPermissionsToUserGroup(group.id,
    { permissions: [{ roleId: sourceRead.id, resources: [{ id: ws, type: 'WORKSPACE', labels: [PROD] }] }] });
  const both = expected([sourceAdmin, 'SOURCE', source.id], [sourceRead, 'WORKSPACE', ws, [PROD]]);
  assert.deepEqual(describePermissions(second.body.data.permissions), both);
  assert.deepEqual(await groupGrants(ctx, group.id), both);
  await expectHttpError(ctx.groups.addPermissionsToUserGroup('grp_unknown',
    { permissions: [{ roleId: sourceRead.id, resources: [{ id: ws, type: 'WORKSPACE' }] }] }), 404, 'groupId',
  'addPermissionsToUserGroup of an unknown group');
  ctx.state.groupSource = source;
}

/** replacePermissionsForUserGroup: exactly the given permissions remain; getUserGroup and listUserGroups agree. */
async function replacePermissionsForUserGroup(ctx) {
  const { sourceRead } = ctx.state.roles;
  const group = ctx.state.inviteGroup;
  const ws = ctx.workspace.id;
  const answer = await ctx.groups.replacePermissionsForUserGroup(group.id, {
    permissions: [
      { roleId: sourceRead.id, resources: [{ id: ws, type: 'WORKSPACE', labels: [DEV] }] },
      { roleId: sourceRead.id, resources: [{ id: ctx.state.groupSource.id, type: 'SOURCE' }] },
    ],
  });
  const wanted = expected([sourceRead, 'WORKSPACE', ws, [DEV]], [sourceRead, 'SOURCE', ctx.state.groupSource.id]);
  assert.deepEqual(describePermissions(answer.body.data.permissions), wanted);
  assert.deepEqual(await groupGrants(ctx, group.id), wanted);
  const listed = await ctx.groups.listUserGroups({ count: 10 });
  const summary = listed.body.data.userGroups.find((g) => g.id === group.id);
  assert.deepEqual(describePermissions(summary.permissions), wanted);
  assert.equal(summary.memberCount, 2, 'the member and the invitee who accepted');
}

module.exports = {
  addPermissionsToUser, replacePermissionsForUser, addPermissionsToUserGroup, replacePermissionsForUserGroup,
};
