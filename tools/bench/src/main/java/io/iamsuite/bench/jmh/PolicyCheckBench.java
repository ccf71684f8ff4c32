package io.iamsuite.bench.jmh;

import io.iamsuite.bench.policy.PolicyDataset;
import io.iamsuite.catalogue.RoleCatalogue;
import io.iamsuite.policy.domain.CheckRequest;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Projection;
import io.iamsuite.policy.domain.Verdict;
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

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One in-process permission check of policy-service's {@link Evaluator} over the {@link PolicyDataset} (1,000
 * workspaces, 100,000 users, 20,000 groups, 150,000 resources, 500,000 grants), as JMH samples of single calls
 * (SampleTime: p50, p99 of the distribution). Questions are 4,096 allowed and 4,096 denied checks of members
 * (owners are a shortcut) drawn at random from all workspaces, visited in turn so caches see a realistic spread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms3g", "-Xmx3g"})
public class PolicyCheckBench {
    @Param({"1000"})
    int workspaces;

    private Evaluator evaluator;
    private CheckRequest[] allowed;
    private CheckRequest[] denied;
    private int nextAllowed;
    private int nextDenied;
    /** The floor: the same questions' answers precomputed in a HashMap (what a decision cache costs at best). */
    private Map<CheckRequest, Verdict> precomputed;
    private CheckRequest[] mixed;
    private int nextMixed;

    @Setup
    public void setUp() {
        RoleCatalogue catalogue = RoleCatalogue.load();
        PolicyDataset dataset = new PolicyDataset(workspaces, 42, catalogue);
        Projection projection = dataset.fold();
        evaluator = new Evaluator(projection, catalogue);
        allowed = dataset.questions(evaluator, true, 4096, 7);
        denied = dataset.questions(evaluator, false, 4096, 8);
        precomputed = new HashMap<>();
        mixed = new CheckRequest[4096];
        for (int i = 0; i < 4096; i++) {
            // Fresh copies: the map hashes and compares the request's fields, as a cache keyed by the question would.
            CheckRequest question = i % 2 == 0 ? allowed[i] : denied[i];
            mixed[i] = new CheckRequest(question.workspaceId(), question.subject(), question.permission(), question.resource());
            precomputed.put(question, evaluator.check(question));
        }
    }

    /** A HashMap lookup of a precomputed answer (half allowed, half denied): the floor a check is compared with. */
    @Benchmark
    public Verdict precomputedAnswer() {
        CheckRequest request = mixed[nextMixed];
        nextMixed = (nextMixed + 1) & 4095;
        return precomputed.get(request);
    }

    @Benchmark
    public Verdict checkAllowed() {
        CheckRequest request = allowed[nextAllowed];
        nextAllowed = (nextAllowed + 1) & 4095;
        return evaluator.check(request);
    }

    @Benchmark
    public Verdict checkDenied() {
        CheckRequest request = denied[nextDenied];
        nextDenied = (nextDenied + 1) & 4095;
        return evaluator.check(request);
    }
}
