package io.iamsuite.bench.jmh;

import io.iamsuite.auth.TokenDirectory;
import io.iamsuite.auth.TokenSecrets;
import io.iamsuite.catalogue.GrantEvaluator;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.events.Actor;
import io.iamsuite.events.EventEnvelope;
import io.iamsuite.events.EventTypes;
import io.iamsuite.events.Grant;
import io.iamsuite.events.LabelRef;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.TokenEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * What authentication and authorization cost per API request, in process (issue 5: under 20 µs, no network hop):
 * a directory of {@code tokens} tokens (half members with three grants, one label-scoped), secrets looked up in
 * random order. {@code authenticate} is one SHA-256 of the secret and two hash-map lookups;
 * {@code authenticateAndAuthorize} adds the grant evaluation of a member token on a labelled source.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IntrospectionBench {
    @Param({"100000"})
    int tokens;

    private TokenDirectory directory;
    private String[] secrets;
    private int next;
    private GrantEvaluator evaluator;
    private GrantEvaluator.Target target;
    private final Instant now = Instant.now();
    private final String unknown = TokenSecrets.generate();

    @Setup
    public void setUp() {
        RoleCatalogue catalogue = RoleCatalogue.load();
        String sourceAdmin = catalogue.roleByName("Source Admin").orElseThrow().id();
        String sourceRead = catalogue.roleByName("Source Read-only").orElseThrow().id();
        evaluator = new GrantEvaluator(catalogue);
        directory = new TokenDirectory();
        secrets = new String[tokens];
        for (int i = 0; i < tokens; i++) {
            String ws = "ws_" + (i % 1000);
            String secret = TokenSecrets.generate();
            secrets[i] = secret;
            boolean member = i % 2 == 0;
            List<Grant> grants = member ? List.of(
                    Grant.on(sourceRead, new ResourceRef(ResourceType.SOURCE, "src_" + i)),
                    Grant.on(sourceAdmin, new ResourceRef(ResourceType.SOURCE, "src_x" + i)),
                    new Grant(sourceAdmin, ResourceRef.workspace(ws), List.of(new LabelRef("environment", "prod"))))
                    : List.of();
            var event = new TokenEvent.TokenIssued("tok_" + i, "bench", member ? TokenEvent.Access.MEMBER
                    : TokenEvent.Access.OWNER, grants, TokenSecrets.hash(secret), "usr_1", null);
            directory.apply(new EventEnvelope(UUID.randomUUID(), EventTypes.typeOf(event.getClass()), 1, ws,
                    "token:" + ws + ":tok_" + i, 1, i + 1L, now, Actor.system(), "bench", event));
        }
        target = new GrantEvaluator.Target(new ResourceRef(ResourceType.SOURCE, "src_y"),
                Set.of(new LabelRef("environment", "prod")), null, Set.of());
        // a pseudo-random visiting order, so lookups do not walk the maps in insertion order
        java.util.Random random = new java.util.Random(42);
        for (int i = secrets.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = secrets[i];
            secrets[i] = secrets[j];
            secrets[j] = t;
        }
    }

    private String nextSecret() {
        String secret = secrets[next];
        next = next + 1 == secrets.length ? 0 : next + 1;
        return secret;
    }

    @Benchmark
    public TokenDirectory.Result authenticate() {
        return directory.authenticate(nextSecret(), now);
    }

    @Benchmark
    public boolean authenticateAndAuthorize() {
        TokenDirectory.Result result = directory.authenticate(nextSecret(), now);
        return result.ok() && (result.principal().owner()
                || evaluator.allows(result.principal().grants(), "source.update", target));
    }

    @Benchmark
    public String sha256Only() {
        return TokenSecrets.hash(nextSecret());
    }

    @Benchmark
    public TokenDirectory.Result unknownSecret() {
        return directory.authenticate(unknown, now);
    }
}
