package io.firedrill.chaos.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What happened when: fault on/off, alert fired/resolved, checks; drawn in the reports. */
public final class Timeline {

    public record Event(Instant at, String kind, String label) {}

    private final Instant start = Instant.now();
    private final List<Event> events = new ArrayList<>();

    public synchronized void add(String kind, String label) {
        events.add(new Event(Instant.now(), kind, label));
    }

    public synchronized void add(Instant at, String kind, String label) {
        events.add(new Event(at, kind, label));
    }

    public Instant start() { return start; }

    public synchronized List<Event> events() {
        List<Event> sorted = new ArrayList<>(events);
        sorted.sort((a, b) -> a.at().compareTo(b.at()));
        return sorted;
    }

    public double secondsSinceStart(Instant at) {
        return Duration.between(start, at).toMillis() / 1000.0;
    }
}
