package io.iamsuite.testing;

import java.util.Objects;

/** Where a PostgreSQL server listens and whom to connect as. */
public record PgEndpoint(String host, int port, String username, String password) {

    public PgEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** {@code host:port}, with an IPv6 host in brackets. */
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** {@code jdbc:postgresql://host:port/database} */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + hostPort() + "/" + database;
    }

    /** {@code postgresql://host:port/database}, the form of {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl(String database) {
        return "postgresql://" + hostPort() + "/" + database;
    }

    @Override
    public String toString() {
        return username + "@" + hostPort();
    }
}
