package io.iamsuite.bench.dataset;

import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.events.TokenEvent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates a {@link Dataset} from a {@link DatasetSpec}, deterministically (same spec and seed, same dataset).
 *
 * <p>Per ordinary workspace {@code ws_<n>}: users {@code u_0} (owner) .. {@code u_<users-1>}; groups {@code g_<n>}
 * with random members (never the owner); sources {@code src_<n>} labelled {@code env:<e>} and {@code team:t<k>};
 * destinations {@code dst_<n>} under random sources; tokens {@code tok_<n>}. Grants per member: a listed Source
 * Admin, a listed Source Read-only, a label-scoped Source Admin (env AND team), and every tenth member a
 * workspace-wide Source Read-only, the others a listed Destination Read-only. Per group: a label-scoped Source
 * Read-only (env AND team), a label-scoped Source Admin (env), a listed Source Admin, a listed Source Read-only, a
 * listed Destination Read-only. Per member token: a listed Source Read-only and a label-scoped Source Admin (env).
 * Plus {@code ws_big}: {@code lookupSources} sources labelled {@code env:prod} and {@code u_big} holding Source
 * Read-only on {@code env:prod}.
 */
public final class DatasetGenerator {
    public static final String BIG = "ws_big";
    public static final String BIG_USER = "u_big";

    private final String sourceAdmin;
    private final String sourceRead;
    private final String destinationRead;

    public DatasetGenerator(RoleCatalogue catalogue) {
        this.sourceAdmin = catalogue.roleByName("Source Admin").orElseThrow().id();
        this.sourceRead = catalogue.roleByName("Source Read-only").orElseThrow().id();
        this.destinationRead = catalogue.roleByName("Destination Read-only").orElseThrow().id();
    }

    public static Dataset generate(DatasetSpec spec) {
        return new DatasetGenerator(RoleCatalogue.load()).build(spec);
    }

    public Dataset build(DatasetSpec spec) {
        SplittableRandom random = new SplittableRandom(spec.seed());
        List<Dataset.Workspace> workspaces = new ArrayList<>(spec.workspaces() + 1);
        for (int w = 0; w < spec.workspaces(); w++) {
            workspaces.add(workspace("ws_" + w, spec, random));
        }
        if (spec.lookupSources() > 0) {
            workspaces.add(big(spec));
        }
        return new Dataset(spec, Collections.unmodifiableList(workspaces));
    }

