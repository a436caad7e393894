package dev.capfence.ai.tool;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code capfence.ai.*}: how Spring AI tool calls are gated. */
@ConfigurationProperties("capfence.ai")
public class CapFenceAiProperties {

    /** What a refused tool call gives: a tool result the model reads, or an exception out of the chat call. */
    public enum OnDeny { MESSAGE, THROW }

    /** Whether Spring AI tool calls are gated. */
    private boolean enabled = true;

    /** What a refused tool call gives the caller. */
    private OnDeny onDeny = OnDeny.MESSAGE;

    /** Fail start-up when a tool callback that the application can run is not gated. */
    private boolean requireGated = false;

    /** Per tool name: the capability its calls are decided under (default {@code tool.<name>}). */
    private Map<String, Tool> tools = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public OnDeny getOnDeny() {
        return onDeny;
    }

    public void setOnDeny(OnDeny onDeny) {
        this.onDeny = onDeny;
    }

    public boolean isRequireGated() {
        return requireGated;
    }

    public void setRequireGated(boolean requireGated) {
        this.requireGated = requireGated;
    }

    public Map<String, Tool> getTools() {
        return tools;
    }

    public void setTools(Map<String, Tool> tools) {
        this.tools = tools;
    }

    public static class Tool {

        /** The capability this tool's calls are decided under. */
        private String capability;

        public String getCapability() {
            return capability;
        }

        public void setCapability(String capability) {
            this.capability = capability;
        }
    }
}
