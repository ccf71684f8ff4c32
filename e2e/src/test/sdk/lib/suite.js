'use strict';
// The running suite as the official SDK sees it, plus the few calls of ours the SDK does not have.
//
// Where our wire format differs from the SDK's (also in docs/api.md, "Segment SDK compatibility"):
//  1. Paths: none. The SDK runs with its own paths ("/users", "/groups", "/group/{id}/users", "/sources",
//     "/labels", "/roles") against the gateway as its base path, with an owner API token of the workspace (issued
//     by token-service in setUp); the token names the workspace, as Segment's does.
//  2. Set-up and our own calls (adding members, accepting invites) use the suite's operator secret
//     (IAM_SDK_OPERATOR_SECRET) and our /workspaces/{id}/... paths: Segment has no calls for them.
//  3. No SDK call adds a member or creates a workspace (Segment has invites for people and no workspace
//     creation); the set-up uses our own POST /workspaces and POST /workspaces/{id}/members.
//  4. Writes answer a consistency token in data.consistencyToken and the X-Consistency-Token header. The SDK's
//     models drop unknown fields, so SDK users read it from the header (result.response.headers). A step that
//     needs an earlier write of another service to be visible passes that write's token back with the SDK's
//     last argument, { headers: { 'X-Consistency-Token': token } } (e.g. a grant on a source created a moment
//     ago: identity-service waits until it has applied resource-service's events up to that write).
//  5. Fields of ours in answers (e.g. createInvites' data.invites[].id, listInvites' data.inviteDetails) are
//     dropped by the SDK's models from result.body; they are in the raw answer, result.response.body.
//  6. Accepting an invite is ours (Segment's invitee accepts in its web app): POST
//     /workspaces/{id}/invites/{inviteId}/accept {"name"}, plain HTTP.
//  7. The sources and labels APIs get the workspace base path too (resource-service), like the IAM APIs.
// Not differences, but adaptations of the server that these scenarios rely on:
//  - the SDK's HTTP library sends arrays as userIds[0]=a&userIds[1]=b and pagination as pagination[count]=n;
//    the services read both spellings (platform/rest: IndexedQueryArrays, Pagination);
//  - replaceUsersInUserGroup and removeUsersFromUserGroup call /group/{id}/users (singular); the gateway
//    rewrites it to /groups/{id}/users (deploy/local/nginx.conf.template).

const sdk = require('@segment/public-api-sdk-typescript');

const OPERATOR_TOKEN = process.env.IAM_SDK_OPERATOR_SECRET;
const JSON_TYPE = 'application/json';

