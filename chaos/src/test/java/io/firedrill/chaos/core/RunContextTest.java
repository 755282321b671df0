package io.firedrill.chaos.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firedrill.stack.Endpoints;
import io.firedrill.stack.Ports;
import io.firedrill.stack.Stack;
import io.firedrill.stack.StackLayout;
import io.firedrill.stack.component.SpringService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variables a scenario's placeholders see: one URL and one management URL per service of the stack. */
class RunContextTest {

    @Test
    void everyServiceOfTheStackHasItsUrlAndAdminVariables(@TempDir Path dir) {
        Ports ports = new Ports(Ports.DEFAULT_BASE);
        Stack stack = new Stack(new StackLayout(dir, dir.resolve("home"), ports), new PrintStream(new ByteArrayOutputStream()));

        RunContext ctx = new RunContext(stack, Endpoints.of(ports), "defect", Map.of("mode-variable", "x"), new Timeline());

        for (SpringService.Spec service : SpringService.ALL) {
            String name = RunContext.variableName(service);
            assertThat(ctx.variables()).containsEntry(name + ".url", "http://127.0.0.1:" + ports.service(service.portIndex()))
                    .containsEntry(name + ".admin", "http://127.0.0.1:" + ports.management(service.portIndex()));
        }
        assertThat(ctx.variables()).containsKeys("order.url", "inventory.admin", "cdc-relay.admin").containsEntry("mode-variable", "x");
        assertThat(ctx.substitute("${order.admin}/admin/settings")).isEqualTo("http://127.0.0.1:" + ports.management(0) + "/admin/settings");
        assertThatThrownBy(() -> ctx.substitute("${ordr.url}")).hasMessageContaining("unknown variable ${ordr.url}");
    }
}
