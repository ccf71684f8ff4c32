package io.iamsuite.e2e;

/**
 * The suite under test, as the tests see it.
 *
 * @param baseUrl         the gateway, e.g. {@code http://127.0.0.1:8080} (no trailing slash)
 * @param identityJdbcUrl identity-service's database, for asserting what a request left behind
 * @param managed         whether this JVM started the suite (and stops it at exit)
 * @param operatorSecret  the operator credential of the suite (provisioning; every request of these tests that
 *                        is not about authorization sends it as {@code Authorization: Bearer})
 * @param logDir          where the services write their logs ({@code $IAM_STATE_DIR/logs}), or null if unknown
 */
public record Suite(String baseUrl, String identityJdbcUrl, boolean managed, String operatorSecret,
                    java.nio.file.Path logDir) {
    public String operatorAuthorization() {
        return "Bearer " + operatorSecret;
    }
}
