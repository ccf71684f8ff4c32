package io.iamsuite.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Calls the system class loader's copy of a holder class ({@link SharedInfra}, {@link BrokerRegistry}), so that what
 * it holds is JVM-wide although Quarkus loads test resources and test classes in a class loader per application.
 * Only JDK types cross this bridge.
 */
final class Bridge {

    private static final Logger LOG = Logger.getLogger(Bridge.class.getName());
    private static final Map<Class<?>, Class<?>> TARGETS = new ConcurrentHashMap<>();

    private Bridge() {
    }

    static <T> T call(String method) {
        return call(SharedInfra.class, method, new Class<?>[0]);
    }

    static <T> T call(String method, Class<?>[] parameterTypes, Object... args) {
        return call(SharedInfra.class, method, parameterTypes, args);
    }

    @SuppressWarnings("unchecked")
    static <T> T call(Class<?> holder, String method, Class<?>[] parameterTypes, Object... args) {
        try {
            Method m = target(holder).getMethod(method, parameterTypes);
            return (T) m.invoke(null, args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot call " + holder.getSimpleName() + "." + method, e);
        }
    }

    /** The system class loader's copy of {@code holder} when there is one, else {@code holder} itself. */
    static Class<?> target(Class<?> holder) {
        return TARGETS.computeIfAbsent(holder, Bridge::resolve);
    }

    private static Class<?> resolve(Class<?> holder) {
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (holder.getClassLoader() == system) {
            return holder;
        }
        try {
            return Class.forName(holder.getName(), true, system);
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.warning(() -> "iam-testing is not on the system class path; " + holder.getSimpleName()
                    + " is per class loader (" + holder.getClassLoader() + ")");
            return holder;
        }
    }
}
