'use strict';
// Invites through the SDK's IAMUsersApi (createInvites, listInvites, deleteInvites) and IAMGroupsApi
// (addUsersToUserGroup with a pending invite's email, listInvitesFromUserGroup), and our acceptance of an invite.
// Wire differences (also in lib/suite.js and docs/api.md):
//  - createInvites of a grant on a source created a moment ago sends the createSource answer's
//    X-Consistency-Token (the SDK's options argument): identity-service validates the grant against what it
//    has learnt from resource-service's events and waits for that write; without it the grant may be 404.
//  - the SDK's CreateInvitesV1Output has only `emails`; our answer also lists the invites with their ids
//    (`data.invites[]: {id, email, expiresAt}`), which the SDK drops from result.body, so it is read from the
//    raw answer (result.response.body). The same for listInvites' `data.inviteDetails` (ours, beside Segment's
//    `invites`, the bare emails).
//  - the SDK's InvitePermissionV1 puts `labels` beside `resources` (which may be left out); identity-service
//    reads that as the workspace restricted to those labels, and answers the grant as Segment's users show it:
//    `resources: [{id: <workspace>, type: WORKSPACE, labels: [...]}]`.
//  - accepting is ours (in Segment the invitee accepts in the web app): POST
//    /workspaces/{id}/invites/{inviteId}/accept {"name"} over plain HTTP; the new member then shows through the
//    SDK's getUser with exactly the invited permissions, in the groups that held the invite.
const assert = require('node:assert/strict');
const {
  allPages, expectHttpError, expectStatus, tokenOf, withToken, rolesByName,
} = require('../lib/suite');
const { describePermissions, expected } = require('../lib/permissions');

const PROD = { key: 'environment', value: 'prod' };

async function pendingEmails(ctx) {
  const { items } = await allPages((pagination) => ctx.users.listInvites(pagination), (data) => data.invites, 10);
  return items;
}

/**
 * createInvites with permissions: Source Admin on a source created with the SDK's createSource, and Source
 * Read-only on the workspace with the label environment:prod (once with the workspace named, once with the
 * resources left out, which SDK's InvitePermissionV1 allows). Errors: an email already invited or a member
 * (409 naming invites[i].email), a grant on an unknown source (404 naming the resource's id).
 */
async function createInvites(ctx) {
  const roles = await rolesByName(ctx);
  const sourceAdmin = roles.get('Source Admin');
  const sourceRead = roles.get('Source Read-only');
  assert.ok(sourceAdmin && sourceRead, 'Source Admin and Source Read-only are in the catalogue');
  const created = await ctx.sources.createSource({ slug: 'sdk-invited-source', enabled: true, metadataId: 'sdk-e2e' });
  const source = created.body.data.source;
  assert.match(source.id, /^src_/);

  const ws = ctx.workspace.id;
  const emails = ['sdk-invitee-a@example.com', 'sdk-invitee-b@example.com'];
  const invites = [
    {
      email: emails[0],
      permissions: [
        { roleId: sourceAdmin.id, resources: [{ id: source.id, type: 'SOURCE' }] },
        { roleId: sourceRead.id, resources: [{ id: ws, type: 'WORKSPACE' }], labels: [PROD] },
      ],
    },
    { email: emails[1], permissions: [{ roleId: sourceRead.id, labels: [PROD] }] },
  ];
  // The source is resource-service's write; identity-service validates the grant once it has applied it.
  const answer = await ctx.users.createInvites({ invites }, withToken(tokenOf(created)));
  assert.equal(answer.response.statusCode, 201);
  assert.deepEqual(answer.body.data.emails, emails);
  assert.ok(tokenOf(answer));
  const ours = answer.response.body.data.invites;
  assert.deepEqual(ours.map((i) => i.email), emails, 'our data.invites, in the raw answer');
  assert.ok(ours.every((i) => /^inv_/.test(i.id) && Date.parse(i.expiresAt) > Date.now()), JSON.stringify(ours));
  assert.equal(answer.body.data.invites, undefined, 'the SDK model keeps only emails');

  await expectHttpError(ctx.users.createInvites({ invites: [{ email: emails[0].toUpperCase() }] }), 409,
    'invites[0].email', 'inviting an invited email again (any case)');
  await expectHttpError(ctx.users.createInvites({ invites: [{ email: ctx.members[10].email }] }), 409,
    'invites[0].email', 'inviting a member');
  await expectHttpError(ctx.users.createInvites({
    invites: [{ email: 'sdk-invitee-c@example.com', permissions: [{ roleId: sourceAdmin.id, resources: [{ id: 'src_unknown', type: 'SOURCE' }] }] }],
  }), 404, 'invites[0].permissions[0].resources[0].id', 'an invite granting on an unknown source');
  assert.deepEqual((await pendingEmails(ctx)).sort(), emails, 'a refused invite leaves nothing behind');

  ctx.state.roles = { sourceAdmin, sourceRead };
  ctx.state.invitedSource = source;
  ctx.state.invites = ours;
  ctx.state.invitedGrants = {
    [emails[0]]: expected([sourceAdmin, 'SOURCE', source.id], [sourceRead, 'WORKSPACE', ws, [PROD]]),
    [emails[1]]: expected([sourceRead, 'WORKSPACE', ws, [PROD]]),
  };
}

