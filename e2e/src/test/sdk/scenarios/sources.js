'use strict';
// Sources through the SDK's SourcesApi (resource-service): createSource, getSource, addLabelsToSource,
// listSources (every cursor), replaceLabelsInSource. Wire differences (also in docs/api.md):
//  - paths: Segment's own (/sources...), the workspace named by the owner API token;
//  - Segment's CreateSourceV1Input has no name (Segment derives it from the catalogue's metadataId); ours
//    accepts an optional name, which the SDK never sends, so a source made by the SDK is named by its slug.
//    metadataId, enabled and settings are accepted and not kept; the answer carries only what matters for
//    access (id, slug, name, workspaceId, labels), so the SDK's SourceV1 has metadata, enabled and writeKeys
//    undefined.
const assert = require('node:assert/strict');
const { allPages, expectHttpError, inParallel, tokenOf } = require('../lib/suite');

const SOURCES = 25;
const labelsOf = (labels) => (labels || []).map((l) => `${l.key}:${l.value}`).sort();

/** createSource, 25 times; a duplicate slug is a 409 naming slug, a missing one a 422. */
async function createSource(ctx) {
  const slugs = Array.from({ length: SOURCES }, (_, i) => `sdk-source-${String(i).padStart(2, '0')}`);
  const created = await inParallel(slugs, 5, async (slug) => {
    const answer = await ctx.sources.createSource({ slug, enabled: true, metadataId: 'sdk-e2e-metadata' });
    assert.equal(answer.response.statusCode, 201);
    ctx.state.resourceToken = tokenOf(answer);
    return answer.body.data.source;
  });
  created.forEach((source, i) => {
    assert.match(source.id, /^src_/);
    assert.equal(source.slug, slugs[i]);
    assert.equal(source.name, slugs[i], 'named by its slug (the SDK sends no name)');
    assert.equal(source.workspaceId, ctx.workspace.id);
    assert.deepEqual(source.labels, []);
  });
  const read = await ctx.sources.getSource(created[0].id);
  assert.equal(read.body.data.source.id, created[0].id);

  await expectHttpError(ctx.sources.createSource({ slug: slugs[0], enabled: true, metadataId: 'x' }), 409, 'slug',
    'a duplicate slug');
  await expectHttpError(ctx.sources.createSource({ enabled: true, metadataId: 'x' }), 422, 'slug', 'no slug');
  await expectHttpError(ctx.sources.getSource('src_unknown'), 404, 'sourceId', 'getSource of an unknown source');
  ctx.state.sources = created;
}

/**
 * addLabelsToSource: labels join a source's; a key the source has takes the new value (one value per key);
 * an unknown label is a 404, two values of one key a 422 (both naming labels).
 */
async function addLabelsToSource(ctx) {
  const [first, second] = ctx.state.sources;
  const added = await ctx.sources.addLabelsToSource(first.id,
    { labels: [{ key: 'team', value: 'data' }, { key: 'environment', value: 'prod' }] });
  assert.deepEqual(labelsOf(added.body.data.labels), ['environment:prod', 'team:data']);
  const switched = await ctx.sources.addLabelsToSource(first.id, { labels: [{ key: 'environment', value: 'dev' }] });
  assert.deepEqual(labelsOf(switched.body.data.labels), ['environment:dev', 'team:data'], 'one value per key');
  assert.deepEqual(labelsOf((await ctx.sources.getSource(first.id)).body.data.source.labels),
    ['environment:dev', 'team:data']);
  await ctx.sources.addLabelsToSource(second.id, { labels: [{ key: 'team', value: 'data' }] });

  await expectHttpError(ctx.sources.addLabelsToSource(first.id, { labels: [{ key: 'team', value: 'nobody' }] }), 404,
    'labels', 'an unknown label');
  await expectHttpError(ctx.sources.addLabelsToSource(first.id,
    { labels: [{ key: 'team', value: 'data' }, { key: 'team', value: 'web' }] }), 422, 'labels', 'two values of a key');
  await expectHttpError(ctx.sources.addLabelsToSource('src_unknown', { labels: [{ key: 'team', value: 'data' }] }), 404,
    'sourceId', 'labelling an unknown source');
  assert.deepEqual(labelsOf((await ctx.sources.getSource(first.id)).body.data.source.labels),
    ['environment:dev', 'team:data'], 'refused labels change nothing');
}

/** listSources with count 10, following pagination.next: every source exactly once, labels included. */
async function listSources(ctx) {
  const pageSize = 10;
  const { items, pages } = await allPages((pagination) => ctx.sources.listSources(pagination),
    (data) => data.sources, pageSize);
  const ids = items.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'a source listed twice');
  assert.deepEqual([...ids].sort(), ctx.state.sources.map((s) => s.id).sort(), 'exactly the created sources');
  assert.equal(pages.length, Math.ceil(SOURCES / pageSize));
  assert.ok(pages.every((p) => p.totalEntries === SOURCES), 'totalEntries on every page');
  assert.ok(!pages[0].previous, 'no previous on the first page');
  assert.ok(pages.slice(1).every((p) => typeof p.previous === 'string'), 'previous on every later page');
  const first = items.find((s) => s.id === ctx.state.sources[0].id);
  assert.deepEqual(labelsOf(first.labels), ['environment:dev', 'team:data'], 'labels in the list');

  await expectHttpError(ctx.sources.listSources({ count: 0 }), 422, 'pagination.count', 'listSources count 0');
  await expectHttpError(ctx.sources.listSources({ count: 10, cursor: 'not-a-cursor' }), 422, 'pagination.cursor',
    'listSources with a foreign cursor');
  ctx.notes.push(`listSources: ${items.length} sources over ${pages.length} pages of ${pageSize}`);
}

/** replaceLabelsInSource: exactly the given labels remain (none for an empty list). */
async function replaceLabelsInSource(ctx) {
  const [first, second] = ctx.state.sources;
  const replaced = await ctx.sources.replaceLabelsInSource(first.id, { labels: [{ key: 'team', value: 'web' }] });
  assert.deepEqual(labelsOf(replaced.body.data.labels), ['team:web']);
  assert.deepEqual(labelsOf((await ctx.sources.getSource(first.id)).body.data.source.labels), ['team:web']);
  const emptied = await ctx.sources.replaceLabelsInSource(second.id, { labels: [] });
  assert.deepEqual(emptied.body.data.labels, []);
  assert.deepEqual((await ctx.sources.getSource(second.id)).body.data.source.labels, []);
  await expectHttpError(ctx.sources.replaceLabelsInSource(first.id, { labels: [{ key: 'tier', value: 'nobody' }] }),
    404, 'labels', 'replacing with an unknown label');
  assert.deepEqual(labelsOf((await ctx.sources.getSource(first.id)).body.data.source.labels), ['team:web']);
}

module.exports = { createSource, addLabelsToSource, listSources, replaceLabelsInSource };
