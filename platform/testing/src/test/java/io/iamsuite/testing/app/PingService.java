package io.iamsuite.testing.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A minimal application bean: sends pings to Kafka and records what it reads back. */
@ApplicationScoped
public class PingService {

    private final List<String> received = new CopyOnWriteArrayList<>();

    @Inject
    @Channel("pings")
    Emitter<String> pings;

    public void ping(String value) {
        pings.send(value).toCompletableFuture().join();
    }

    @Incoming("pongs")
    void receive(String value) {
        received.add(value);
    }

    public List<String> received() {
        return List.copyOf(received);
    }
}