/** listInvites (Segment: the pending emails); our inviteDetails (raw answer) carry ids and permissions. */
async function listInvites(ctx) {
  const emails = ctx.state.invites.map((i) => i.email);
  assert.deepEqual((await pendingEmails(ctx)).sort(), [...emails].sort());
  const page = await ctx.users.listInvites({ count: 1 });
  assert.equal(page.body.data.invites.length, 1);
  assert.equal(page.body.data.pagination.totalEntries, 2);
  assert.ok(page.body.data.pagination.next, 'a next page');

  const details = expectStatus(await ctx.http.call('GET', `/workspaces/${ctx.workspace.id}/invites`), 200,
    'GET invites').data.inviteDetails;
  for (const invite of ctx.state.invites) {
    const detail = details.find((d) => d.id === invite.id);
    assert.ok(detail, `inviteDetails has ${invite.id}`);
    assert.equal(detail.email, invite.email);
    assert.equal(detail.status, 'PENDING');
    assert.deepEqual(describePermissions(detail.permissions), ctx.state.invitedGrants[invite.email]);
  }
  await expectHttpError(ctx.users.listInvites({ count: 1001 }), 422, 'pagination.count', 'listInvites count 1001');
}

/**
 * addUsersToUserGroup with a pending invite's email and a member's: the invite joins the group as a pending
 * invite (listInvitesFromUserGroup), the member as a user (listUsersFromUserGroup).
 */
async function listInvitesFromUserGroup(ctx) {
  const invitee = ctx.state.invites[0];
  const member = ctx.members[10];
  const group = (await ctx.groups.createUserGroup({ name: 'SDK Invitees' })).body.data.userGroup;
  const added = await ctx.groups.addUsersToUserGroup(group.id, { emails: [invitee.email, member.email] });
  assert.equal(added.body.data.userGroup.memberCount, 1, 'a pending invite is not a member yet');
  const invited = await ctx.groups.listInvitesFromUserGroup(group.id, { count: 10 });
  assert.deepEqual(invited.body.data.emails, [invitee.email]);
  assert.equal(invited.body.data.pagination.totalEntries, 1);
  const users = await ctx.groups.listUsersFromUserGroup(group.id, { count: 10 });
  assert.deepEqual(users.body.data.users.map((u) => u.id), [member.id]);
  await expectHttpError(ctx.groups.listInvitesFromUserGroup('grp_unknown', { count: 10 }), 404, 'groupId',
    'listInvitesFromUserGroup of an unknown group');
  ctx.state.inviteGroup = group;
}

/** deleteInvites (sent as emails[0]=..): the invite is gone from listInvites; a stranger's email is a 404. */
async function deleteInvites(ctx) {
  const [kept, revoked] = ctx.state.invites;
  const answer = await ctx.users.deleteInvites([revoked.email]);
  assert.equal(answer.body.data.status, 'SUCCESS');
  assert.ok(tokenOf(answer));
  assert.deepEqual(await pendingEmails(ctx), [kept.email]);
  await expectHttpError(ctx.users.deleteInvites(['sdk-nobody@example.com']), 404, 'emails',
    'deleteInvites of an email without an invite');
  const detail = expectStatus(await ctx.http.call('GET', `/workspaces/${ctx.workspace.id}/invites/${revoked.id}`),
    200, 'GET a revoked invite').data.invite;
  assert.notEqual(detail.status, 'PENDING', 'the revoked invite is no longer pending');
  const refused = await ctx.http.call('POST', `/workspaces/${ctx.workspace.id}/invites/${revoked.id}/accept`,
    { name: 'Too Late' });
  assert.equal(refused.status, 409, `accepting a revoked invite: ${JSON.stringify(refused.body)}`);
  assert.equal(refused.body.errors[0].field, 'inviteId');
}

/**
 * Ours: POST /invites/{inviteId}/accept. The invitee becomes a member with exactly the invited permissions
 * (getUser through the SDK) and in the group that held the invite; the invite is no longer pending.
 */
async function acceptInvite(ctx) {
  const invite = ctx.state.invites[0];
  const group = ctx.state.inviteGroup;
  const answer = await ctx.http.call('POST', `/workspaces/${ctx.workspace.id}/invites/${invite.id}/accept`,
    { name: 'SDK Invitee' });
  const user = expectStatus(answer, 201, 'accept the invite').data.user;
  assert.match(user.id, /^usr_/);
  assert.equal(user.email, invite.email);
  assert.ok(answer.headers.get('x-consistency-token'));

  const read = (await ctx.users.getUser(user.id)).body.data.user;
  assert.equal(read.email, invite.email);
  assert.equal(read.name, 'SDK Invitee');
  assert.deepEqual(describePermissions(read.permissions), ctx.state.invitedGrants[invite.email],
    'exactly the invited permissions');
  const groups = await ctx.users.listUserGroupsFromUser(user.id, { count: 10 });
  assert.deepEqual(groups.body.data.groups.map((g) => g.id), [group.id], 'in the group that held the invite');
  const members = await ctx.groups.listUsersFromUserGroup(group.id, { count: 10 });
  assert.deepEqual(members.body.data.users.map((u) => u.id).sort(), [ctx.members[10].id, user.id].sort());
  const invited = await ctx.groups.listInvitesFromUserGroup(group.id, { count: 10 });
  assert.deepEqual(invited.body.data.emails, [], 'the group holds no pending invite any more');
  assert.deepEqual(await pendingEmails(ctx), [], 'no pending invite any more');

  const again = await ctx.http.call('POST', `/workspaces/${ctx.workspace.id}/invites/${invite.id}/accept`,
    { name: 'Twice' });
  assert.equal(again.status, 409, `accepting twice: ${JSON.stringify(again.body)}`);
  ctx.state.invitee = user;
}

module.exports = { createInvites, listInvites, listInvitesFromUserGroup, deleteInvites, acceptInvite };
