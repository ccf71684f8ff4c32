package io.iamsuite.bench.peers.casbin;

import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.persist.Adapter;

import java.util.List;

/**
 * A Casbin adapter over lines generated in memory: {@link #loadPolicy} hands them to the model once (then forgets
 * them), as a database adapter would hand over its rows. The engines apply later changes through the enforcer's
 * management API with auto-save off, so nothing is ever saved back.
 */
final class GeneratedPolicyAdapter implements Adapter {
    private List<List<String>> policies;
    private List<List<String>> groupings;

    GeneratedPolicyAdapter(List<List<String>> policies, List<List<String>> groupings) {
        this.policies = policies;
        this.groupings = groupings;
    }

    @Override
    public void loadPolicy(Model model) {
        if (policies == null) {
            throw new IllegalStateException("the generated lines are loaded once");
        }
        for (List<String> line : policies) {
            model.addPolicy("p", "p", line);
        }
        for (List<String> line : groupings) {
            model.addPolicy("g", "g", line);
        }
        policies = null;
        groupings = null;
    }

    @Override
    public void savePolicy(Model model) {
        throw new UnsupportedOperationException("generated policy: nothing to save to");
    }

    @Override
    public void addPolicy(String sec, String ptype, List<String> rule) {
        throw new UnsupportedOperationException("auto-save is off");
    }

    @Override
    public void removePolicy(String sec, String ptype, List<String> rule) {
        throw new UnsupportedOperationException("auto-save is off");
    }

    @Override
    public void removeFilteredPolicy(String sec, String ptype, int fieldIndex, String... fieldValues) {
        throw new UnsupportedOperationException("auto-save is off");
    }
}
