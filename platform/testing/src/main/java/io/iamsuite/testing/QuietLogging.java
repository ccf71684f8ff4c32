package io.iamsuite.testing;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the in-JVM broker and embedded PostgreSQL quiet (WARN by default; {@code IAM_TEST_INFRA_LOG_LEVEL} changes it).
 * Levels are set on the JBoss LogManager context (where slf4j and log4j-api are routed in a Quarkus test JVM) and on
 * plain JUL; the loggers are kept referenced so that the levels are not lost to garbage collection. An application
 * under test can still override a category with {@code quarkus.log.category."org.apache.kafka".level}.
 */
final class QuietLogging {

    static final String LEVEL_VARIABLE = "IAM_TEST_INFRA_LOG_LEVEL";
    static final List<String> KAFKA_CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger");
    static final List<String> POSTGRES_CATEGORIES = List.of("io.zonky.test");

    private static final List<Object> RETAINED = new CopyOnWriteArrayList<>();

    private QuietLogging() {
    }

    static void quiet(List<String> categories) {
        Level level = configuredLevel();
        for (String category : categories) {
            Logger jul = Logger.getLogger(category);
            jul.setLevel(level);
            RETAINED.add(jul);
            try {
                org.jboss.logmanager.Logger jboss = org.jboss.logmanager.LogContext.getSystemLogContext().getLogger(category);
                jboss.setLevel(level);
                RETAINED.add(jboss);
            } catch (LinkageError noJbossLogManager) {
                // plain JUL only
            }
        }
    }

    static Level configuredLevel() {
        String value = InfraSettings.variable(LEVEL_VARIABLE);
        return toLevel(value == null ? "WARN" : value);
    }

    static Level toLevel(String name) {
        switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "OFF":
                return Level.OFF;
            case "ERROR":
            case "SEVERE":
                return Level.SEVERE;
            case "INFO":
                return Level.INFO;
            case "DEBUG":
            case "FINE":
                return Level.FINE;
            case "TRACE":
            case "FINER":
            case "FINEST":
                return Level.FINEST;
            case "ALL":
                return Level.ALL;
            default:
                return Level.WARNING;
        }
    }
}
