package io.firedrill.messaging;

import java.time.Duration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/** {@code POST /actuator/dlq/{topic}} on the management port: replays that dead-letter topic. */
@Endpoint(id = "dlq")
public class DlqEndpoint {

    private final DlqReplayer replayer;

    public DlqEndpoint(DlqReplayer replayer) {
        this.replayer = replayer;
    }

    @WriteOperation
    public DlqReplayer.Report replay(@Selector String topic) {
        return replayer.replay(topic, Duration.ofSeconds(3));
    }
}
