package io.firedrill.stack;

/** Result of one health probe: healthy or not, and a short human detail for the status table. */
public record Health(boolean healthy, String detail) {
    public static Health up(String detail) { return new Health(true, detail); }
    public static Health down(String detail) { return new Health(false, detail); }
}
