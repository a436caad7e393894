package dev.capfence.ai.inventory;


import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.capfence.ai.testapp.ToolTestApplication;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /actuator/capfence/tools}: Spring AI tool callbacks and {@code @GatedAction} methods, gated or not. */
@SpringBootTest(classes = ToolTestApplication.class,
        properties = "management.endpoints.web.exposure.include=capfence")
@AutoConfigureMockMvc
class ToolInventoryEndpointTest {

    @Autowired MockMvc mvc;

    @Test
    void listsEveryToolWithItsCapabilityAndWhetherItIsGated() throws Exception {
        String json = mvc.perform(get("/actuator/capfence/tools")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        @SuppressWarnings("unchecked")
        List<Object> tools = JsonMapper.builder().build().readValue(json, List.class);

        assertThat(tools).contains(
                Map.of("name", "fnTool", "kind", "tool-callback", "capability", "tool.fnTool", "gated", true),
                Map.of("name", "writeFile", "kind", "tool-callback", "capability", "tool.writeFile", "gated", true),
                Map.of("name", "deleteFile", "kind", "tool-callback", "capability", "tool.deleteFile", "gated", true),
                Map.of("name", "refund", "kind", "tool-callback", "capability", "tool.refund", "gated", true),
                Map.of("name", "PaymentTools.refund", "kind", "gated-action", "capability", "payments.refund",
                        "gated", true));
        assertThat(tools).allSatisfy(tool -> assertThat(((Map<?, ?>) tool).get("gated")).isEqualTo(true));
    }
}
