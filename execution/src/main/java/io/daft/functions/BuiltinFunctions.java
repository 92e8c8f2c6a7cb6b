package io.daft.functions;

/** The functions every engine has: math, strings, pattern matching, dates and times, null handling. */
final class BuiltinFunctions {
    private BuiltinFunctions() {
    }

    static void registerAll() {
        FunctionRegistry.register(new Coalesce());
        MathFunctions.registerAll();
        StringFunctions.registerAll();
        LikeFunction.registerAll();
        DateFunctions.registerAll();
        NestedFunctions.registerAll();
    }
}
