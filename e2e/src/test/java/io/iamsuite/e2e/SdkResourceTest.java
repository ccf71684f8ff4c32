package io.iamsuite.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;


/**
 * Issue 4's SDK acceptance: Segment's official TypeScript SDK (the version pinned in
 * {@code e2e/src/test/sdk/package-lock.json}, as for {@link SdkIdentityTest}) drives resource-service through the
 * gateway. The scenarios are listed in {@code e2e/src/test/sdk/scenarios/resource-index.js} ({@code sources.js},
 * {@code labels.js}; run by {@code run.js} with {@code IAM_SDK_SCENARIOS=resource-index}) against one fresh
 * workspace with an owner and one member: createSource (25 sources; duplicate slug 409, missing slug 422),
 * createLabel (duplicate 409, bad key/value 422), addLabelsToSource (one value per key; unknown label 404, two
 * values of a key 422), listSources with {@code count} 10 following every {@code pagination.next} (each source
 * exactly once, over 3 pages), replaceLabelsInSource, deleteLabel of a label on a source (the SDK's
 * {@code HttpError} with our 409, naming the source), of unused labels (accepted, gone from listLabels), and of a
 * label used only by a user's permission (granted with addPermissionsToUser: refused, naming the user; accepted
 * once the permission is replaced by none).
 *
 * <p>Where our wire format differs from the SDK's, and why (also in docs/api.md, "Segment SDK compatibility"):
 * <ul>
 *   <li>The sources and labels APIs get {@code basePath = <gateway>/workspaces/<id>}: the workspace is in the
 *       path until token-service authenticates callers (issue 5); the bearer token is a dummy.</li>
 *   <li>Segment's {@code CreateSourceV1Input} has no {@code name} (Segment derives it from the catalogue entry
 *       {@code metadataId}); our optional {@code name} is never sent by the SDK, so its sources are named by
 *       their slug. {@code metadataId}, {@code enabled} and {@code settings} are accepted and not kept, so the
 *       SDK's {@code SourceV1} reads {@code metadata}, {@code enabled} and {@code writeKeys} as undefined: the
 *       suite keeps only what matters for access.</li>
 *   <li>The grant on a label created a moment ago sends the label write's {@code X-Consistency-Token} (the SDK's
 *       options argument) to identity-service, which learns labels from resource-service's events.</li>
 *   <li>resource-service learns that a permission uses a label from identity-service's events, a moment after
 *       the grant, and its deleteLabel takes no consistency token. The scenario waits (at most 15 s) with a probe
 *       that cannot delete the label by accident: the label is also on a source while the refusal is polled
 *       until it names the user, then taken off the source (docs/services/resource-service.md, "the race").</li>
 * </ul>
 */
@ExtendWith(RunningSuite.class)
class SdkResourceTest {
    /** The scenarios this test vouches for; scenarios/resource-index.js may list more (they must pass too). */
    private static final List<String> SCENARIOS = List.of("createSource", "createLabel", "addLabelsToSource",
            "listSources", "replaceLabelsInSource", "deleteLabel", "deleteLabelUsedByPermission");
    /** The owner and the member whose permission uses a label. */
    private static final int MEMBERS = 2;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    private final Suite suite;

    SdkResourceTest(Suite suite) {
        this.suite = suite;
    }

    @Test
    void theOfficialSdkManagesSourcesAndLabels() throws Exception {
        NodeSdk.installed().runScenarios(suite, "resource-index", MEMBERS, SCENARIOS, RUN_TIMEOUT);
    }
}
