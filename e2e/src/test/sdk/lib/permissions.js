'use strict';
// Permissions as comparable strings: "<roleName> (<roleId>) on <TYPE>:<id>[key:value,...]", sorted, so that
// what the SDK answers (its PermissionV1 / AccessPermissionV1 models, with undefined optional fields) compares
// with what a scenario granted regardless of order.
const assert = require('node:assert/strict');

function describePermissions(permissions) {
  const described = [];
  for (const permission of permissions || []) {
    assert.equal(typeof permission.roleId, 'string', `roleId of ${JSON.stringify(permission)}`);
    assert.equal(typeof permission.roleName, 'string', `roleName of ${JSON.stringify(permission)}`);
    for (const resource of permission.resources || []) {
      const labels = (resource.labels || []).map((l) => `${l.key}:${l.value}`).sort();
      described.push(`${permission.roleName} (${permission.roleId}) on ${resource.type}:${resource.id}`
        + (labels.length ? `[${labels.join(',')}]` : ''));
    }
  }
  return described.sort();
}

/** The expected strings for [role, type, id, labels?] tuples. */
function expected(...grants) {
  return grants.map(([role, type, id, labels]) => `${role.name} (${role.id}) on ${type}:${id}`
    + (labels && labels.length ? `[${labels.map((l) => `${l.key}:${l.value}`).sort().join(',')}]` : '')).sort();
}

module.exports = { describePermissions, expected };
