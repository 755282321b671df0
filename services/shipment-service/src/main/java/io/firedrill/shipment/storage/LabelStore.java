package io.firedrill.shipment.storage;

import io.firedrill.shipment.ShipmentProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Labels in S3 through the MinIO client. Every call is bounded by {@code firedrill.shipment.upload-timeout}
 * (set on the HTTP client); any failure to write is reported as {@link LabelStoreUnavailable}, which the
 * command handler turns into a retry: whatever the cause (network, 5xx, a bucket that is missing or refuses us),
 * the command is still valid and must not be lost.
 */
@Component
public class LabelStore {

    private static final Logger log = LoggerFactory.getLogger(LabelStore.class);
    private static final Set<String> MISSING = Set.of("NoSuchKey", "NoSuchObject", "NotFound");

    private final MinioClient client;
    private final String bucket;
    private final MeterRegistry meters;

    LabelStore(MinioClient labelStoreClient, ShipmentProperties properties, MeterRegistry meters) {
        this.client = labelStoreClient;
        this.bucket = properties.s3().bucket();
        this.meters = meters;
        // Both outcomes exist from the start, so upload latency and failure rate have series before the first label.
        uploadTimer("success");
        uploadTimer("failure");
    }

    /** Writes (or overwrites) the object at {@code key}; timed as {@code firedrill_label_upload_seconds}. */
    public void put(String key, byte[] content, String contentType) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "failure";
        try {
            client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new ByteArrayInputStream(content), (long) content.length, -1L)
                    .contentType(contentType).build());
            outcome = "success";
        } catch (MinioException e) {
            throw new LabelStoreUnavailable("upload of " + key + " to bucket " + bucket + " failed: " + describe(e), e);
        } catch (RuntimeException e) {
            // okhttp reports some timeouts and interrupted calls unchecked.
            throw new LabelStoreUnavailable("upload of " + key + " to bucket " + bucket + " failed: " + e, e);
        } finally {
            sample.stop(uploadTimer(outcome));
        }
    }

    private Timer uploadTimer(String outcome) {
        return Timer.builder("firedrill_label_upload_seconds")
                .description("Time to upload one shipping label to the label store")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Opens the object at {@code key} for streaming. */
    public StoredLabel open(String key) {
        try {
            GetObjectResponse response = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
            String contentType = response.headers().get("Content-Type");
            String length = response.headers().get("Content-Length");
            return new StoredLabel(key, contentType == null ? "application/octet-stream" : contentType,
                    length == null ? -1 : Long.parseLong(length), response);
        } catch (ErrorResponseException e) {
            if (MISSING.contains(e.errorResponse().code())) {
                throw new LabelNotFound(key);
            }
            throw new LabelStoreUnavailable("download of " + key + " failed: " + describe(e), e);
        } catch (MinioException | RuntimeException e) {
            throw new LabelStoreUnavailable("download of " + key + " failed: " + describe(e), e);
        }
    }

    /** Whether an object exists at {@code key} (for health and tests). */
    public boolean exists(String key) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if (MISSING.contains(e.errorResponse().code())) {
                return false;
            }
            throw new LabelStoreUnavailable("stat of " + key + " failed: " + describe(e), e);
        } catch (MinioException | RuntimeException e) {
            throw new LabelStoreUnavailable("stat of " + key + " failed: " + describe(e), e);
        }
    }

    /** Reachability check for the health endpoint: the bucket answers. */
    public boolean bucketExists() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (MinioException | RuntimeException e) {
            throw new LabelStoreUnavailable("bucket " + bucket + " unreachable: " + describe(e), e);
        }
    }

    public String bucket() {
        return bucket;
    }

    private static String describe(Exception e) {
        if (e instanceof ErrorResponseException error) {
            return "S3 " + error.response().code() + " " + error.errorResponse().code() + ": " + error.errorResponse().message();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == e ? e.toString() : e.getClass().getSimpleName() + " caused by " + root;
        if (root instanceof IOException) {
            log.debug("label store I/O failure", e);
        }
        return message;
    }
}
