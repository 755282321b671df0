package io.firedrill.stack.component;

import io.firedrill.stack.Endpoints;
import io.firedrill.stack.Health;
import io.firedrill.stack.StackLayout;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/** S3Proxy with the filesystem backend: a real S3 API (signatures, buckets, objects) over local files. */
public final class S3Server implements Component {

    /**
     * The HTTP client of the health check and the bucket bootstrap: a local S3Proxy answers in milliseconds, and
     * MinIO's default timeouts (minutes) would let a wedged one hang {@code status} and {@code up}. Shared, so each
     * probe does not start its own connection pool.
     */
    static final OkHttpClient HTTP = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(3))
            .readTimeout(Duration.ofSeconds(3))
            .writeTimeout(Duration.ofSeconds(3))
            .callTimeout(Duration.ofSeconds(5))
            .build();

    private final StackLayout layout;
    private final Path dir;

    public S3Server(StackLayout layout) {
        this.layout = layout;
        this.dir = layout.componentDir(name());
    }

    @Override public String name() { return "s3"; }

    @Override public List<Integer> ports() { return List.of(layout.ports().s3()); }

    @Override
    public void prepare() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        ServerSupport.snapshotClasspath(layout, name(), layout.runtimeLib("s3proxy"));
        Files.writeString(dir.resolve("s3proxy.conf"), String.join("\n",
                "# Written by firedrill-stack; edit S3Server.java instead.",
                "s3proxy.endpoint=http://127.0.0.1:" + ports().get(0),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + Endpoints.S3_ACCESS_KEY,
                "s3proxy.credential=" + Endpoints.S3_SECRET_KEY,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + dir.resolve("data"),
                ""));
        // S3Proxy ships no logging config, so logback would log every request at DEBUG.
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{ISO8601} %-5level %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.gaul.s3proxy.Main" level="INFO"/>
                  <root level="WARN"><appender-ref ref="STDOUT"/></root>
                </configuration>
                """);
    }

    @Override
    public List<String> command() {
        List<String> cmd = ServerSupport.java(layout, name(), 128, true);
        cmd.addAll(List.of("-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp", ServerSupport.snapshotLib(layout, name(), layout.runtimeLib("s3proxy")),
                "org.gaul.s3proxy.Main", "--properties", dir.resolve("s3proxy.conf").toString()));
        return cmd;
    }

    @Override
    public void afterStart() throws Exception {
        MinioClient client = client();
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(Endpoints.S3_BUCKET).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(Endpoints.S3_BUCKET).build());
        }
    }

    @Override
    public Health health() {
        try {
            boolean bucket = client().bucketExists(BucketExistsArgs.builder().bucket(Endpoints.S3_BUCKET).build());
            return bucket ? Health.up("bucket " + Endpoints.S3_BUCKET) : Health.down("bucket " + Endpoints.S3_BUCKET + " missing");
        } catch (Exception e) {
            return Health.down("s3: " + KafkaBroker.rootMessage(e));
        }
    }

    private MinioClient client() {
        return MinioClient.builder()
                .endpoint("http://127.0.0.1:" + ports().get(0))
                .credentials(Endpoints.S3_ACCESS_KEY, Endpoints.S3_SECRET_KEY)
                .region("us-east-1")
                .httpClient(HTTP)
                .build();
    }
}
