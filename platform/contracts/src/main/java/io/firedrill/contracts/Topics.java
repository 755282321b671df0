package io.firedrill.contracts;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The one place that names Kafka topics: {@code <aggregate>.commands}, {@code <aggregate>.events}, {@code <topic>.dlq}. */
public final class Topics {

    private static final String COMMANDS_SUFFIX = ".commands";
    private static final String EVENTS_SUFFIX = ".events";
    private static final String DLQ_SUFFIX = ".dlq";

    /**
     * What an outbox {@code aggregatetype} must look like for cdc-relay to route it: a lower-case name (a participant,
     * or a test's own prefix) followed by {@code .commands} or {@code .events}. Anything else is dead-lettered.
     */
    public static final Pattern ROUTABLE = Pattern.compile("^[a-z][a-z0-9-]*\\.(commands|events)$");

    private Topics() {}

    public static String commands(Aggregate aggregate) {
        return aggregate.id() + COMMANDS_SUFFIX;
    }

    public static String events(Aggregate aggregate) {
        return aggregate.id() + EVENTS_SUFFIX;
    }

    /** Topic a message is published to: its aggregate's command or event topic. */
    public static String of(MessageType type) {
        return type.kind() == MessageKind.COMMAND ? commands(type.aggregate()) : events(type.aggregate());
    }

    /** True when cdc-relay may publish to {@code topic}, see {@link #ROUTABLE}. */
    public static boolean isRoutable(String topic) {
        return ROUTABLE.matcher(topic).matches();
    }

    public static String dlq(String topic) {
        if (isDeadLetter(topic)) {
            throw new IllegalArgumentException("'" + topic + "' is already a dead-letter topic");
        }
        return topic + DLQ_SUFFIX;
    }

    public static boolean isDeadLetter(String topic) {
        return topic.endsWith(DLQ_SUFFIX);
    }

    /** The topic whose dead letters {@code dlqTopic} holds: the inverse of {@link #dlq(String)}. */
    public static String deadLettersOf(String dlqTopic) {
        if (!isDeadLetter(dlqTopic)) {
            throw new IllegalArgumentException("'" + dlqTopic + "' is not a dead-letter topic (must end in " + DLQ_SUFFIX + ")");
        }
        return dlqTopic.substring(0, dlqTopic.length() - DLQ_SUFFIX.length());
    }

    /** Every topic some registered message uses, without dead-letter topics; sorted. */
    public static List<String> all() {
        return Stream.of(MessageType.values()).map(Topics::of).distinct().sorted().toList();
    }

    /** {@link #all()} plus the dead-letter topic of each; what a broker needs created. */
    public static List<String> allWithDeadLetters() {
        return all().stream().flatMap(t -> Stream.of(t, dlq(t))).sorted().toList();
    }
}
