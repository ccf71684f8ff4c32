'use strict';
const assert = require('node:assert/strict');
const { allPages } = require('../lib/suite');

/** listRoles, every page: Segment's documented role ids are there. */
async function listRoles(ctx) {
  const { items, pages } = await allPages((pagination) => ctx.roles.listRoles(pagination), (data) => data.roles, 7);
  assert.equal(new Set(items.map((r) => r.id)).size, items.length, 'a role listed twice');
  assert.equal(items.length, pages[0].totalEntries);
  const byId = new Map(items.map((role) => [role.id, role]));
  assert.equal(byId.get('1WDUuRLxv84rrfCNUwvkrRtkxnS').name, 'Workspace Owner');
  assert.equal(byId.get('1aEWAcU0fArxScocwH9xxLgW7r3').name, 'Minimal Workspace Access');
  for (const name of ['Source Admin', 'Source Read-only', 'Workspace Member']) {
    assert.ok(items.some((role) => role.name === name), `role ${name}`);
  }
  assert.ok(items.every((role) => typeof role.description === 'string' && role.description.length > 0));
  ctx.notes.push(`listRoles: ${items.length} roles over ${pages.length} pages`);
}

module.exports = { listRoles };
