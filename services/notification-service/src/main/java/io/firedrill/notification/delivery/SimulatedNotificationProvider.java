package io.firedrill.notification.delivery;

import io.firedrill.notification.admin.NotificationSettings;
import io.firedrill.notification.NotificationProperties;
import io.firedrill.notification.NotificationProperties.ProviderBehaviour;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Stands in for the email/SMS/push gateways: each call waits the channel's latency and fails with the channel's
 * failure ratio (both runtime settings). A latency above {@code call-timeout} behaves like a client timeout: the
 * call gives up after the timeout and fails, so a slow provider costs bounded consumer time.
 */
@Service
class SimulatedNotificationProvider implements NotificationProvider {

    private static final Logger log = LoggerFactory.getLogger(SimulatedNotificationProvider.class);

    private final NotificationSettings settings;
    private final Duration callTimeout;

    SimulatedNotificationProvider(NotificationSettings settings, NotificationProperties properties) {
        this.settings = settings;
        this.callTimeout = properties.callTimeout();
    }

    @Override
    public void send(Message message) throws DeliveryFailed {
        ProviderBehaviour behaviour = settings.current().provider(message.channel());
        boolean timesOut = behaviour.latency().compareTo(callTimeout) > 0;
        pause(timesOut ? callTimeout : behaviour.latency());
        if (timesOut) {
            throw new DeliveryFailed(message.channel() + " provider timed out after " + callTimeout.toMillis() + " ms");
        }
        double ratio = behaviour.failureRatio();
        if (ratio > 0 && ThreadLocalRandom.current().nextDouble() < ratio) {
            throw new DeliveryFailed(message.channel() + " provider failed (simulated failure ratio " + ratio + ")");
        }
        log.debug("delivered {} on {} to customer {}: {}", message.notificationId(), message.channel(),
                message.customerId(), message.subject());
    }

    private static void pause(Duration duration) throws DeliveryFailed {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailed("interrupted while waiting for the provider");
        }
    }
}
