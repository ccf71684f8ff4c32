package io.iamsuite.policy.domain;

import io.iamsuite.catalogue.Scope;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.Subject;

import java.util.List;

/**
 * Why a check answers as it does.
 *
 * @param verdict the check's answer (always the same as {@link Evaluator#check})
 * @param reason  one code: {@code owner}, {@code owner-token}, {@code grant} when allowed; otherwise
 *                {@code unknown-workspace}, {@code unknown-action}, {@code action-not-on-type},
 *                {@code other-workspace}, {@code resource-deleted}, {@code not-a-member}, {@code unknown-token},
 *                {@code no-grants} or {@code no-grant-reaches}
 * @param paths   when allowed by grants: every grant that allows, and whose it is (the user's, a group's, the
 *                token's)
 * @param misses  when denied: the subject's grants that come closest, closest first (a grant of the right role
 *                missing some labels before a grant on another resource before a role that does not confer the
 *                action at all); at most {@value Evaluator#MAX_MISSES}
 */
public record Explanation(Verdict verdict, String reason, List<Path> paths, List<Miss> misses) {
    public Explanation {
        paths = List.copyOf(paths);
        misses = List.copyOf(misses);
    }

    static Explanation of(Verdict verdict, String reason) {
        return new Explanation(verdict, reason, List.of(), List.of());
    }

    /**
     * A grant that allows.
     *
     * @param holder       the user, group or token holding the grant
     * @param scope        how the grant reaches: the workspace, the listed resource, the labels
     * @param inheritedVia the relation through which the grant reaches the resource ({@code parentSource} for a
     *                     destination reached through its source), or null
     * @param text         one line for people, e.g. {@code group g1: Source Admin on labels env:prod}
     */
    public record Path(Subject holder, Grant grant, Scope scope, String inheritedVia, String text) {
    }

    /**
     * A grant that does not allow, and why.
     *
     * @param why           {@code missing-labels}, {@code other-resource}, {@code scope-does-not-confer} or
     *                      {@code role-does-not-confer}
     * @param missingLabels for {@code missing-labels}: the grant's labels the resource (or its parent) lacks
     */
    public record Miss(Subject holder, Grant grant, String why, List<LabelRef> missingLabels, String text) {
        public Miss {
            missingLabels = List.copyOf(missingLabels);
        }
    }
}
