package io.firedrill.contracts;

import java.util.List;
import java.util.stream.Stream;

/** The one place that names Kafka topics: {@code <aggregate>.commands}, {@code <aggregate>.events}, {@code <topic>.dlq}. */
public final class Topics {

    private static final String DLQ_SUFFIX = ".dlq";

    private Topics() {}

    public static String commands(Aggregate aggregate) {
        return aggregate.id() + ".commands";
    }

    public static String events(Aggregate aggregate) {
        return aggregate.id() + ".events";
    }

    /** Topic a message is published to: its aggregate's command or event topic. */
    public static String of(MessageType type) {
        return type.kind() == MessageKind.COMMAND ? commands(type.aggregate()) : events(type.aggregate());
    }

    public static String dlq(String topic) {
        if (topic.endsWith(DLQ_SUFFIX)) {
            throw new IllegalArgumentException("'" + topic + "' is already a dead-letter topic");
        }
        return topic + DLQ_SUFFIX;
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
