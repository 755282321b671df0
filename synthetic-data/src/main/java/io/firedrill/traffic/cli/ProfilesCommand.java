package io.firedrill.traffic.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code profiles}: lists the load profiles and their options. */
@Command(name = "profiles", mixinStandardHelpOptions = true, description = "List the load profiles and their options.")
final class ProfilesCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.println(String.join("\n",
                "constant      --rate R --duration D            R arrivals/s for D (default 20/s, 60s)",
                "ramp          --start-rate A --rate B -d D     linear from A/s to B/s over D",
                "spike         --rate R --spike-factor F        R/s with F x R/s from --spike-at for --spike-length",
                "soak          --rate R --duration D            long constant run (default 10/s, 30m); reports p99 drift",
                "flash-sale    --buyers N --units U -d W        N distinct buyers race for U units of one SKU within W"
                        + " (front-loaded); checks for oversell",
                "multi-region  --rate R --regions ...           constant total, regional shares follow the sun"));
        return TrafficCli.PASS;
    }
}
