package io.daft.functions;

import io.daft.core.DaftException;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scalar functions by (case-insensitive) name. The built-ins register themselves when this class is first used,
 * so callers never have to set anything up; {@link #register} adds or replaces functions.
 */
public final class FunctionRegistry {
    private static final Map<String, ScalarFunction> FUNCTIONS = new ConcurrentHashMap<>();

    static {
        BuiltinFunctions.registerAll();
    }

    private FunctionRegistry() {
    }

    public static void register(ScalarFunction function) {
        FUNCTIONS.put(function.name().toLowerCase(Locale.ROOT), function);
    }

    /** Registers {@code function} under another name too (e.g. {@code char_length} for {@code length}). */
    public static void registerAlias(String alias, ScalarFunction function) {
        FUNCTIONS.put(alias.toLowerCase(Locale.ROOT), function);
    }

    public static boolean contains(String name) {
        return FUNCTIONS.containsKey(name.toLowerCase(Locale.ROOT));
    }

    public static ScalarFunction get(String name) {
        ScalarFunction f = FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new DaftException("unknown function '" + name + "'; known functions are " + new TreeMap<>(FUNCTIONS).keySet());
        }
        return f;
    }

    /** Names of all registered functions, sorted. */
    public static java.util.Set<String> names() {
        return new TreeMap<>(FUNCTIONS).keySet();
    }
}
