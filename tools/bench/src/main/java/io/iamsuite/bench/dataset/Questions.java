package io.iamsuite.bench.dataset;

import io.iamsuite.events.MemberRole;
import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.CheckRequest;
import io.iamsuite.policy.domain.Evaluator;
import io.iamsuite.policy.domain.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Permission questions drawn from a {@link Dataset} (seeded), with the answers of our {@link Evaluator}: the sample
 * the conformance run asks every peer and the benchmarks cycle through.
 *
 * <p>Subjects: 80 % members (not the owner), 5 % owners, 15 % tokens; actions {@code source.read},
 * {@code source.update}, {@code destination.read}, {@code destination.update} on an existing source or destination of
 * the subject's workspace (the {@code ws_big} workspace is left out).
 */
public final class Questions {
    static final String[] SOURCE_ACTIONS = {"source.read", "source.update"};
    static final String[] DESTINATION_ACTIONS = {"destination.read", "destination.update"};

    private Questions() {
    }

    /** A question with our answer. */
    public record Answered(Dataset.Question question, boolean allowed) {
        public CheckRequest request() {
            return toRequest(question);
        }
    }

    public static CheckRequest toRequest(Dataset.Question q) {
        return new CheckRequest(q.workspaceId(), q.subject(), q.action(), q.resource());
    }

    /**
     * Every question {@link #sample} can draw, each once: in every ordinary workspace, every member (the owner too)
     * and token, every source and destination, every action of its type. At medium, 22 million.
     */
    public static void everyQuestion(Dataset dataset, java.util.function.Consumer<Dataset.Question> into) {
        for (Dataset.Workspace ws : dataset.workspaces()) {
            if (ws.id().equals(DatasetGenerator.BIG)) {
                continue;
            }
            List<Subject> subjects = new ArrayList<>();
            ws.members().forEach(m -> subjects.add(Subject.user(m.userId())));
            ws.tokens().forEach(t -> subjects.add(Subject.token(t.tokenId())));
            for (Subject subject : subjects) {
                for (Dataset.Resource resource : ws.resources()) {
                    for (String action : resource.ref().type() == ResourceType.SOURCE ? SOURCE_ACTIONS : DESTINATION_ACTIONS) {
                        into.accept(new Dataset.Question(ws.id(), subject, action, resource.ref()));
                    }
                }
            }
        }
    }

    /** {@code count} random questions (any answer). */
    public static List<Dataset.Question> sample(Dataset dataset, int count, long seed) {
        List<Dataset.Workspace> ordinary = dataset.workspaces().stream()
                .filter(w -> !w.id().equals(DatasetGenerator.BIG)).toList();
        SplittableRandom random = new SplittableRandom(seed);
        List<Dataset.Question> out = new ArrayList<>(count);
        while (out.size() < count) {
            Dataset.Workspace ws = ordinary.get(random.nextInt(ordinary.size()));
            Subject subject;
            int kind = random.nextInt(100);
            if (kind < 80) {
                Dataset.Member member = ws.members().get(random.nextInt(ws.members().size()));
                if (member.role() == MemberRole.OWNER) {
                    continue;
                }
                subject = Subject.user(member.userId());
            } else if (kind < 85) {
                subject = Subject.user(ws.members().stream().filter(m -> m.role() == MemberRole.OWNER)
                        .findFirst().orElseThrow().userId());
            } else {
                if (ws.tokens().isEmpty()) {
                    continue;
                }
                Dataset.Token token = ws.tokens().get(random.nextInt(ws.tokens().size()));
                subject = Subject.token(token.tokenId());
            }
            Dataset.Resource resource = ws.resources().get(random.nextInt(ws.resources().size()));
            String[] actions = resource.ref().type() == ResourceType.SOURCE ? SOURCE_ACTIONS : DESTINATION_ACTIONS;
            out.add(new Dataset.Question(ws.id(), subject, actions[random.nextInt(actions.length)], resource.ref()));
        }
        return out;
    }

    /** The sample with our evaluator's answers. */
    public static List<Answered> answered(Dataset dataset, Evaluator evaluator, int count, long seed) {
        List<Answered> out = new ArrayList<>(count);
        for (Dataset.Question q : sample(dataset, count, seed)) {
            out.add(new Answered(q, evaluator.check(toRequest(q)) == Verdict.ALLOWED));
        }
        return out;
    }

    /** {@code count} questions our evaluator allows (or denies, as asked), for the single-check benchmarks. */
    public static List<Dataset.Question> withAnswer(Dataset dataset, Evaluator evaluator, boolean allowed, int count, long seed) {
        return at(dataset, pick(dataset, evaluator, allowed, count, seed), seed);
    }

    /**
     * Which questions {@link #withAnswer} takes, as positions in the stream of samples it draws (batches of 1,024
     * seeded {@code seed}, {@code seed + 1}, ...), so that a process without our evaluator can take the same ones
     * with {@link #at}: the same questions, made of the same dataset objects.
     */
    public static int[] pick(Dataset dataset, Evaluator evaluator, boolean allowed, int count, long seed) {
        int[] positions = new int[count];
        int taken = 0;
        for (int batch = 0; taken < count; batch++) {
            List<Dataset.Question> sample = sample(dataset, BATCH, seed + batch);
            for (int i = 0; i < BATCH && taken < count; i++) {
                if ((evaluator.check(toRequest(sample.get(i))) == Verdict.ALLOWED) == allowed) {
                    positions[taken++] = batch * BATCH + i;
                }
            }
        }
        return positions;
    }

    /** The questions at {@link #pick}'s positions. */
    public static List<Dataset.Question> at(Dataset dataset, int[] positions, long seed) {
        List<Dataset.Question> out = new ArrayList<>(positions.length);
        List<Dataset.Question> sample = null;
        int drawn = -1;
        for (int position : positions) {
            int batch = position / BATCH;
            if (batch != drawn) {
                sample = sample(dataset, BATCH, seed + batch);
                drawn = batch;
            }
            out.add(sample.get(position % BATCH));
        }
        return out;
    }

    private static final int BATCH = 1024;
}
