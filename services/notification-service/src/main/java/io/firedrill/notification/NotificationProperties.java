package io.firedrill.notification;

import io.firedrill.notification.domain.Channel;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of notification-service ({@code firedrill.notification.*}); the defaults work on the embedded stack.
 *
 * @param attemptsPerRound  provider calls in one delivery round (inline in the consumer, or one sweep pass)
 * @param maxAttempts       provider calls in total before a notification stays FAILED for good
 * @param initialBackoff    pause after the first failed call of a round, doubled per call up to {@code maxBackoff}
 * @param maxBackoff        longest pause between two calls of a round
 * @param retryDelay        how long a FAILED (or deferred) notification waits before the sweep tries another round
 * @param sweepInterval     pause between two passes of the retry sweep
 * @param sweepBatch        notifications one sweep pass handles at most
 * @param lease             how long a delivery owns a notification; a crashed owner's notification is swept after it
 * @param unannouncedAfter  a SENT notification whose NotificationSent did not commit is announced again after this
 * @param callTimeout       a provider call slower than this fails as a timeout
 * @param mongoTimeout      upper bound for one MongoDB call (socket read, server selection)
 * @param breaker           per-channel circuit breaker in front of the provider
 * @param provider          initial simulated-provider behaviour per channel (changed at runtime via /admin/settings)
 * @param queryLimit        most notifications a list endpoint returns (newest first)
 */
@ConfigurationProperties("firedrill.notification")
public record NotificationProperties(
        @DefaultValue("3") int attemptsPerRound,
        @DefaultValue("12") int maxAttempts,
        @DefaultValue("200ms") Duration initialBackoff,
        @DefaultValue("2s") Duration maxBackoff,
        @DefaultValue("5s") Duration retryDelay,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("50") int sweepBatch,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("30s") Duration unannouncedAfter,
        @DefaultValue("2s") Duration callTimeout,
        @DefaultValue("5s") Duration mongoTimeout,
        @DefaultValue Breaker breaker,
        Map<Channel, ProviderBehaviour> provider,
        @DefaultValue("100") int queryLimit) {

    public NotificationProperties {
        if (attemptsPerRound < 1 || maxAttempts < attemptsPerRound) {
            throw new IllegalArgumentException("need 1 <= attempts-per-round (" + attemptsPerRound + ") <= max-attempts ("
                    + maxAttempts + ")");
        }
        Map<Channel, ProviderBehaviour> complete = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            complete.put(channel, provider == null || provider.get(channel) == null
                    ? new ProviderBehaviour(0.0, Duration.ofMillis(20)) : provider.get(channel));
        }
        provider = Map.copyOf(complete);
    }

    /**
     * @param failureThreshold consecutive failures that open the breaker of a channel (0 disables it)
     * @param openFor          how long an open breaker refuses calls before letting one trial through
     */
    public record Breaker(@DefaultValue("5") int failureThreshold, @DefaultValue("10s") Duration openFor) {}


    /** Simulated provider: share of calls that fail, and the latency of each call. */
    public record ProviderBehaviour(double failureRatio, Duration latency) {
        public ProviderBehaviour {
            if (failureRatio < 0 || failureRatio > 1) {
                throw new IllegalArgumentException("failure ratio must be within [0, 1], got " + failureRatio);
            }
            if (latency == null || latency.isNegative() || latency.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("latency must be within [0, 1m], got " + latency);
            }
        }
    }
}
