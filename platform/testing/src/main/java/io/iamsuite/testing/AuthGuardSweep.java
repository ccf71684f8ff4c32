package io.iamsuite.testing;

import io.iamsuite.events.Grant;
import io.iamsuite.events.ResourceRef;
import io.iamsuite.events.TokenEvent;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The authorization table of a service, generated from its code: every JAX-RS operation under a package is
 * found by reflection (so a new endpoint is swept without anyone listing it) and asked, as the issue demands:
 * no token → 401; garbage, revoked or expired token → 401; a token of another workspace → 404 that leaks
 * nothing; a member token without the permission → 403; a member token whose grant confers the permission →
 * neither 401 nor 403; and Segment's workspace-less form of the path answers for the token's workspace. An
 * operation that declares no guard ({@code @Requires}, {@code @Open}, {@code @OperatorOnly}) fails the sweep.
 *
 * <p>{@code grantFor} maps a required action to a grant that confers it (the test builds it from the role
 * catalogue), or empty when no single workspace grant confers it.
 */
public final class AuthGuardSweep {
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)(?:\\s*:[^}]*)?}");
    private static final List<String> HTTP = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /** One JAX-RS operation as found in the code. */
    public record Operation(String method, String template, Method javaMethod, String guard, String action) {
        public String name() {
            return method + " " + template + " (" + javaMethod.getDeclaringClass().getSimpleName() + "."
                    + javaMethod.getName() + ")";
        }
    }

    /** A cell of the table that did not hold. */
    public record Failure(Operation operation, String caseName, int status, String body) {
        @Override
        public String toString() {
            return operation.name() + " / " + caseName + ": answered " + status + " " + abbreviate(body);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final InfraInfo infra;
    private final URI base;
    private final String workspaceId;
    private final String otherWorkspaceId;
    private final Function<String, Optional<Grant>> grantFor;

    public AuthGuardSweep(InfraInfo infra, URI base, String workspaceId, String otherWorkspaceId,
                          Function<String, Optional<Grant>> grantFor) {
        this.infra = infra;
        this.base = base;
        this.workspaceId = workspaceId;
        this.otherWorkspaceId = otherWorkspaceId;
        this.grantFor = grantFor;
    }

    /** Every operation of the JAX-RS classes in {@code anchor}'s package (and its sub-packages). */
    public static List<Operation> operations(Class<?> anchor) {
        try {
            Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            String packagePath = anchor.getPackageName().replace('.', '/');
            List<Operation> operations = new ArrayList<>();
            try (Stream<Path> files = Files.walk(root.resolve(packagePath))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                    String className = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                    Class<?> type = Class.forName(className, false, anchor.getClassLoader());
                    String classPath = pathOf(type.getAnnotations());
                    if (classPath == null) {
                        continue;
                    }
                    for (Method method : type.getDeclaredMethods()) {
                        String verb = verbOf(method);
                        if (verb == null) {
                            continue;
                        }
                        String methodPath = pathOf(method.getAnnotations());
                        String template = join(classPath, methodPath);
                        operations.add(new Operation(verb, template, method, guardOf(method), actionOf(method)));
                    }
                }
            }
            return operations;
        } catch (IOException | URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot list the operations of " + anchor.getPackageName(), e);
        }
    }

    /** Runs the table over {@code operations}; answers the cells that did not hold (empty = all good). */
    public List<Failure> run(List<Operation> operations) {
        String owner = TestTokens.issue(infra, workspaceId, TokenEvent.Access.OWNER, List.of(), null);
        String stranger = TestTokens.issue(infra, otherWorkspaceId, TokenEvent.Access.OWNER, List.of(), null);
        String member = TestTokens.issue(infra, workspaceId, TokenEvent.Access.MEMBER, List.of(), null);
        String revoked = TestTokens.issueRevoked(infra, workspaceId);
        String expired = TestTokens.issue(infra, workspaceId, TokenEvent.Access.OWNER, List.of(),
                Instant.now().minusSeconds(60));
        awaitKnown(owner);
        awaitKnown(stranger);
        awaitKnown(member);
        awaitRefused(revoked, "revoked");
        awaitRefused(expired, "expired");

        List<Failure> failures = new ArrayList<>();
        for (Operation op : operations) {
            if (op.guard() == null) {
                failures.add(new Failure(op, "declares a guard (@Requires, @Open or @OperatorOnly)", 0, ""));
                continue;
            }
            if (op.guard().equals("anonymous")) {
                continue;
            }
            String path = concrete(op.template(), workspaceId);
            expect(failures, op, "no token", send(op, path, null), s -> s == 401);
            expect(failures, op, "a garbage token", send(op, path, "Bearer not-a-token"), s -> s == 401);
            expect(failures, op, "a revoked token", send(op, path, "Bearer " + revoked), s -> s == 401);
            expect(failures, op, "an expired token", send(op, path, "Bearer " + expired), s -> s == 401);
            if (op.template().contains("{workspaceId}")) {
                HttpResponse<String> foreign = send(op, path, "Bearer " + stranger);
                expect(failures, op, "another workspace's token", foreign,
                        s -> s == 404 && !foreign.body().contains("\"data\""));
            }
            if (op.guard().equals("requires") || op.guard().equals("operator")) {
                expect(failures, op, "a member token without the permission", send(op, path, "Bearer " + member),
                        s -> s == 403);
            }
            if (op.guard().equals("requires")) {
                Optional<Grant> grant = op.action() == null ? Optional.empty() : grantFor.apply(op.action());
                if (grant.isPresent()) {
                    String allowed = TestTokens.issue(infra, workspaceId, TokenEvent.Access.MEMBER, List.of(
                            new Grant(grant.get().roleId(), ResourceRef.workspace(workspaceId), grant.get().labels())), null);
                    awaitKnown(allowed);
                    expect(failures, op, "a member token whose grant confers " + op.action(),
                            send(op, path, "Bearer " + allowed), s -> s != 401 && s != 403);
                }
                expect(failures, op, "an owner token", send(op, path, "Bearer " + owner), s -> s != 401 && s != 403);
                String prefix = "/workspaces/{workspaceId}";
                if (op.template().startsWith(prefix + "/")) {
                    String rootless = concrete(op.template().substring(prefix.length()), workspaceId);
                    expect(failures, op, "Segment's workspace-less path " + rootless,
                            send(op, rootless, "Bearer " + owner), s -> s != 401 && s != 403);
                }
            }
        }
        return failures;
    }

    private void expect(List<Failure> failures, Operation op, String caseName, HttpResponse<String> response,
                        java.util.function.IntPredicate ok) {
        if (!ok.test(response.statusCode())) {
            failures.add(new Failure(op, caseName, response.statusCode(), response.body()));
        }
    }

    private HttpResponse<String> send(Operation op, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        boolean body = op.method().equals("POST") || op.method().equals("PUT") || op.method().equals("PATCH");
        request.method(op.method(), body ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (body) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(op.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the service's token directory knows the token (an authenticated unknown path is a 404). */
    private void awaitKnown(String secret) {
        await(secret, status -> status != 401, "known");
    }

    private void awaitRefused(String secret, String reason) {
        await(secret, status -> status == 401, reason);
        Waits.until("the service to refuse a token as " + reason, Duration.ofSeconds(30),
                () -> probe(secret).body().contains(reason));
    }

    private void await(String secret, java.util.function.IntPredicate done, String what) {
        Waits.until("the service to learn a test token (" + what + ")", Duration.ofSeconds(30),
                () -> done.test(probe(secret).statusCode()));
    }

    private HttpResponse<String> probe(String secret) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/workspaces/" + workspaceId + "/__auth_probe"))
                .header("Authorization", "Bearer " + secret).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String concrete(String template, String workspaceId) {
        Matcher matcher = PARAM.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            matcher.appendReplacement(out, Matcher.quoteReplacement(name.equals("workspaceId") ? workspaceId : "sweep_" + name));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String guardOf(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            String name = annotation.annotationType().getName();
            if (name.equals("io.iamsuite.auth.Requires") || name.equals("io.iamsuite.auth.Requires$All")) {
                return "requires";
            }
            if (name.equals("io.iamsuite.auth.OperatorOnly")) {
                return "operator";
            }
            if (name.equals("io.iamsuite.auth.Open")) {
                return (boolean) invoke(annotation, "anonymous") ? "anonymous" : "open";
            }
        }
        return null;
    }

    private static String actionOf(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            if (annotation.annotationType().getName().equals("io.iamsuite.auth.Requires")) {
                return (String) invoke(annotation, "value");
            }
            // several permissions (Requires$All): no single grant; the owner-token case covers it

        }
        return null;
    }

    private static Object invoke(Annotation annotation, String attribute) {
        try {
            return annotation.annotationType().getMethod(attribute).invoke(annotation);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String verbOf(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            String simple = annotation.annotationType().getSimpleName();
            if (HTTP.contains(simple) && annotation.annotationType().getPackageName().equals("jakarta.ws.rs")) {
                return simple;
            }
        }
        return null;
    }

    private static String pathOf(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            if (annotation.annotationType().getName().equals("jakarta.ws.rs.Path")) {
                return (String) invoke(annotation, "value");
            }
        }
        return null;
    }

    private static String join(String classPath, String methodPath) {
        String joined = "/" + classPath.replaceAll("^/+|/+$", "");
        if (methodPath != null && !methodPath.isBlank() && !methodPath.equals("/")) {
            joined += "/" + methodPath.replaceAll("^/+", "");
        }
        return joined.replaceAll("/+$", "").isEmpty() ? "/" : joined.replaceAll("/+$", "");
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

    /**
     * The usual {@code grantFor}: a grant of a non-owner role that confers {@code action} on the whole workspace,
     * if the role catalogue has one (else the owner-token case stands for "the right role").
     */
    public static Optional<Grant> workspaceGrant(String action) {
        io.iamsuite.catalogue.RoleCatalogue catalogue = CatalogueHolder.CATALOGUE;
        var type = catalogue.action(action).orElseThrow().type();
        return catalogue.roles().stream()
                .filter(role -> role.kind() != io.iamsuite.catalogue.RoleKind.OWNER)
                .filter(role -> catalogue.confers(role.id(), action, type, io.iamsuite.catalogue.Scope.WORKSPACE))
                .findFirst()
                .map(role -> Grant.on(role.id(), ResourceRef.workspace("ws")));
    }

    private static final class CatalogueHolder {
        static final io.iamsuite.catalogue.RoleCatalogue CATALOGUE = io.iamsuite.catalogue.RoleCatalogue.load();
    }

    /** For error messages: the table's operations by name. */
    public static Map<String, Operation> byName(List<Operation> operations) {
        Map<String, Operation> map = new java.util.LinkedHashMap<>();
        operations.forEach(op -> map.put(op.name(), op));
        return map;
    }
}
