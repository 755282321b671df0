package io.firedrill.stack;

import java.time.Duration;

/** One row of {@code firedrill-stack status}. {@code pid} is 0 when nothing runs. */
public record ComponentStatus(String component, long pid, int port, boolean running, boolean healthy,
                              Duration uptime, long rssKib, String detail) {
}
