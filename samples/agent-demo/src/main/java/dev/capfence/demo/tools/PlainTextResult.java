package dev.capfence.demo.tools;

import java.lang.reflect.Type;
import org.springframework.ai.tool.execution.ToolCallResultConverter;

/** The tools return text meant to be read as it is (command output, rows), not a JSON-quoted string. */
public final class PlainTextResult implements ToolCallResultConverter {

    @Override
    public String convert(Object result, Type returnType) {
        return result == null ? "" : result.toString();
    }
}