    private Dataset.Workspace workspace(String ws, DatasetSpec spec, SplittableRandom random) {
        List<LabelRef> labels = new ArrayList<>();
        for (int e = 0; e < spec.envs(); e++) {
            labels.add(env(e));
        }
        for (int t = 0; t < spec.teams(); t++) {
            labels.add(team(t));
        }
        List<Dataset.Resource> resources = new ArrayList<>(spec.sources() + spec.destinations());
        for (int s = 0; s < spec.sources(); s++) {
            resources.add(new Dataset.Resource(new ResourceRef(ResourceType.SOURCE, "src_" + s), null,
                    List.of(env(s % spec.envs()), team(s % spec.teams()))));
        }
        for (int d = 0; d < spec.destinations(); d++) {
            resources.add(new Dataset.Resource(new ResourceRef(ResourceType.DESTINATION, "dst_" + d),
                    "src_" + random.nextInt(spec.sources()), List.of()));
        }
        List<Dataset.Member> members = new ArrayList<>(spec.users());
        for (int u = 0; u < spec.users(); u++) {
            members.add(new Dataset.Member("u_" + u, u == 0 ? MemberRole.OWNER : MemberRole.MEMBER));
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (int g = 0; g < spec.groups(); g++) {
            Set<String> in = new LinkedHashSet<>();
            for (int k = 0; k < spec.membersPerGroup(); k++) {
                in.add("u_" + (1 + random.nextInt(spec.users() - 1)));
            }
            groups.put("g_" + g, List.copyOf(in));
        }
        List<Dataset.Token> tokens = new ArrayList<>(spec.tokens());
        for (int t = 0; t < spec.tokens(); t++) {
            tokens.add(new Dataset.Token("tok_" + t, t % 4 == 0 ? TokenEvent.Access.OWNER : TokenEvent.Access.MEMBER));
        }
        Grants grants = new Grants();
        ResourceRef workspace = ResourceRef.workspace(ws);
        for (int u = 1; u < spec.users(); u++) {
            Subject user = Subject.user("u_" + u);
            grants.add(user, Grant.on(sourceAdmin, source(random, spec)));
            grants.add(user, Grant.on(sourceRead, source(random, spec)));
            grants.add(user, new Grant(sourceAdmin, workspace, envAndTeam(random, spec)));
            grants.add(user, u % 10 == 0 ? Grant.on(sourceRead, workspace) : Grant.on(destinationRead, destination(random, spec)));
        }
        for (String group : groups.keySet()) {
            Subject holder = Subject.group(group);
            grants.add(holder, new Grant(sourceRead, workspace, envAndTeam(random, spec)));
            grants.add(holder, new Grant(sourceAdmin, workspace, List.of(env(random.nextInt(spec.envs())))));
            grants.add(holder, Grant.on(sourceAdmin, source(random, spec)));
            grants.add(holder, Grant.on(sourceRead, source(random, spec)));
            grants.add(holder, Grant.on(destinationRead, destination(random, spec)));
        }
        for (Dataset.Token token : tokens) {
            if (token.access() == TokenEvent.Access.MEMBER) {
                Subject holder = Subject.token(token.tokenId());
                grants.add(holder, Grant.on(sourceRead, source(random, spec)));
                grants.add(holder, new Grant(sourceAdmin, workspace, List.of(env(random.nextInt(spec.envs())))));
            }
        }
        return new Dataset.Workspace(ws, List.copyOf(labels), Collections.unmodifiableList(resources),
                Collections.unmodifiableList(members), Collections.unmodifiableMap(groups),
                Collections.unmodifiableList(tokens), grants.list());
    }

    private Dataset.Workspace big(DatasetSpec spec) {
        LabelRef prod = new LabelRef("env", "prod");
        List<Dataset.Resource> resources = new ArrayList<>(spec.lookupSources());
        for (int s = 0; s < spec.lookupSources(); s++) {
            resources.add(new Dataset.Resource(new ResourceRef(ResourceType.SOURCE, String.format("src_%07d", s)), null,
                    List.of(prod)));
        }
        Grants grants = new Grants();
        grants.add(Subject.user(BIG_USER), new Grant(sourceRead, ResourceRef.workspace(BIG), List.of(prod)));
        return new Dataset.Workspace(BIG, List.of(prod), Collections.unmodifiableList(resources),
                List.of(new Dataset.Member(BIG_USER, MemberRole.MEMBER)), Map.of(), List.of(), grants.list());
    }

    private static LabelRef env(int e) {
        return new LabelRef("env", e == 0 ? "prod" : e == 1 ? "dev" : e == 2 ? "stage" : "env" + e);
    }

    private static LabelRef team(int t) {
        return new LabelRef("team", "t" + t);
    }

    private static List<LabelRef> envAndTeam(SplittableRandom random, DatasetSpec spec) {
        return List.of(env(random.nextInt(spec.envs())), team(random.nextInt(spec.teams())));
    }

    private static ResourceRef source(SplittableRandom random, DatasetSpec spec) {
        return new ResourceRef(ResourceType.SOURCE, "src_" + random.nextInt(spec.sources()));
    }

    private static ResourceRef destination(SplittableRandom random, DatasetSpec spec) {
        return new ResourceRef(ResourceType.DESTINATION, "dst_" + random.nextInt(spec.destinations()));
    }

    /** A workspace's grants without exact duplicates per holder (as the services store them). */
    private static final class Grants {
        private final Set<Dataset.Held> seen = new LinkedHashSet<>();

        void add(Subject holder, Grant grant) {
            seen.add(new Dataset.Held(holder, grant));
        }

        List<Dataset.Held> list() {
            return List.copyOf(seen);
        }
    }
}
