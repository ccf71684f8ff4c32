'use strict';
const assert = require('node:assert/strict');
const { allPages, expectHttpError } = require('../lib/suite');

/** listUsers, following pagination.next over every member: each seen exactly once, in email order. */
async function listUsers(ctx) {
  const pageSize = 40;
  const { items, pages } = await allPages((pagination) => ctx.users.listUsers(pagination), (data) => data.users, pageSize);
  const ids = items.map((user) => user.id);
  assert.equal(new Set(ids).size, ids.length, 'a user listed twice');
  assert.deepEqual([...ids].sort(), ctx.members.map((m) => m.id).sort(), 'the listed users are exactly the members');
  assert.deepEqual(items.map((u) => u.email), ctx.members.map((m) => m.email), 'users ordered by email');
  assert.equal(pages.length, Math.ceil(ctx.members.length / pageSize));
  assert.ok(pages.every((p) => p.totalEntries === ctx.members.length), 'totalEntries on every page');
  assert.equal(pages[0].previous, undefined, 'no previous on the first page');
  assert.ok(pages.slice(1).every((p) => typeof p.previous === 'string'), 'previous on every later page');
  const owner = items.find((u) => u.id === ctx.members[0].id);
  assert.ok(owner.permissions.some((p) => p.roleName === 'Workspace Owner'), 'the owner shows the Workspace Owner role');

  // A count outside 1-1000 sent the SDK's way (pagination[count]) is refused naming the canonical field.
  await expectHttpError(ctx.users.listUsers({ count: 0 }), 422, 'pagination.count', 'listUsers count 0');
  await expectHttpError(ctx.users.listUsers({ count: 10, cursor: 'not-a-cursor' }), 422, 'pagination.cursor',
    'listUsers with a foreign cursor');
  ctx.notes.push(`listUsers: ${items.length} users over ${pages.length} pages of ${pageSize}`);
}

/** getUser answers the user; the SDK's unwrap() gives data. */
async function getUser(ctx) {
  const member = ctx.members[1];
  const data = await ctx.sdk.unwrap(ctx.users.getUser(member.id));
  assert.equal(data.user.id, member.id);
  assert.equal(data.user.email, member.email);
  await expectHttpError(ctx.users.getUser('usr_unknown'), 404, 'userId', 'getUser of a stranger');
}

/** listUserGroupsFromUser: the groups a user is in. */
async function listUserGroupsFromUser(ctx) {
  const { group, inGroup } = ctx.state;
  const { items } = await allPages((pagination) => ctx.users.listUserGroupsFromUser(inGroup[0].id, pagination),
    (data) => data.groups, 10);
  assert.deepEqual(items.map((g) => g.id), [group.id]);
  assert.equal(items[0].name, group.name);
  const outsider = ctx.members[ctx.members.length - 1];
  const none = await ctx.users.listUserGroupsFromUser(outsider.id, { count: 10 });
  assert.deepEqual(none.body.data.groups, []);
}

/** deleteUsers (sent as userIds[0]=..&userIds[1]=..): all named users leave the workspace and its groups. */
async function deleteUsers(ctx) {
  const { group } = ctx.state;
  const before = await ctx.groups.getUserGroup(group.id);
  const groupMember = ctx.state.remaining[0];
  const other = ctx.members[ctx.members.length - 2];
  const answer = await ctx.users.deleteUsers([groupMember.id, other.id]);
  assert.equal(answer.body.data.status, 'SUCCESS');
  assert.ok(answer.response.headers['x-consistency-token'], 'the write answers its consistency token');

  await expectHttpError(ctx.users.getUser(groupMember.id), 404, 'userId', 'getUser of a removed user');
  await expectHttpError(ctx.users.getUser(other.id), 404, 'userId', 'getUser of a removed user');
  const listed = await ctx.users.listUsers({ count: 1 });
  assert.equal(listed.body.data.pagination.totalEntries, ctx.members.length - 2);
  const after = await ctx.groups.getUserGroup(group.id);
  assert.equal(after.body.data.userGroup.memberCount, before.body.data.userGroup.memberCount - 1,
    'removal from the workspace leaves the group');

  // All or none: a stranger among the ids removes nobody.
  const survivor = ctx.members[1];
  await expectHttpError(ctx.users.deleteUsers([survivor.id, 'usr_stranger']), 404, 'userIds', 'deleteUsers with a stranger');
  assert.equal((await ctx.users.getUser(survivor.id)).body.data.user.id, survivor.id);
}

module.exports = { listUsers, getUser, listUserGroupsFromUser, deleteUsers };
