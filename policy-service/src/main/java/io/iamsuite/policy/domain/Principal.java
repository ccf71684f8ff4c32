package io.iamsuite.policy.domain;

import io.iamsuite.catalogue.GrantEvaluator.CompiledGrants;
import io.iamsuite.events.ResourceRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a check needs to know of a user or a token of one workspace, in one object: whether it may do everything
 * (an owner, an owner token), and its own grants and its groups' grants compiled into one encoded array with the
 * union of their action masks. A check finds it with one lookup; an action outside the union is denied without
 * touching the resource, one a workspace-wide grant confers is allowed after the resource's tombstone check, and
 * anything else is one scan of one array. Immutable: {@link WorkspaceState} replaces it whenever the member's role,
 * grants, groups or a group's grants change.
 *
 * <p>A group with many resource or label grants ({@link #INLINE_WORDS} words or more) is kept by reference instead
 * of copied into each member's array, so that a change to a large group's grants does not copy them once per member.
 */
final class Principal {
    /** Groups whose grants encode to fewer words than this are copied into their members' arrays. */
    static final int INLINE_WORDS = 64;

    // The reference fields in the order a check reads them. G1 copies a surviving object's referents right after it,
    // first field first (it pushes them backwards onto its stack), so the encoded grants come to lie right after the
    // principal, in the same or the next cache line, instead of after the objects of its own grants: the allowed
    // checks' p50 at medium went from 254-274 to 241-258 ns (PeerBench, alternating forks).
    /** Own grants and the small groups' grants, encoded one after the other. */
    final long[] code;
    final ResourceRef[] targets;
    final boolean owner;
    /** The subject's own grants, compiled (kept to rebuild the principal when only its groups change). */
    final CompiledGrants own;
    /** The large groups' grants, scanned after {@link #code}. */
    final CompiledGrants[] large;
    /** The masks: in the fields below when the catalogue has at most 64 actions (one word, no array to follow). */
    private final long any0;
    private final long workspaceWide0;
    private final long[] any;
    private final long[] workspaceWide;

    Principal(boolean owner, CompiledGrants own, List<CompiledGrants> groups) {
        this.owner = owner;
        this.own = own;
        List<CompiledGrants> small = new ArrayList<>(groups.size());
        List<CompiledGrants> big = new ArrayList<>(0);
        for (CompiledGrants group : groups) {
            (group.size() < INLINE_WORDS ? small : big).add(group);
        }
        CompiledGrants flat = own.concat(small);
        this.code = flat.code();
        this.targets = flat.targets();
        this.large = big.toArray(new CompiledGrants[0]);
        long[] anyMask = flat.any().clone();
        long[] workspaceMask = flat.workspaceWide().clone();
        for (CompiledGrants group : big) {
            for (int i = 0; i < anyMask.length; i++) {
                anyMask[i] |= group.any()[i];
                workspaceMask[i] |= group.workspaceWide()[i];
            }
        }
        boolean oneWord = anyMask.length == 1;
        this.any0 = anyMask[0];
        this.workspaceWide0 = workspaceMask[0];
        this.any = oneWord ? null : anyMask;
        this.workspaceWide = oneWord ? null : workspaceMask;
    }

    /** Whether any of its grants (or its groups') could confer the action somewhere. */
    boolean mayAny(int action) {
        return any == null ? (any0 & (1L << action)) != 0 : CompiledGrants.has(any, action);
    }

    /** Whether a workspace-wide grant confers the action on every resource of its type. */
    boolean workspaceWide(int action) {
        return workspaceWide == null ? (workspaceWide0 & (1L << action)) != 0 : CompiledGrants.has(workspaceWide, action);
    }

    /** A canonical text, for tests comparing an incrementally maintained index with a rebuilt one. */
    String describe() {
        List<String> largeTexts = new ArrayList<>();
        for (CompiledGrants group : large) {
            largeTexts.add(group.describe());
        }
        Collections.sort(largeTexts);
        return (owner ? "owner " : "") + any0 + "/" + workspaceWide0 + java.util.Arrays.toString(any)
                + java.util.Arrays.toString(workspaceWide)
                + " own " + own.describe() + " all " + CompiledGrants.describe(code, targets) + " large " + largeTexts;
    }
}
