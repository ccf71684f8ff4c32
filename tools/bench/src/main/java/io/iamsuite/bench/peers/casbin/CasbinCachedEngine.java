package io.iamsuite.bench.peers.casbin;

import org.casbin.jcasbin.main.CachedEnforcer;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.persist.Adapter;

/**
 * {@link CasbinRoleGraphEngine} (the faster of the two jCasbin encodings) behind jCasbin's {@link CachedEnforcer}: a
 * decision is remembered by its request ({@code ws_1/user:u_1$$ws_1/source/src_5$$source.read$$}, in a plain
 * {@code HashMap} behind one read-write lock shared by every CachedEnforcer of the JVM) until the cache is cleared.
 * jCasbin clears it by itself only on {@code loadPolicy}/{@code clearPolicy}, and on {@code removePolicy} forgets
 * the one key spelled like the removed line; an added {@code g} line leaves every cached denial stale. So every write
 * here ({@link #addToGroup}, {@link #assignLabel}) ends with {@link CachedEnforcer#invalidateCache()}.
 *
 * <p>Benchmark it on its own workload (half the checks first seen, every write invalidating): on repeated checks
 * without writes it measures a hash map, not Casbin.
 */
public final class CasbinCachedEngine extends CasbinRoleGraphEngine {

    @Override
    public String name() {
        return "jcasbin-cached";
    }

    @Override
    protected Enforcer newEnforcer(Model model, Adapter adapter) {
        return new CachedEnforcer(model, adapter);
    }

    @Override
    protected void changed() {
        cachedEnforcer().invalidateCache();
    }

    /** The enforcer with its decision cache. */
    public CachedEnforcer cachedEnforcer() {
        return (CachedEnforcer) enforcer;
    }
}
