package io.iamsuite.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the Kafka clients' INFO chatter (every producer/consumer/admin prints its whole configuration) off the
 * benchmark's output; warnings and the relay's own messages still show. Kafka logs through slf4j, which the
 * Quarkus dependencies route to the JBoss LogManager, so the level is set there and on plain JUL.
 */
public final class Quiet {
    private static final List<Object> RETAINED = new ArrayList<>();

    private Quiet() {
    }

    public static void logging() {
        for (String category : List.of("org.apache.kafka", "kafka", "io.vertx", "io.netty")) {
            Logger jul = Logger.getLogger(category);
            jul.setLevel(Level.WARNING);
            RETAINED.add(jul);
            try {
                org.jboss.logmanager.Logger jboss = org.jboss.logmanager.LogContext.getSystemLogContext().getLogger(category);
                jboss.setLevel(Level.WARNING);
                RETAINED.add(jboss);
            } catch (LinkageError noJbossLogManager) {
                // plain JUL only
            }
        }
    }
}
