package io.firedrill.traffic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.firedrill.traffic.data.CatalogItem;
import io.firedrill.traffic.data.Customer;
import io.firedrill.traffic.data.SyntheticData;
import io.firedrill.traffic.data.WorkItem;
import io.firedrill.traffic.data.Workload;
import io.firedrill.traffic.profile.ArrivalSchedule;
import io.firedrill.traffic.profile.LoadProfile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a seed's data set as JSON lines (customers.jsonl, catalog.jsonl, workload.jsonl), for {@code generate} and for
 * anyone who wants to look at what a run would send.
 */
public final class DataSetWriter {

    private DataSetWriter() {}

    /** The data set of a seed as JSON lines; byte-identical for the same seed, spec and profile. */
    public static void write(SyntheticData data, LoadProfile profile, ArrivalSchedule.Spacing spacing, int items, Path dir)
            throws IOException {
        ObjectMapper json = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("customers.jsonl"), StandardCharsets.UTF_8)) {
            for (Customer c : data.customers()) {
                w.write(json.writeValueAsString(c));
                w.write('\n');
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("catalog.jsonl"), StandardCharsets.UTF_8)) {
            for (CatalogItem c : data.catalog()) {
                w.write(json.writeValueAsString(c));
                w.write('\n');
            }
        }
        ArrivalSchedule schedule = new ArrivalSchedule(profile, spacing, SyntheticData.mix(data.seed(), 0xA441L));
        Workload workload = data.workload();
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("workload.jsonl"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < items; i++) {
                double t = schedule.next();
                if (t < 0) {
                    break;
                }
                double[] weights = profile.regionWeightsAt(t);
                WorkItem item = weights == null ? workload.next() : workload.next(weights);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("t", Math.round(t * 1e6) / 1e6);
                line.put("kind", item.kind().key());
                line.put("item", item);
                w.write(json.writeValueAsString(line));
                w.write('\n');
            }
        }
    }
}
