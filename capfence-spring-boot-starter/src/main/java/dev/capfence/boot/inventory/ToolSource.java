package dev.capfence.boot.inventory;

import java.util.List;

/** Beans of this type contribute to the tool inventory (logged at start, {@code GET /actuator/capfence/tools}). */
@FunctionalInterface
public interface ToolSource {

    List<InventoriedTool> tools();
}
