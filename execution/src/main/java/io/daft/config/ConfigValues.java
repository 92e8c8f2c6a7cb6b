package io.daft.config;

import java.util.Locale;

/** Parsing of config values given as text. */
final class ConfigValues {
    private ConfigValues() {
    }

    /** A whole number, optionally with a binary size suffix: {@code 64MiB}, {@code 64MB} and {@code 64m} all mean 64 << 20. */
    static long parseBytesOrLong(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long mult = 1;
        String[][] suffixes = {{"kib", "10"}, {"mib", "20"}, {"gib", "30"}, {"tib", "40"},
                {"kb", "10"}, {"mb", "20"}, {"gb", "30"}, {"tb", "40"}, {"k", "10"}, {"m", "20"}, {"g", "30"}, {"t", "40"}};
        for (String[] s : suffixes) {
            if (t.endsWith(s[0])) {
                mult = 1L << Integer.parseInt(s[1]);
                t = t.substring(0, t.length() - s[0].length()).trim();
                break;
            }
        }
        return Math.multiplyExact(Long.parseLong(t), mult);
    }

    static boolean parseBoolean(String knob, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true") || t.equals("1") || t.equals("on") || t.equals("yes")) {
            return true;
        }
        if (t.equals("false") || t.equals("0") || t.equals("off") || t.equals("no")) {
            return false;
        }
        throw new io.daft.core.DaftException(knob + " expects true or false, got '" + text + "'");
    }
}
