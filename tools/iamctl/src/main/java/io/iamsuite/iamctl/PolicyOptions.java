package io.iamsuite.iamctl;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where policy-service answers and who asks: shared by the policy commands (who-can, why, replay, diff, rebuild). */
final class PolicyOptions {
    @Option(names = "--gateway", defaultValue = "${env:IAM_GATEWAY:-http://127.0.0.1:8080}",
            description = "Base URL of the suite (default: ${DEFAULT-VALUE}; IAM_GATEWAY)")
    String gateway;

    @Option(names = "--policy-url", description = "policy-service's base URL (default: the gateway)")
    String policyUrl;

    @Option(names = "--bearer", defaultValue = "${env:IAM_OPERATOR_SECRET}",
            description = "Sent as Authorization: Bearer (an owner token, or the operator secret; IAM_OPERATOR_SECRET)")
    String bearer;

    String base() {
        return policyUrl == null ? gateway : policyUrl;
    }

    SuiteClient client() {
        return new SuiteClient(bearer);
    }

    /**
     * Asks policy-service {@code operation} ({@code explain}, {@code lookup-subjects}) live, or with {@code at} as of
     * that point through its {@code /as-of/} twin, showing the elapsed time on {@code err} while it replays.
     */
    SuiteClient.Answer read(String operation, Map<String, Object> body, String workspace, String at, PrintWriter err)
            throws Exception {
        String path = "/policy/v1/" + operation;
        if (at != null) {
            body.put("asOf", asOf(at));
            path = "/policy/v1/as-of/" + operation;
        }
        try (Progress ignored = at == null ? null : Progress.elapsed(err, "Replaying " + workspace + " to " + at)) {
            return client().post(base(), path, body, null);
        }
    }

    /**
     * A point of the log as the as-of endpoints take it: {@code identity=3,resource=2,token=1} (positions per source)
     * or an ISO-8601 time ({@code 2026-01-31T12:00:00Z}), which policy-service validates.
     */
    static Map<String, Object> asOf(String point) {
        Map<String, Object> asOf = new LinkedHashMap<>();
        if (point.contains("=")) {
            Map<String, Object> positions = new LinkedHashMap<>();
            for (String part : point.split(",")) {
                String[] kv = part.split("=", 2);
                String value = kv[1].trim();
                try {
                    positions.put(kv[0].trim(), Long.parseLong(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Position of " + kv[0].trim() + " is not a number: " + value);
                }
            }
            asOf.put("positions", positions);
        } else {
            asOf.put("time", point.trim());
        }
        return asOf;
    }

    /** TYPE:ID as the API's resource object. */
    static Map<String, Object> resource(String typeAndId) {
        int colon = typeAndId.indexOf(':');
        if (colon <= 0 || colon == typeAndId.length() - 1) {
            throw new IllegalArgumentException("Give the resource as TYPE:ID (SOURCE:src_1), not " + typeAndId);
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", typeAndId.substring(0, colon).toUpperCase(java.util.Locale.ROOT));
        resource.put("id", typeAndId.substring(colon + 1));
        return resource;
    }
}
