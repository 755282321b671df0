package io.firedrill.chaos.report;

import java.util.Locale;

/**
 * A value as Grafana shows it in a panel's unit ({@code fieldConfig.defaults.unit}): the units the Firedrill dashboards
 * use ({@code percentunit}, {@code percent}, {@code s}, {@code ms}, {@code bytes}, {@code reqps}, {@code ops},
 * {@code short}); any other unit is written after the number.
 */
final class Units {

    private Units() {}

    static String format(double v, String unit) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        if (unit == null || unit.isBlank() || unit.equals("none")) {
            return number(v);
        }
        return switch (unit) {
            case "percentunit" -> number(v * 100) + "%";
            case "percent" -> number(v) + "%";
            case "s" -> seconds(v);
            case "ms" -> seconds(v / 1000);
            case "bytes" -> bytes(v);
            case "reqps" -> si(v) + " req/s";
            case "ops" -> si(v) + " ops/s";
            case "short" -> si(v);
            default -> number(v) + " " + unit;
        };
    }

    private static String seconds(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0 s";
        }
        if (a < 1) {
            return number(v * 1000) + " ms";
        }
        if (a >= 3600) {
            return number(v / 3600) + " h";
        }
        if (a >= 120) {
            return number(v / 60) + " min";
        }
        return number(v) + " s";
    }

    private static String bytes(double v) {
        return scaled(v, 1024, "B", "KiB", "MiB", "GiB", "TiB");
    }

    private static String si(double v) {
        return scaled(v, 1000, "", "k", "M", "G", "T");
    }

    /** {@code v} divided by {@code base} until below it (or out of units), with its unit after a space if it has one. */
    private static String scaled(double v, double base, String... units) {
        int i = 0;
        while (Math.abs(v) >= base && i < units.length - 1) {
            v /= base;
            i++;
        }
        return number(v) + (units[i].isEmpty() ? "" : " " + units[i]);
    }

    /** Up to three significant digits, no trailing zeros: 0.25, 12.5, 1500. */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        int decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : Math.min(6, 2 - (int) Math.floor(Math.log10(a)));
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s.equals("-0") ? "0" : s;
    }
}
