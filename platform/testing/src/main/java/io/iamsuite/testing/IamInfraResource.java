package io.iamsuite.testing;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.logging.Logger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} application a real Kafka broker and a real PostgreSQL:
 * {@code @WithTestResource(IamInfraResource.class)}.
 *
 * <p>Every start hands the application a fresh empty database ({@code iamt_<10 random>}) and a fresh topic namespace
 * ({@code iam.kafka.namespace = t<8 random>}) on the JVM-wide infrastructure of {@link IamInfra}. Stopping drops that
 * database (unless {@code IAM_TEST_KEEP_DATABASES=true} or it is a fixed one) and never stops the shared broker.
 * The returned configuration is {@link InfraInfo#quarkusConfig()} less the datasource keys of absent extensions
 * (no {@code jdbc.url} without quarkus-agroal, no {@code reactive.url} without a reactive client, no datasource keys
 * at all without either).
 *
 * <p>Init args ({@code initArgs = @ResourceArg(name = ..., value = ...)}):
 * <ul>
 *   <li>{@value #ARG_DATABASE}: use this database (created if missing, never dropped) instead of a fresh one;</li>
 *   <li>{@value #ARG_KAFKA}{@code =dedicated}: this application gets its own in-JVM broker, which the test can
 *       {@link EmbeddedKafkaBroker#restart()} ({@code @InjectInfra EmbeddedKafkaBroker broker;});</li>
 *   <li>{@value #ARG_POSTGRES}{@code =dedicated}: its own embedded PostgreSQL, restartable
 *       ({@code @InjectInfra EmbeddedPostgresServer postgres;}).</li>
 * </ul>
 * Tests read the chosen values with {@link #current()} or {@code @InjectInfra InfraInfo infra;}.
 */
public class IamInfraResource implements QuarkusTestResourceLifecycleManager {

    public static final String ARG_DATABASE = "database";
    public static final String ARG_KAFKA = "kafka";
    public static final String ARG_POSTGRES = "postgres";
    public static final String DEDICATED = "dedicated";
    public static final String SHARED = "shared";

    static final String AGROAL_MARKER = "io.quarkus.agroal.DataSource";
    static final String REACTIVE_DATASOURCE_MARKER = "io.quarkus.reactive.datasource.ReactiveDataSource";
    static final String AUTH_MARKER = "io.iamsuite.auth.AuthConfig";
    static final String REST_ASSURED_MARKER = "io.restassured.RestAssured";

    private static final Logger LOG = Logger.getLogger(IamInfraResource.class.getName());
    private static volatile IamInfraResource active;

    private final InfraSettings settings;
    private String fixedDatabase;
    private boolean dedicatedKafka;
    private boolean dedicatedPostgres;

    private EmbeddedKafkaBroker kafka;
    private EmbeddedPostgresServer postgres;
    private PgEndpoint endpoint;
    private InfraInfo info;

    public IamInfraResource() {
        this(InfraSettings.fromEnvironment());
    }

    IamInfraResource(InfraSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        fixedDatabase = blankToNull(initArgs.get(ARG_DATABASE));
        dedicatedKafka = choice(initArgs, ARG_KAFKA);
        dedicatedPostgres = choice(initArgs, ARG_POSTGRES);
    }

    @Override
    public Map<String, String> start() {
        long began = System.nanoTime();
        // Kafka and PostgreSQL come up side by side
        CompletableFuture<String> bootstrap = CompletableFuture.supplyAsync(this::startKafka, runnable -> {
            Thread thread = new Thread(runnable, "iam-infra-kafka-start");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            if (dedicatedPostgres) {
                postgres = new EmbeddedPostgresServer();
                endpoint = postgres.start().endpoint();
            } else {
                endpoint = IamInfra.postgres();
            }
            info = IamInfra.provision(join(bootstrap), endpoint, fixedDatabase);
        } catch (RuntimeException | Error e) {
            closeDedicated(bootstrap);
            throw e;
        }
        Bridge.call("publishCurrent", new Class<?>[] {Map.class}, info.toMap());
        active = this;
        LOG.info(() -> "Test infrastructure ready in " + (System.nanoTime() - began) / 1_000_000 + " ms: " + info);
        Map<String, String> config = forExtensionsPresent(info.quarkusConfig(), IamInfraResource::onClassPath);
        if (onClassPath(AUTH_MARKER)) {
            // Tests act as the operator unless they send their own token (AuthTableTests, TestTokens).
            config = new LinkedHashMap<>(config);
            config.put("iam.auth.operator-secret-hash", TestTokens.hash(TestTokens.OPERATOR_SECRET));
            if (onClassPath(REST_ASSURED_MARKER)) {
                OperatorHeader.install();
            }
        }
        return config;
    }

    /**
     * Leaves out the datasource keys of extensions the application lacks: Quarkus warns about each unrecognized key
     * (a JDBC-only service would otherwise hear about {@code quarkus.datasource.reactive.url} at every start).
     */
    static Map<String, String> forExtensionsPresent(Map<String, String> config, Predicate<String> onClassPath) {
        boolean jdbc = onClassPath.test(AGROAL_MARKER);
        boolean reactive = onClassPath.test(REACTIVE_DATASOURCE_MARKER);
        Map<String, String> applicable = new LinkedHashMap<>(config);
        if (!jdbc) {
            applicable.remove("quarkus.datasource.jdbc.url");
        }
        if (!reactive) {
            applicable.remove("quarkus.datasource.reactive.url");
        }
        if (!jdbc && !reactive) {
            applicable.keySet().removeIf(key -> key.startsWith("quarkus.datasource."));
        }
        return applicable;
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, IamInfraResource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void stop() {
        if (info == null) {
            return;
        }
        try {
            Bridge.call("clearCurrent", new Class<?>[] {Map.class}, info.toMap());
            if (active == this) {
                active = null;
            }
            if (fixedDatabase == null && !settings.keepDatabases() && !dedicatedPostgres) {
                try {
                    Postgres.dropDatabase(endpoint, info.database());
                } catch (RuntimeException e) {
                    LOG.warning(() -> "Could not drop " + info.database() + ": " + e.getMessage());
                }
            }
        } finally {
            closeDedicated(null);
            info = null;
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        InfraInfo injected = info;
        if (injected == null) {
            return;
        }
        testInjector.injectIntoFields(injected, annotatedWith(InfraInfo.class));
        if (kafka != null) {
            testInjector.injectIntoFields(kafka, annotatedWith(EmbeddedKafkaBroker.class));
        }
        if (postgres != null) {
            testInjector.injectIntoFields(postgres, annotatedWith(EmbeddedPostgresServer.class));
        }
    }

    /** The infrastructure of the test application running now. */
    public static InfraInfo current() {
        Map<String, String> map = Bridge.call("current");
        if (map == null) {
            throw new IllegalStateException("No IamInfraResource is started: annotate the test with "
                    + "@WithTestResource(IamInfraResource.class)");
        }
        return InfraInfo.fromMap(map);
    }

    /** The running application's own broker ({@code kafka=dedicated}). */
    public static EmbeddedKafkaBroker dedicatedKafka() {
        IamInfraResource resource = active;
        if (resource == null || resource.kafka == null) {
            throw new IllegalStateException("No dedicated broker: use initArgs = @ResourceArg(name = \"kafka\", "
                    + "value = \"dedicated\")");
        }
        return resource.kafka;
    }

    /** The running application's own PostgreSQL ({@code postgres=dedicated}). */
    public static EmbeddedPostgresServer dedicatedPostgres() {
        IamInfraResource resource = active;
        if (resource == null || resource.postgres == null) {
            throw new IllegalStateException("No dedicated PostgreSQL: use initArgs = @ResourceArg(name = \"postgres\", "
                    + "value = \"dedicated\")");
        }
        return resource.postgres;
    }

    private void closeDedicated(CompletableFuture<String> pendingKafka) {
        if (pendingKafka != null) {
            try {
                pendingKafka.join();
            } catch (RuntimeException ignored) {
                // failed to start: nothing more to close than what startKafka() kept
            }
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    private static String join(CompletableFuture<String> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private String startKafka() {
        if (dedicatedKafka) {
            kafka = new EmbeddedKafkaBroker();
            return kafka.start().bootstrapServers();
        }
        return IamInfra.kafkaBootstrapServers();
    }

    /** Matches by names, so that a test class loaded by another class loader is still injected. */
    private static Predicate<Field> annotatedWith(Class<?> type) {
        return field -> field.getType().getName().equals(type.getName())
                && java.util.Arrays.stream(field.getAnnotations())
                        .anyMatch(a -> a.annotationType().getName().equals(InjectInfra.class.getName()));
    }

    private static boolean choice(Map<String, String> args, String name) {
        String value = blankToNull(args.get(name));
        if (value == null || SHARED.equalsIgnoreCase(value)) {
            return false;
        }
        if (DEDICATED.equalsIgnoreCase(value)) {
            return true;
        }
        throw new IllegalArgumentException("IamInfraResource init arg " + name + " must be shared or dedicated, got "
                + value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
