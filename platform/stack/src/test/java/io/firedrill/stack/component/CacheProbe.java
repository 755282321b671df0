package io.firedrill.stack.component;

/** The application {@link ClassDataArchiveTest} caches: loads a few classes and exits. */
public final class CacheProbe {

    private CacheProbe() {}

    public static void main(String[] args) {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (String word : "probe ran probe".split(" ")) {
            counts.merge(word, 1, Integer::sum);
        }
        System.out.println("probe ran " + counts);
    }
}
