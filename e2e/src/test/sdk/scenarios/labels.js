'use strict';
// Labels through the SDK's LabelsApi (resource-service): createLabel, listLabels, deleteLabel. A label in use
// (on a resource, or in a permission of a user, group, invite or token) cannot be deleted: 409 naming label,
// whose message says where it is used. Wire differences (also in docs/api.md): none in the paths (the token names the
// workspace); createLabel answers 201 (the SDK reads any 2xx); listLabels answers every label in one list as Segment does.
// resource-service learns which labels permissions use from identity-service's events, a moment after the grant
// (docs/services/resource-service.md, "the race"); it takes no consistency token, so the scenario waits for it
// with a probe that cannot delete the label by accident (see deleteLabelUsedByPermission).
const assert = require('node:assert/strict');
const {
  expectHttpError, httpErrorOf, eventually, rolesByName, tokenOf, withToken,
} = require('../lib/suite');

const USAGE_WAIT_MS = 15000;
const names = (labels) => labels.map((l) => `${l.key}:${l.value}`);

async function labelNames(ctx) {
  return names((await ctx.labels.listLabels()).body.data.labels);
}

/** The SDK's HttpError of a refused deleteLabel: 409, our envelope naming label; answers the message. */
async function refusedDelete(ctx, label, what) {
  const error = await httpErrorOf(ctx.labels.deleteLabel(label.key, label.value), what);
  assert.equal(error.statusCode, 409, `${what}: ${JSON.stringify(error.body)}`);
  const [entry] = error.body.errors;
  assert.equal(entry.field, 'label');
  assert.equal(entry.type, 'conflict');
  return entry.message;
}

/** createLabel (with and without a description); listLabels has them beside the workspace's two defaults. */
async function createLabel(ctx) {
  const wanted = [
    { key: 'team', value: 'data', description: 'The data team' },
    { key: 'team', value: 'web' },
    { key: 'tier', value: 'gold', description: 'Never used' },
  ];
  for (const label of wanted) {
    const answer = await ctx.labels.createLabel({ label });
    assert.equal(answer.response.statusCode, 201);
    assert.deepEqual({ ...answer.body.data.label }, { ...label, description: label.description });
    ctx.state.resourceToken = tokenOf(answer);
  }
  const listed = (await ctx.labels.listLabels()).body.data.labels;
  assert.deepEqual(names(listed), ['environment:dev', 'environment:prod', 'team:data', 'team:web', 'tier:gold'],
    'every label, by key and value');
  assert.equal(listed.find((l) => l.value === 'data').description, 'The data team');

  await expectHttpError(ctx.labels.createLabel({ label: { key: 'team', value: 'data' } }), 409, 'label',
    'a duplicate label');
  await expectHttpError(ctx.labels.createLabel({ label: { key: '1team', value: 'data' } }), 422, 'label.key',
    'a key starting with a digit');
  await expectHttpError(ctx.labels.createLabel({ label: { key: 'team', value: 'da_ta' } }), 422, 'label.value',
    'a value with an underscore');
  assert.equal((await labelNames(ctx)).length, 5, 'refused labels leave nothing behind');
}

/**
 * deleteLabel: team:web is on a source (refused: 409 naming the source); team:data no longer is (after
 * replaceLabelsInSource) and tier:gold never was (both accepted, then gone from listLabels); an unknown label
 * is a 404.
 */
async function deleteLabel(ctx) {
  const [first] = ctx.state.sources;
  const message = await refusedDelete(ctx, { key: 'team', value: 'web' }, 'deleting a label on a source');
  assert.ok(message.includes(first.id), `the refusal names the source: ${message}`);
  assert.ok((await labelNames(ctx)).includes('team:web'), 'the refused label stays');

  for (const [key, value] of [['team', 'data'], ['tier', 'gold']]) {
    const answer = await ctx.labels.deleteLabel(key, value);
    assert.equal(answer.body.data.status, 'SUCCESS');
    assert.ok(tokenOf(answer));
  }
  assert.deepEqual(await labelNames(ctx), ['environment:dev', 'environment:prod', 'team:web']);
  await expectHttpError(ctx.labels.deleteLabel('tier', 'gold'), 404, 'label', 'deleting a deleted label');
}

/**
 * A label used only by a permission cannot be deleted. region:eu is granted to a user (addPermissionsToUser,
 * label-scoped Source Read-only; the label's token makes identity-service wait for it). resource-service learns
 * of the grant from identity-service's event a moment later, so the label is first also put on a source: every
 * delete attempt is then refused whatever resource-service knows, until the refusal names the user too. Then the
 * source drops it: the delete is still refused, naming only the user. Once the user's permissions are replaced
 * by none, the delete is accepted (again after resource-service consumed the revocation).
 */
async function deleteLabelUsedByPermission(ctx) {
  const user = ctx.members[1];
  const source = ctx.state.sources[2];
  const label = { key: 'region', value: 'eu' };
  await ctx.labels.createLabel({ label });
  const labelled = await ctx.sources.addLabelsToSource(source.id, { labels: [label] });
  const sourceRead = (await rolesByName(ctx)).get('Source Read-only');
  const granted = await ctx.users.addPermissionsToUser(user.id, {
    permissions: [{ roleId: sourceRead.id, resources: [{ id: ctx.workspace.id, type: 'WORKSPACE', labels: [label] }] }],
  }, withToken(tokenOf(labelled)));
  assert.deepEqual(granted.body.data.permissions[0].resources[0].labels.map((l) => `${l.key}:${l.value}`),
    ['region:eu']);

  const start = Date.now();
  const both = await eventually(async () => {
    const message = await refusedDelete(ctx, label, 'deleting a label on a source and in a permission');
    assert.ok(message.includes(source.id), `the refusal names the source: ${message}`);
    return message.includes(user.id) ? message : undefined;
  }, USAGE_WAIT_MS, 'resource-service learns that a permission uses region:eu');
  ctx.notes.push(`deleteLabel: the grant's usage was known to resource-service after ${Date.now() - start} ms`);
  assert.match(both, /permissions of user /);

  await ctx.sources.replaceLabelsInSource(source.id, { labels: [] });
  const onlyPermission = await refusedDelete(ctx, label, 'deleting a label used only by a permission');
  assert.ok(onlyPermission.includes(user.id), `the refusal names the user: ${onlyPermission}`);
  assert.ok(!onlyPermission.includes(source.id), `the source no longer carries it: ${onlyPermission}`);
  assert.ok((await labelNames(ctx)).includes('region:eu'), 'the refused label stays');

  await ctx.users.replacePermissionsForUser(user.id, { permissions: [] });
  await eventually(async () => {
    try {
      const answer = await ctx.labels.deleteLabel(label.key, label.value);
      return answer.body.data.status === 'SUCCESS';
    } catch (error) {
      if (error && error.name === 'HttpError' && error.statusCode === 409) {
        return false;
      }
      throw error;
    }
  }, USAGE_WAIT_MS, 'deleteLabel accepted once the permission is gone');
  assert.ok(!(await labelNames(ctx)).includes('region:eu'));
}

module.exports = { createLabel, deleteLabel, deleteLabelUsedByPermission };
