'use strict';
const assert = require('node:assert/strict');
const { allPages, expectHttpError } = require('../lib/suite');

async function groupMembers(ctx, groupId) {
  const { items } = await allPages((pagination) => ctx.groups.listUsersFromUserGroup(groupId, pagination),
    (data) => data.users, 2);
  return items.map((user) => user.id).sort();
}

const ids = (members) => members.map((m) => m.id).sort();

/** createUserGroup; a second group of the same name in another case is a conflict naming "name". */
async function createUserGroup(ctx) {
  const answer = await ctx.groups.createUserGroup({ name: 'SDK Engineers' });
  const group = answer.body.data.userGroup;
  assert.match(group.id, /^grp_/);
  assert.equal(group.name, 'SDK Engineers');
  assert.equal(group.memberCount, 0);
  await expectHttpError(ctx.groups.createUserGroup({ name: 'sdk engineers' }), 409, 'name', 'a duplicate group name');
  // unwrap() rethrows the first entry of our error envelope, as it does for Segment's.
  await assert.rejects(ctx.sdk.unwrap(ctx.groups.createUserGroup({ name: 'SDK Engineers' })),
    (error) => error.field === 'name' && error.type === 'conflict');
  ctx.state.group = group;
}

/** updateUserGroup renames; getUserGroup and listUserGroups show the new name. */
async function updateUserGroup(ctx) {
  const { group } = ctx.state;
  const renamed = await ctx.groups.updateUserGroup(group.id, { name: 'SDK Platform' });
  assert.equal(renamed.body.data.userGroup.name, 'SDK Platform');
  const read = await ctx.groups.getUserGroup(group.id);
  assert.equal(read.body.data.userGroup.name, 'SDK Platform');
  const listed = await ctx.groups.listUserGroups({ count: 10 });
  assert.deepEqual(listed.body.data.userGroups.map((g) => g.name), ['SDK Platform']);
  ctx.state.group = read.body.data.userGroup;
}

/** addUsersToUserGroup by email, in any case. */
async function addUsersToUserGroup(ctx) {
  const { group } = ctx.state;
  const inGroup = ctx.members.slice(1, 4);
  const emails = inGroup.map((m, i) => (i === 0 ? m.email.toUpperCase() : m.email));
  const answer = await ctx.groups.addUsersToUserGroup(group.id, { emails });
  assert.equal(answer.body.data.userGroup.memberCount, 3);
  assert.deepEqual(await groupMembers(ctx, group.id), ids(inGroup));
  await expectHttpError(ctx.groups.addUsersToUserGroup(group.id, { emails: ['nobody@example.com'] }), 404, 'emails',
    'adding a stranger');
  ctx.state.inGroup = inGroup;
}

/** replaceUsersInUserGroup (the SDK calls /group/{id}/users): exactly the given members remain. */
async function replaceUsersInUserGroup(ctx) {
  const { group, inGroup } = ctx.state;
  const replacement = [inGroup[2], ctx.members[4], ctx.members[5]];
  const answer = await ctx.groups.replaceUsersInUserGroup(group.id, { emails: replacement.map((m) => m.email) });
  assert.equal(answer.body.data.userGroup.memberCount, 3);
  assert.deepEqual(await groupMembers(ctx, group.id), ids(replacement));
  const groupsOfFirst = await ctx.users.listUserGroupsFromUser(inGroup[0].id, { count: 10 });
  assert.deepEqual(groupsOfFirst.body.data.groups, [], 'a replaced member leaves the group');
  ctx.state.inGroup = replacement;
}

/** removeUsersFromUserGroup (the SDK calls /group/{id}/users?emails[0]=..): answers SUCCESS. */
async function removeUsersFromUserGroup(ctx) {
  const { group, inGroup } = ctx.state;
  const answer = await ctx.groups.removeUsersFromUserGroup(group.id, [inGroup[0].email, inGroup[1].email]);
  assert.equal(answer.body.data.status, 'SUCCESS');
  assert.deepEqual(await groupMembers(ctx, group.id), ids(inGroup.slice(2)));
  ctx.state.remaining = inGroup.slice(2);
}

/** deleteUserGroup; the group is gone. */
async function deleteUserGroup(ctx) {
  const { group } = ctx.state;
  const answer = await ctx.groups.deleteUserGroup(group.id);
  assert.equal(answer.body.data.status, 'SUCCESS');
  await expectHttpError(ctx.groups.getUserGroup(group.id), 404, 'groupId', 'getUserGroup of a deleted group');
}

module.exports = {
  createUserGroup, updateUserGroup, addUsersToUserGroup, replaceUsersInUserGroup, removeUsersFromUserGroup,
  deleteUserGroup,
};
