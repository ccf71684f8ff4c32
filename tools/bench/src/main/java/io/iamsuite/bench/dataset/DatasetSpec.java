package io.iamsuite.bench.dataset;

import java.util.Locale;

/**
 * The sizes of a generated dataset, per workspace, and its seed. Three presets: {@link #SMALL}, {@link #MEDIUM} (the
 * policy issue's size: 1,000 workspaces, 100,000 users, 20,000 groups, 100,000 ordinary resources plus one workspace
 * with {@code lookupSources} sources reachable by one user, 500,000+ grants) and {@link #LARGE} (10 x medium).
 *
 * @param workspaces            ordinary workspaces
 * @param users                 users per workspace (user 0 is the owner, the others members)
 * @param groups                groups per workspace
 * @param membersPerGroup       memberships per group (members drawn at random, so a user is in about
 *                              {@code groups * membersPerGroup / users} groups)
 * @param sources               sources per workspace, each with one {@code env} and one {@code team} label
 * @param destinations          destinations per workspace, each under a random source
 * @param envs                  values of the {@code env} label key
 * @param teams                 values of the {@code team} label key
 * @param tokens                API tokens per workspace (every fourth owner access, the others member tokens with
 *                              two grants)
 * @param lookupSources         sources of the extra workspace {@code ws_big}, all labelled {@code env:prod}, all
 *                              reachable by {@code u_big} through one label grant (0: no such workspace)
 * @param seed                  the random seed: the same spec gives the same dataset
 */
public record DatasetSpec(String name, int workspaces, int users, int groups, int membersPerGroup, int sources,
                          int destinations, int envs, int teams, int tokens, int lookupSources, long seed) {

    public static final DatasetSpec SMALL = new DatasetSpec("small", 100, 100, 20, 5, 70, 30, 3, 5, 10, 5_000, 42);
    public static final DatasetSpec MEDIUM = new DatasetSpec("medium", 1_000, 100, 20, 5, 70, 30, 3, 5, 10, 50_000, 42);
    public static final DatasetSpec LARGE = new DatasetSpec("large", 10_000, 100, 20, 5, 70, 30, 3, 5, 10, 500_000, 42);

    /** A preset by name (small, medium, large). */
    public static DatasetSpec preset(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "small":
                return SMALL;
            case "medium":
                return MEDIUM;
            case "large":
                return LARGE;
            default:
                throw new IllegalArgumentException("unknown dataset preset '" + name + "' (small, medium, large)");
        }
    }

    public DatasetSpec withWorkspaces(int count) {
        return new DatasetSpec(name + "-" + count, count, users, groups, membersPerGroup, sources, destinations, envs,
                teams, tokens, lookupSources, seed);
    }

    public DatasetSpec withSeed(long newSeed) {
        return new DatasetSpec(name, workspaces, users, groups, membersPerGroup, sources, destinations, envs, teams,
                tokens, lookupSources, newSeed);
    }
}
