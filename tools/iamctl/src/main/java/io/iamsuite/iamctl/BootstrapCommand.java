package io.iamsuite.iamctl;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Creates the first workspace (resource-service), its owner (identity-service) and an owner API token
 * (token-service's {@code POST /bootstrap}), and prints the token's secret once. Refuses to run when the suite is
 * bootstrapped already (token-service's {@code GET /bootstrap/status}), before creating anything; token-service
 * refuses a second bootstrap on its own too, so two runs at once cannot both get a token.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = "Creates the first workspace, its owner and an owner API token; prints the token once.")
public class BootstrapCommand implements Callable<Integer> {
    static final int REFUSED = 3;
    static final int FAILED = 4;

    @Option(names = "--gateway", defaultValue = "${env:IAM_GATEWAY:-http://127.0.0.1:8080}",
            description = "Base URL of the suite (default: ${DEFAULT-VALUE}; IAM_GATEWAY)")
    String gateway;

    @Option(names = "--resource-url", description = "resource-service's base URL (default: the gateway)")
    String resourceUrl;

    @Option(names = "--identity-url", description = "identity-service's base URL (default: the gateway)")
    String identityUrl;

    @Option(names = "--token-url", description = "token-service's base URL (default: the gateway)")
    String tokenUrl;

    @Option(names = "--workspace-name", required = true, description = "Name of the first workspace")
    String workspaceName;

    @Option(names = "--workspace-slug", required = true, description = "Slug of the first workspace (a-z, 0-9, -)")
    String workspaceSlug;

    @Option(names = "--owner-email", required = true, description = "Email of the workspace's first owner")
    String ownerEmail;

    @Option(names = "--owner-name", defaultValue = "", description = "Display name of the owner")
    String ownerName;

    @Option(names = "--description", defaultValue = "Bootstrap owner token", description = "The token's description")
    String description;

    @Option(names = "--bearer", defaultValue = "${env:IAM_OPERATOR_SECRET}",
            description = "Sent as Authorization: Bearer to resource- and identity-service once they authenticate"
                    + " callers (the operator secret; IAM_OPERATOR_SECRET)")
    String bearer;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SuiteClient client = new SuiteClient(bearer);
        String resources = resourceUrl == null ? gateway : resourceUrl;
        String identity = identityUrl == null ? gateway : identityUrl;
        String tokens = tokenUrl == null ? gateway : tokenUrl;

        SuiteClient.Answer status = client.get(tokens, "/bootstrap/status");
        if (status.status() != 200) {
            err.println("Cannot ask token-service whether the suite is bootstrapped: " + status.errorMessage());
            return FAILED;
        }
        if (status.body().path("data").path("bootstrapped").asBoolean(false)) {
            err.println("Refused: this suite is bootstrapped already (a token exists). Ask an owner for a token.");
            return REFUSED;
        }

        Map<String, Object> workspace = new LinkedHashMap<>();
        workspace.put("name", workspaceName);
        workspace.put("slug", workspaceSlug);
        SuiteClient.Answer created = client.post(resources, "/workspaces", workspace, null);
        if (created.status() != 201) {
            err.println("Could not create the workspace: " + created.errorMessage());
            return FAILED;
        }
        String workspaceId = created.body().path("data").path("workspace").path("id").asText();
        String createdToken = consistencyToken(created);
        err.println("Created workspace " + workspaceId + " (" + workspaceSlug + ")");

        Map<String, Object> member = new LinkedHashMap<>();
        member.put("email", ownerEmail);
        member.put("name", ownerName);
        member.put("role", "OWNER");
        SuiteClient.Answer added = client.post(identity, "/workspaces/" + workspaceId + "/members", member, createdToken);
        if (added.status() != 201) {
            err.println("Created workspace " + workspaceId + " but could not add its owner: " + added.errorMessage());
            return FAILED;
        }
        String userId = added.body().path("data").path("user").path("id").asText();
        err.println("Added owner " + ownerEmail + " (" + userId + ")");

        Map<String, Object> first = new LinkedHashMap<>();
        first.put("workspaceId", workspaceId);
        first.put("ownerUserId", userId);
        first.put("description", description);
        SuiteClient.Answer issued = client.post(tokens, "/bootstrap", first, createdToken);
        if (issued.status() == 409) {
            err.println("Refused: the suite was bootstrapped meanwhile (workspace " + workspaceId + " and owner "
                    + userId + " were created, no token was issued).");
            return REFUSED;
        }
        if (issued.status() != 201) {
            err.println("Created workspace " + workspaceId + " and owner " + userId + " but no token: "
                    + issued.errorMessage());
            return FAILED;
        }
        JsonNode data = issued.body().path("data");
        out.println("workspaceId=" + workspaceId);
        out.println("ownerUserId=" + userId);
        out.println("tokenId=" + data.path("token").path("id").asText());
        out.println("secret=" + data.path("secret").asText());
        out.flush();
        err.println("The secret is shown this once: store it now (Authorization: Bearer <secret>).");
        return 0;
    }

    private static String consistencyToken(SuiteClient.Answer answer) {
        if (answer.consistencyToken() != null) {
            return answer.consistencyToken();
        }
        JsonNode token = answer.body().path("data").path("consistencyToken");
        return token.isTextual() ? token.asText() : null;
    }
}