/** Our own endpoints, over plain HTTP (Node's fetch). Answers {status, body, headers}. */
function ours(gateway) {
  async function call(method, path, body, headers = {}) {
    const response = await fetch(gateway + path, {
      method,
      headers: { Accept: JSON_TYPE, Authorization: 'Bearer ' + OPERATOR_TOKEN,
        ...(body === undefined ? {} : { 'Content-Type': JSON_TYPE }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch (e) {
      parsed = text;
    }
    return { status: response.status, body: parsed, headers: response.headers };
  }
  return { call };
}

/** Runs `work` over `items` with at most `limit` calls in flight; results in input order. */
async function inParallel(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function expectStatus(answer, status, what) {
  if (answer.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/**
 * A fresh workspace with `memberCount` members (the first an OWNER), and the SDK's IAM APIs pointed at it.
 * Members are listed by email, so their emails sort in creation order.
 */
async function setUp(gateway, memberCount) {
  const http = ours(gateway);
  const run = Math.random().toString(36).slice(2, 10);
  const created = expectStatus(await http.call('POST', '/workspaces', { name: `SDK ${run}`, slug: `sdk-${run}` }),
    201, 'POST /workspaces');
  const workspace = created.data.workspace;
  const creationToken = created.data.consistencyToken;

  const emails = Array.from({ length: memberCount }, (_, i) => `sdk-${String(i).padStart(4, '0')}-${run}@example.com`);
  const add = async (email, index) => {
    // The creation's token makes identity-service wait until it knows the new workspace (no 404 window).
    const answer = await http.call('POST', `/workspaces/${workspace.id}/members`,
      { email, name: `SDK user ${index}`, role: index === 0 ? 'OWNER' : 'MEMBER' },
      { 'X-Consistency-Token': creationToken });
    return expectStatus(answer, 201, `POST /workspaces/${workspace.id}/members ${email}`).data.user;
  };
  const owner = await add(emails[0], 0);
  const rest = await inParallel(emails.slice(1), 8, (email, i) => add(email, i + 1));
  const members = [owner, ...rest];

  // An owner API token of the workspace (token-service), as a Segment customer holds one: with it the SDK uses
  // Segment's own paths ("/users", "/sources", ...) and the token names the workspace.
  const issued = expectStatus(await http.call('POST', `/workspaces/${workspace.id}/tokens`,
    { description: 'SDK e2e owner token', access: 'OWNER' }, { 'X-Consistency-Token': creationToken }),
  201, `POST /workspaces/${workspace.id}/tokens`).data;
  const ownerToken = issued.secret;
  // Every service learns the token from token-service's events (well under a second); wait until both the
  // identity and the resource service accept it.
  const deadline = Date.now() + 15000;
  for (const probe of ['/users', '/sources']) {
    for (;;) {
      const answer = await http.call('GET', probe, undefined, { Authorization: `Bearer ${ownerToken}` });
      if (answer.status === 200) break;
      if (Date.now() > deadline) throw new Error(`the owner token was not accepted at ${probe}: ${answer.status}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  const apis = sdk.configureApis(ownerToken);
  for (const api of [apis.iamUsers, apis.iamGroups, apis.iamRoles, apis.sources, apis.labels]) {
    api.basePath = gateway;
  }

  return {
    sdk,
    gateway,
    http,
    workspace,
    members,
    users: apis.iamUsers,
    groups: apis.iamGroups,
    roles: apis.iamRoles,
    sources: apis.sources,
    labels: apis.labels,
    /** What scenarios hand on to later ones (e.g. the group they created). */
    state: {},
    /** Facts worth reading in the test output, collected into the report. */
    notes: [],
  };
}

/** The SDK's error for a failed call: the status and our error envelope. */
async function expectHttpError(promise, status, field, what) {
  try {
    await promise;
  } catch (e) {
    // (the APIs throw their own module's HttpError class, not the one the package index exports)
    if (!e || e.name !== 'HttpError') {
      throw e;
    }
    if (e.statusCode !== status) {
      throw new Error(`${what}: expected HTTP ${status}, got ${e.statusCode} ${JSON.stringify(e.body)}`);
    }
    const errors = e.body && e.body.errors;
    if (!Array.isArray(errors) || !errors.some((error) => error.field === field && error.type && error.message)) {
      throw new Error(`${what}: expected an error naming ${field}, got ${JSON.stringify(e.body)}`);
    }
    if (e.body.data !== undefined) {
      throw new Error(`${what}: data beside errors in ${JSON.stringify(e.body)}`);
    }
    return errors;
  }
  throw new Error(`${what}: expected HTTP ${status}, but the call succeeded`);
}

/** Follows pagination.next until it is absent; answers every item of every page, in order, and the pages. */
async function allPages(fetchPage, itemsOf, count) {
  const items = [];
  const pages = [];
  let cursor;
  for (let guard = 0; guard < 10000; guard++) {
    const { body } = await fetchPage(cursor === undefined ? { count } : { count, cursor });
    const page = itemsOf(body.data);
    if (!Array.isArray(page) || page.length > count) {
      throw new Error(`a page of at most ${count} items expected, got ${JSON.stringify(body.data)}`);
    }
    pages.push(body.data.pagination);
    items.push(...page);
    cursor = body.data.pagination.next;
    if (cursor === undefined || cursor === null) {
      return { items, pages };
    }
  }
  throw new Error('pagination.next never ended');
}

/** The consistency token of an SDK call's answer (the X-Consistency-Token header). */
function tokenOf(answer) {
  const token = answer.response.headers['x-consistency-token'];
  if (!token) {
    throw new Error(`no X-Consistency-Token on ${JSON.stringify(answer.response.body)}`);
  }
  return token;
}

/** The SDK's options argument sending a consistency token. */
function withToken(token) {
  return { headers: { 'X-Consistency-Token': token } };
}

/** Every role of the catalogue by name (listRoles, every page). */
async function rolesByName(ctx) {
  const { items } = await allPages((pagination) => ctx.roles.listRoles(pagination), (data) => data.roles, 100);
  return new Map(items.map((role) => [role.name, role]));
}

/** Calls `attempt` until it answers a truthy value or `timeoutMs` passes (then throws, naming `what`). */
async function eventually(attempt, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await attempt();
    if (last) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The SDK's HttpError of a call expected to fail (any status); a success is an error. */
async function httpErrorOf(promise, what) {
  try {
    await promise;
  } catch (e) {
    if (!e || e.name !== 'HttpError') {
      throw e;
    }
    return e;
  }
  throw new Error(`${what}: expected an HTTP error, but the call succeeded`);
}

module.exports = {
  setUp, expectStatus, expectHttpError, allPages, inParallel, tokenOf, withToken, rolesByName, eventually, httpErrorOf,
};
