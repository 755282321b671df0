package io.firedrill.traffic.cli;

import io.firedrill.traffic.data.DataSpec;
import io.firedrill.traffic.data.SyntheticData;
import io.firedrill.traffic.profile.LoadProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code generate}: writes a seed's data set with {@link DataSetWriter}. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write the seeded synthetic data set as JSON lines: customers.jsonl, catalog.jsonl and workload.jsonl "
                + "(the first --items arrivals of the profile with their intended times). Same seed, same bytes.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin ProfileOptions profile = new ProfileOptions();
    @Mixin DataOptions data = new DataOptions();

    @Option(names = {"-o", "--out"}, required = true, description = "Directory to write into.")
    Path out;

    @Option(names = "--items", defaultValue = "1000", description = "Workload items to write. Default: ${DEFAULT-VALUE}.")
    int items;

    @Override
    public Integer call() throws IOException {
        if (items < 0 || items > 10_000_000) {
            throw new IllegalArgumentException("--items must be between 0 and 10000000, got " + items);
        }
        DataSpec spec = profile.adapt(data.spec());
        LoadProfile shape = profile.build(spec);
        DataSetWriter.write(new SyntheticData(data.seed, spec), shape, profile.arrivals, items, out);
        System.out.println("wrote " + out.resolve("customers.jsonl") + ", " + out.resolve("catalog.jsonl") + ", "
                + out.resolve("workload.jsonl"));
        return TrafficCli.PASS;
    }
}
