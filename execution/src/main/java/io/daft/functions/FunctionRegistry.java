package io.daft.functions;

import io.daft.core.DaftException;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Scalar functions by (case-insensitive) name. */
public final class FunctionRegistry {
    private static final Map<String, ScalarFunction> FUNCTIONS = new ConcurrentHashMap<>();

    private FunctionRegistry() {
    }

    public static void register(ScalarFunction function) {
        FUNCTIONS.put(function.name().toLowerCase(Locale.ROOT), function);
    }

    public static ScalarFunction get(String name) {
        ScalarFunction f = FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new DaftException("unknown function '" + name + "'; known functions are " + new TreeMap<>(FUNCTIONS).keySet());
        }
        return f;
    }
}
