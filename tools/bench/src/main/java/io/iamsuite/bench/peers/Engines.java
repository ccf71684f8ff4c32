package io.iamsuite.bench.peers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every engine by name, created reflectively so that each peer's encoding lives in its own package
 * ({@code peers.casbin}, {@code peers.cedar}, {@code peers.cerbos}) and only this table names them all.
 */
public final class Engines {
    /** name -> class; the order is the order of the tables. */
    public static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        ALL.put("ours", "io.iamsuite.bench.peers.OursEngine");
        ALL.put("jcasbin-domain-rbac", "io.iamsuite.bench.peers.casbin.CasbinDomainRbacEngine");
        ALL.put("jcasbin-role-graph", "io.iamsuite.bench.peers.casbin.CasbinRoleGraphEngine");
        ALL.put("jcasbin-cached", "io.iamsuite.bench.peers.casbin.CasbinCachedEngine");
        ALL.put("cedar-templates", "io.iamsuite.bench.peers.cedar.CedarTemplatesEngine");
        ALL.put("cedar-role-entities", "io.iamsuite.bench.peers.cedar.CedarRoleEntitiesEngine");
        ALL.put("cerbos-http", "io.iamsuite.bench.peers.cerbos.CerbosHttpEngine");
        ALL.put("cerbos-grpc", "io.iamsuite.bench.peers.cerbos.CerbosGrpcEngine");
    }

    private Engines() {
    }

    /** A new, unloaded engine. */
    public static Engine create(String name) {
        String type = ALL.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown engine '" + name + "' (" + String.join(", ", ALL.keySet()) + ")");
        }
        try {
            return (Engine) Class.forName(type).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("engine '" + name + "' is not built yet (" + type + ")", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("engine '" + name + "' cannot be created: " + e, e);
        }
    }
}
