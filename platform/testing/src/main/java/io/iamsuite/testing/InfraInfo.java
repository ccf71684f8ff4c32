package io.iamsuite.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What one test application was given: the Kafka bootstrap servers, its own fresh database, and its own topic
 * namespace. Tests use it to open their own Kafka clients and JDBC connections against the same infrastructure.
 */
public record InfraInfo(String kafkaBootstrap, String jdbcUrl, String reactiveUrl, String username, String password,
        String namespace) {

    /** The database name, the last segment of {@link #jdbcUrl()}. */
    public String database() {
        String path = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** The topic a service of the suite writes its events to: {@code <namespace>.<service>.events.v1}. */
    public String eventsTopic(String service) {
        return namespace + "." + service + ".events.v1";
    }

    /** {@code <namespace>.<name>}, for any other topic. */
    public String topic(String name) {
        return namespace + "." + name;
    }

    /** A new JDBC connection to this application's database; the caller closes it. */
    public Connection openConnection() throws SQLException {
        return Postgres.connect(jdbcUrl, username, password);
    }

    /** Client properties with {@code bootstrap.servers} set, to add serializers or a group id to. */
    public Properties kafkaClientProperties() {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafkaBootstrap);
        return props;
    }

    /** Sends one record to the broker and waits for its acknowledgement, as a service's relay would. */
    public void send(String topic, String key, String value) {
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(kafkaClientProperties(),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic + ": " + e.getCause(), e);
        }
    }

    /** The configuration a Quarkus application under test receives. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrap);
        config.put("quarkus.datasource.db-kind", "postgresql");
        config.put("quarkus.datasource.jdbc.url", jdbcUrl);
        config.put("quarkus.datasource.reactive.url", reactiveUrl);
        config.put("quarkus.datasource.username", username);
        config.put("quarkus.datasource.password", password);
        config.put("iam.kafka.namespace", namespace);
        config.put("quarkus.devservices.enabled", "false");
        config.put("quarkus.kafka.devservices.enabled", "false");
        return config;
    }

    Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("kafkaBootstrap", kafkaBootstrap);
        map.put("jdbcUrl", jdbcUrl);
        map.put("reactiveUrl", reactiveUrl);
        map.put("username", username);
        map.put("password", password);
        map.put("namespace", namespace);
        return map;
    }

    static InfraInfo fromMap(Map<String, String> map) {
        return new InfraInfo(map.get("kafkaBootstrap"), map.get("jdbcUrl"), map.get("reactiveUrl"), map.get("username"),
                map.get("password"), map.get("namespace"));
    }

    @Override
    public String toString() {
        return "InfraInfo[kafka=" + kafkaBootstrap + ", jdbc=" + jdbcUrl + ", user=" + username + ", namespace="
                + namespace + "]";
    }
}
