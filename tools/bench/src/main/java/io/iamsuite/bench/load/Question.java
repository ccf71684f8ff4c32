package io.iamsuite.bench.load;

import io.iamsuite.events.ResourceType;
import io.iamsuite.events.Subject;
import io.iamsuite.policy.domain.CheckRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One permission check of the load sample with the answer policy-service must give. The sample is a tab-separated
 * file (one check a line: workspace, subject type, subject id, permission, resource type, resource id, allowed), written
 * by {@link DatasetSeeder} from its in-process fold of the dataset and read by the gRPC and HTTP load clients and by
 * {@code tools/bench/policy-check.lua} (wrk), so every client asks the same questions.
 */
public record Question(String workspaceId, Subject.Type subjectType, String subjectId, String permission,
                       ResourceType resourceType, String resourceId, boolean allowed) {

    static Question of(CheckRequest request, boolean allowed) {
        return new Question(request.workspaceId(), request.subject().type(), request.subject().id(),
                request.permission(), request.resource().type(), request.resource().id(), allowed);
    }

    /** The body of {@code POST /policy/v1/check} (no consistency: minimizeLatency, the default). */
    String json() {
        return "{\"workspaceId\":\"" + workspaceId + "\",\"subject\":{\"type\":\"" + subjectType + "\",\"id\":\""
                + subjectId + "\"},\"permission\":\"" + permission + "\",\"resource\":{\"type\":\"" + resourceType
                + "\",\"id\":\"" + resourceId + "\"}}";
    }

    @Override
    public String toString() {
        return workspaceId + ": " + subjectType + " " + subjectId + " " + permission + " on " + resourceType + " "
                + resourceId + " (expected " + (allowed ? "allowed" : "denied") + ")";
    }

    static void write(Path file, List<Question> questions) {
        StringBuilder out = new StringBuilder(questions.size() * 64);
        for (Question q : questions) {
            out.append(q.workspaceId).append('\t').append(q.subjectType).append('\t').append(q.subjectId).append('\t')
                    .append(q.permission).append('\t').append(q.resourceType).append('\t').append(q.resourceId)
                    .append('\t').append(q.allowed).append('\n');
        }
        try {
            Files.writeString(file, out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Question[] read(Path file) {
        List<Question> questions = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 7) {
                    throw new IllegalArgumentException(file + ": not 7 tab-separated fields: " + line);
                }
                questions.add(new Question(f[0], Subject.Type.valueOf(f[1]), f[2], f[3], ResourceType.valueOf(f[4]),
                        f[5], Boolean.parseBoolean(f[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (questions.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no questions");
        }
        return questions.toArray(new Question[0]);
    }
}
