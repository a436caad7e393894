package dev.capfence.engine;

import dev.capfence.event.ActionEvent;

/** The side effect an event proposes. The runtime calls it only for an authorized action. */
@FunctionalInterface
public interface ActionExecutor<T> {
    T execute(ActionEvent event) throws Exception;
}
