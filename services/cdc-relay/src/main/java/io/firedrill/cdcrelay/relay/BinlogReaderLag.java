package io.firedrill.cdcrelay.relay;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * How far Debezium's binlog reader is behind the source: the MilliSecondsBehindSource attribute of the engine's
 * streaming MBean. The relay's freshness clock subtracts it from a heartbeat's time (see {@link RelayClock}).
 */
final class BinlogReaderLag {

    private final String topicPrefix;
    private volatile ObjectName streamingMBean;

    BinlogReaderLag(String relayName) {
        this.topicPrefix = EngineSettings.topicPrefix(relayName);
    }

    /**
     * The reader's lag in milliseconds, or -1 when unknown (no engine streaming yet). Read once per heartbeat, about
     * once a second; the MBean is looked up again only after an engine restart unregistered it.
     */
    long millis() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = streamingMBean;
            if (name == null || !server.isRegistered(name)) {
                Set<ObjectName> names = server.queryNames(new ObjectName(
                        "debezium.*:type=connector-metrics,context=streaming,server=" + topicPrefix + ",*"), null);
                if (names.isEmpty()) {
                    return -1;
                }
                name = names.iterator().next();
                streamingMBean = name;
            }
            return server.getAttribute(name, "MilliSecondsBehindSource") instanceof Number n ? n.longValue() : -1;
        }
        catch (JMException | RuntimeException e) {
            return -1;
        }
    }
}
