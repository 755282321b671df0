package io.firedrill.traffic.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small line/step chart rendered to inline SVG on the JVM, so the HTML report needs no script or network to
 * show it. Linear x; linear or log10 y.
 */
final class SvgChart {

    record Series(String name, String color, double[] xs, double[] ys, boolean dashed, boolean area) {}

    record Marker(double x, String label) {}

    private static final int W = 880;
    private static final int H = 260;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    private final String id;
    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private boolean logY;
    private boolean logX;
    private double[] xTicksOverride;
    private String[] xTickLabels;

    SvgChart(String id, String title, String xLabel, String yLabel) {
        this.id = id;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    SvgChart logY() { logY = true; return this; }

    /** Log x with explicit ticks (the percentile plot: x = 1/(1-p)). */
    SvgChart logX(double[] ticks, String[] labels) {
        logX = true;
        xTicksOverride = ticks;
        xTickLabels = labels;
        return this;
    }

    SvgChart add(Series s) { series.add(s); return this; }

    SvgChart marker(double x, String label) { markers.add(new Marker(x, label)); return this; }

    boolean empty() { return series.stream().allMatch(s -> s.xs().length == 0); }

    String render() {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = 0;
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                xMin = Math.min(xMin, s.xs()[i]);
                xMax = Math.max(xMax, s.xs()[i]);
                if (!logY || s.ys()[i] > 0) {
                    yMin = Math.min(yMin, s.ys()[i]);
                }
                yMax = Math.max(yMax, s.ys()[i]);
            }
        }
        if (!Double.isFinite(xMin)) {
            xMin = 0;
            xMax = 1;
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        double lo;
        double hi;
        if (logY) {
            lo = Math.pow(10, Math.floor(Math.log10(Double.isFinite(yMin) && yMin > 0 ? yMin : 0.01)));
            hi = Math.pow(10, Math.ceil(Math.log10(Math.max(yMax, lo * 10))));
        } else {
            lo = 0;
            hi = niceCeiling(Math.max(yMax, 1) * 1.08);
        }
        final double x0 = xMin;
        final double x1 = xMax;
        final double y0 = lo;
        final double y1 = hi;
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        java.util.function.DoubleUnaryOperator sx = logX
                ? v -> LEFT + (Math.log10(Math.max(v, x0)) - Math.log10(x0)) / (Math.log10(x1) - Math.log10(x0)) * pw
                : v -> LEFT + (v - x0) / (x1 - x0) * pw;
        java.util.function.DoubleUnaryOperator sy = logY
                ? v -> TOP + ph - (Math.log10(Math.max(v, y0)) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) * ph
                : v -> TOP + ph - (v - y0) / (y1 - y0) * ph;

        StringBuilder b = new StringBuilder(8192);
        b.append("<svg class=\"chart\" id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"").append(esc(title)).append("\">");
        b.append("<title>").append(esc(title)).append("</title>");
        b.append("<text x=\"").append(LEFT).append("\" y=\"18\" class=\"ct\">").append(esc(title)).append("</text>");
        // Grid and y ticks.
        List<Double> yTicks = new ArrayList<>();
        if (logY) {
            for (double v = lo; v <= hi * 1.0001; v *= 10) {
                yTicks.add(v);
            }
        } else {
            for (int i = 0; i <= 4; i++) {
                yTicks.add(lo + (hi - lo) * i / 4);
            }
        }
        for (double v : yTicks) {
            double y = sy.applyAsDouble(v);
            b.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"")
                    .append(f(y)).append("\" y2=\"").append(f(y)).append("\"/>");
            b.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4))
                    .append("\" text-anchor=\"end\">").append(esc(label(v))).append("</text>");
        }
        // X ticks.
        if (xTicksOverride != null) {
            for (int i = 0; i < xTicksOverride.length; i++) {
                if (xTicksOverride[i] < x0 || xTicksOverride[i] > x1 * 1.0001) {
                    continue;
                }
                double x = sx.applyAsDouble(xTicksOverride[i]);
                b.append("<text class=\"tick\" x=\"").append(f(x)).append("\" y=\"").append(H - BOTTOM + 16)
                        .append("\" text-anchor=\"middle\">").append(esc(xTickLabels[i])).append("</text>");
            }
        } else {
            double step = niceStep((x1 - x0) / 8);
            for (double v = Math.ceil(x0 / step) * step; v <= x1 + 1e-9; v += step) {
                double x = sx.applyAsDouble(v);
                b.append("<text class=\"tick\" x=\"").append(f(x)).append("\" y=\"").append(H - BOTTOM + 16)
                        .append("\" text-anchor=\"middle\">").append(esc(label(v))).append("</text>");
            }
        }
        b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"")
                .append(TOP + ph).append("\" y2=\"").append(TOP + ph).append("\"/>");
        b.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT).append("\" y1=\"").append(TOP)
                .append("\" y2=\"").append(TOP + ph).append("\"/>");
        b.append("<text class=\"al\" x=\"").append(LEFT + pw / 2).append("\" y=\"").append(H - 6)
                .append("\" text-anchor=\"middle\">").append(esc(xLabel)).append("</text>");
        b.append("<text class=\"al\" transform=\"translate(14 ").append(TOP + ph / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(esc(yLabel)).append("</text>");
        // Markers.
        for (Marker m : markers) {
            if (m.x() < x0 || m.x() > x1) {
                continue;
            }
            double x = sx.applyAsDouble(m.x());
            b.append("<g class=\"marker\"><line x1=\"").append(f(x)).append("\" x2=\"").append(f(x)).append("\" y1=\"").append(TOP)
                    .append("\" y2=\"").append(TOP + ph).append("\"/><text x=\"").append(f(x + 3)).append("\" y=\"").append(TOP + ph - 5)
                    .append("\">").append(esc(m.label())).append("</text></g>");
        }
        // Series.
        int legendX = LEFT + 8;
        for (Series s : series) {
            if (s.xs().length == 0) {
                continue;
            }
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < s.xs().length; i++) {
                double y = logY && s.ys()[i] <= 0 ? y0 : s.ys()[i];
                pts.append(f(sx.applyAsDouble(s.xs()[i]))).append(',').append(f(sy.applyAsDouble(y))).append(' ');
            }
            if (s.area()) {
                b.append("<polygon class=\"series area\" fill=\"").append(s.color()).append("\" fill-opacity=\"0.25\" points=\"")
                        .append(f(sx.applyAsDouble(s.xs()[0]))).append(',').append(TOP + ph).append(' ').append(pts)
                        .append(f(sx.applyAsDouble(s.xs()[s.xs().length - 1]))).append(',').append(TOP + ph).append("\"/>");
            }
            b.append("<polyline class=\"series\" data-name=\"").append(esc(s.name())).append("\" fill=\"none\" stroke=\"")
                    .append(s.color()).append("\" stroke-width=\"1.8\"").append(s.dashed() ? " stroke-dasharray=\"6 4\"" : "")
                    .append(" points=\"").append(pts.toString().trim()).append("\"/>");
            if (s.xs().length == 1) {
                b.append("<circle cx=\"").append(f(sx.applyAsDouble(s.xs()[0]))).append("\" cy=\"").append(f(sy.applyAsDouble(s.ys()[0])))
                        .append("\" r=\"3\" fill=\"").append(s.color()).append("\"/>");
            }
            b.append("<rect x=\"").append(legendX).append("\" y=\"").append(TOP + 4).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(s.color()).append("\"/><text class=\"lg\" x=\"").append(legendX + 14).append("\" y=\"").append(TOP + 13)
                    .append("\">").append(esc(s.name())).append("</text>");
            legendX += 24 + 7 * s.name().length();
        }
        b.append("</svg>");
        return b.toString();
    }

    static double niceCeiling(double v) {
        double mag = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (m * mag >= v) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    static double niceStep(double raw) {
        if (raw <= 0) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * mag >= raw) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    static String label(double v) {
        double a = Math.abs(v);
        if (a >= 1_000_000) {
            return trim(v / 1_000_000) + "M";
        }
        if (a >= 10_000) {
            return trim(v / 1_000) + "k";
        }
        if (a >= 1 || a == 0) {
            return trim(v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f(double v) { return String.format(Locale.ROOT, "%.1f", v); }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
