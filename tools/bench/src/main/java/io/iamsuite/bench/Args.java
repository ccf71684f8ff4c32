package io.iamsuite.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} and {@code --flag} command-line options; unknown names are an error. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final List<String> known = new ArrayList<>();
    private final String usage;

    public Args(String[] args, String usage) {
        this.usage = usage;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                System.out.println(usage);
                System.exit(0);
            }
            if (!arg.startsWith("--")) {
                throw fail("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                values.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                values.put(name, args[++i]);
            } else {
                values.put(name, "true");
            }
        }
    }

    public String string(String name, String fallback) {
        known.add(name);
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback) {
        String value = string(name, null);
        try {
            return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw fail("--" + name + " expects a number, got " + value);
        }
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(string(name, "false"));
    }

    public List<Integer> integers(String name, String fallback) {
        String value = string(name, fallback);
        List<Integer> list = new ArrayList<>();
        if (value != null && !value.isBlank()) {
            for (String part : value.split(",")) {
                list.add(Integer.parseInt(part.trim()));
            }
        }
        return list;
    }

    /** Call after reading every option: rejects the ones nobody asked for (typos). */
    public void done() {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw fail("unknown option --" + name);
            }
        }
    }

    private IllegalArgumentException fail(String message) {
        System.err.println(message);
        System.err.println(usage);
        System.exit(2);
        return new IllegalArgumentException(message);
    }
}
