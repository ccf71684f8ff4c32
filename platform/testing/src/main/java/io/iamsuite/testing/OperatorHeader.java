package io.iamsuite.testing;

import io.restassured.RestAssured;
import io.restassured.filter.Filter;

/**
 * Makes REST Assured send the test operator's token on every request that carries no Authorization header of
 * its own (a test's {@code header("Authorization", ...)} wins). Loaded only when REST Assured is on the test
 * classpath.
 */
final class OperatorHeader {
    private static volatile boolean installed;

    private OperatorHeader() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        Filter operator = (request, response, context) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", "Bearer " + TestTokens.OPERATOR_SECRET);
            }
            return context.next(request, response);
        };
        RestAssured.filters(operator);
        installed = true;
    }
}
