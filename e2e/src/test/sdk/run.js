'use strict';
// Drives the running suite with Segment's official Public API SDK (@segment/public-api-sdk-typescript, its
// compiled dist; pinned in package.json / package-lock.json). Run by SdkIdentityTest (which installs the SDK
// into e2e/target/sdk-node), or by hand against a running suite (deploy/local/iam up):
//   NODE_PATH=e2e/target/sdk-node/node_modules IAM_SDK_GATEWAY=http://127.0.0.1:8080 node e2e/src/test/sdk/run.js
// Settings: IAM_SDK_GATEWAY (required), IAM_SDK_MEMBERS (default 252), IAM_SDK_REPORT (a file for the JSON
// report), IAM_SDK_SCENARIOS (the list of scenarios to run: "index" (default, scenarios/index.js: users,
// groups, roles, invites, permissions; SdkIdentityTest) or "resource-index" (scenarios/resource-index.js:
// sources and labels; SdkResourceTest)). Exit status 0 only if every scenario passed.
const fs = require('node:fs');
const { setUp } = require('./lib/suite');

const plan = process.env.IAM_SDK_SCENARIOS || 'index';
if (!/^[a-z-]+$/.test(plan)) {
  throw new Error(`IAM_SDK_SCENARIOS must name a list in scenarios/, not ${plan}`);
}
const scenarios = require(`./scenarios/${plan}`);

function describe(error) {
  if (error && error.name === 'HttpError') {
    const request = error.response && error.response.request;
    const target = request ? `${request.method} ${request.uri && request.uri.href}` : 'request';
    return `${target} answered HTTP ${error.statusCode}: ${JSON.stringify(error.body)}`;
  }
  return error && error.stack ? error.stack : String(error);
}

async function main() {
  const gateway = (process.env.IAM_SDK_GATEWAY || '').replace(/\/+$/, '');
  if (!gateway) {
    throw new Error('set IAM_SDK_GATEWAY to the suite\'s gateway, e.g. http://127.0.0.1:8080');
  }
  const memberCount = Number(process.env.IAM_SDK_MEMBERS || 252);
  const sdkVersion = require('@segment/public-api-sdk-typescript/package.json').version;
  const report = { sdkVersion, gateway, plan, scenarios: [] };
  const t0 = Date.now();
  let ctx;
  try {
    ctx = await setUp(gateway, memberCount);
    report.workspaceId = ctx.workspace.id;
    report.members = ctx.members.length;
    console.log(`[sdk] ${sdkVersion}: workspace ${ctx.workspace.id} with ${ctx.members.length} members in ${Date.now() - t0} ms`);
  } catch (error) {
    report.setUpError = describe(error);
  }
  let failed = Boolean(report.setUpError);
  for (const scenario of scenarios) {
    if (failed) {
      report.scenarios.push({ name: scenario.name, status: 'not run' });
      continue;
    }
    const start = Date.now();
    try {
      await scenario(ctx);
      report.scenarios.push({ name: scenario.name, status: 'passed', ms: Date.now() - start });
      console.log(`[sdk] passed ${scenario.name} (${Date.now() - start} ms)`);
    } catch (error) {
      failed = true;
      report.scenarios.push({ name: scenario.name, status: 'failed', ms: Date.now() - start, error: describe(error) });
      console.log(`[sdk] FAILED ${scenario.name}: ${describe(error)}`);
    }
  }
  report.notes = ctx ? ctx.notes : [];
  report.ok = !failed && report.scenarios.length > 0;
  if (report.setUpError) {
    console.log(`[sdk] set-up failed: ${report.setUpError}`);
  }
  if (process.env.IAM_SDK_REPORT) {
    fs.writeFileSync(process.env.IAM_SDK_REPORT, JSON.stringify(report, null, 2));
  }
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error) => {
  console.error(describe(error));
  process.exitCode = 2;
});
