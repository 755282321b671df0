package io.firedrill.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin token: random, owner-only, stable across `up`s, and handed to services through stack.env/stack.json. */
class AdminTokenTest {

    @TempDir Path home;

    private StackLayout layout() {
        return new StackLayout(home, home.resolve(".firedrill"), new Ports(31000));
    }

    @Test
    void firstUpGeneratesAnOwnerOnlyTokenThatLaterUpsKeep() throws Exception {
        StackLayout layout = layout();
        assertThat(AdminToken.read(layout)).isEmpty();

        String token = AdminToken.ensure(layout);

        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(AdminToken.file(layout)))).isEqualTo("rw-------");
        assertThat(AdminToken.ensure(layout)).isEqualTo(token);
        assertThat(AdminToken.ensure(new StackLayout(home, home.resolve("other"), new Ports(31000)))).isNotEqualTo(token);
    }

    @Test
    void endpointsFilesCarryTheTokenAndAreOwnerOnly() throws Exception {
        StackLayout layout = layout();
        String token = AdminToken.ensure(layout);
        Endpoints endpoints = Endpoints.of(layout.ports()).withAdminToken(token);

        endpoints.write(layout.envFile(), layout.jsonFile());

        assertThat(Files.readString(layout.envFile())).contains("FIREDRILL_ADMIN_TOKEN=" + token);
        assertThat(Endpoints.read(layout.jsonFile()).adminToken()).isEqualTo(token);
        for (Path file : new Path[] {layout.envFile(), layout.jsonFile()}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(Endpoints.of(layout.ports()).asEnvironment()).doesNotContainKey("FIREDRILL_ADMIN_TOKEN");
    }
}
