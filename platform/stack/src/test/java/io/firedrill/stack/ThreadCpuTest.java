package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CPU of a process split by thread group, read from /proc on this very JVM. */
class ThreadCpuTest {

    @Test
    void aThreadGroupIsTheThreadNameWithItsDigitsAsHashes() {
        String stat = "4243 (C2 CompilerThre) S 1 4242 4242 0 -1 4194560 1000 0 0 0 1234 567 8 9 20 0 1 0 100 0 0";

        assertThat(ThreadCpu.parse(stat)).isEqualTo(new ThreadCpu.ThreadTicks("C# CompilerThre", 1234 + 567));
    }

    @Test
    void theThreadThatSpinsIsTheBusiestGroupOfItsProcess() throws Exception {
        Map<String, Long> self = Map.of("test-jvm", ProcessHandle.current().pid());
        ThreadCpu.Sample before = ThreadCpu.sample(self);
        java.util.concurrent.atomic.AtomicBoolean spin = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread spinner = new Thread(() -> {
            long x = 0;
            while (spin.get()) {
                x += System.identityHashCode(this) ^ x;
            }
            if (x == 42) {
                System.out.print("");
            }
        }, "busy-spinner-7");
        spinner.start();
        Thread.sleep(600);
        ThreadCpu.Sample after = ThreadCpu.sample(self);
        spin.set(false);
        spinner.join();

        Map<String, Double> top = ThreadCpu.busiest(before, after, 3).get("test-jvm");

        assertThat(top).containsKey("busy-spinner-#");
        assertThat(top.keySet().iterator().next()).isEqualTo("busy-spinner-#");
        assertThat(top.get("busy-spinner-#")).as("ms of CPU per second, spinning through a 0.6 s window").isGreaterThan(300);
        assertThat(top).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void theCpuTableListsTheBusiestProcessFirstWithItsThreadsAndTheTotal() {
        Map<String, Double> cores = new java.util.LinkedHashMap<>();
        cores.put("kafka", 0.02);
        cores.put("cdc-relay", 0.05);
        ProcessCpu.Usage usage = new ProcessCpu.Usage(30, cores, 0.07);
        Map<String, Map<String, Double>> busiest = Map.of("cdc-relay", Map.of("pool-#-thread-#", 33.6));

        String table = CpuCommand.table(usage, busiest);

        assertThat(table.lines().toList()).containsExactly(
                "PROCESS                  CORES  BUSIEST THREADS (ms of CPU per s)",
                "cdc-relay                0.050  pool-#-thread-# 33.6",
                "kafka                    0.020  ",
                "total                    0.070  over 30 s");
    }
}
