package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.CapFenceConfigurationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints a CapFence configuration problem as Boot's "APPLICATION FAILED TO START" report, without the stack. */
class CapFenceFailureAnalyzer extends AbstractFailureAnalyzer<CapFenceConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, CapFenceConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
