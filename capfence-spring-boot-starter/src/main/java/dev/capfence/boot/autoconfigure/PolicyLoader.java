package dev.capfence.boot.autoconfigure;

import dev.capfence.boot.CapFenceConfigurationException;

import dev.capfence.policy.Policy;
import dev.capfence.policy.PolicyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the {@link Policy} from the properties. Every failure is an exception naming the problem, so the
 * application never starts without a policy.
 */
final class PolicyLoader {

    static final String INLINE_SOURCE = "application properties (capfence.policy)";

    private final ResourceLoader resources;

    PolicyLoader(ResourceLoader resources) {
        this.resources = resources;
    }

    Policy load(CapFenceProperties.PolicySettings settings) {
        String location = settings.getLocation();
        boolean inline = settings.hasInlineRules();
        if (location != null && !location.isBlank() && inline) {
            throw new CapFenceConfigurationException("CapFence: set either capfence.policy.location or inline "
                    + "capfence.policy rules, not both", "Remove one of them.", null);
        }
        try {
            if (inline) {
                return Policy.parse(PolicyYaml.render(inlineDocument(settings)), INLINE_SOURCE);
            }
            if (location == null || location.isBlank()) {
                throw new CapFenceConfigurationException("CapFence: no policy configured",
                        "Set capfence.policy.location (classpath:… or file:…) or write inline "
                        + "capfence.policy.deny|require_approval|allow rules, or set capfence.enabled=false.", null);
            }
            return fromLocation(location.trim());
        } catch (PolicyException e) {
            throw new CapFenceConfigurationException("CapFence: the policy is invalid:\n" + e.getMessage(),
                    "Fix the problems listed (FILE:LINE:COLUMN), or set capfence.enabled=false.", e);
        }
    }

    private Policy fromLocation(String location) {
        // A plain path is a file (as for the CLI), not a classpath entry as Spring's default loader would read it.
        Resource resource = location.contains(":") ? resources.getResource(location)
                : new FileSystemResource(location);
        if (!resource.exists()) {
            throw new CapFenceConfigurationException("CapFence: policy not found: " + location
                    + " (capfence.policy.location)", "Point capfence.policy.location at an existing file.", null);
        }
        // The core resolves `extends` relative to the file or classpath folder, so it loads those itself;
        // other resource kinds (http:, custom protocols) are read through Spring and compiled as text.
        if (location.startsWith("classpath:")) {
            return Policy.load(location);
        }
        if (resource.isFile()) {
            return Policy.load(filePath(resource, location));
        }
        try (InputStream in = resource.getInputStream()) {
            return Policy.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), location);
        } catch (IOException e) {
            throw new CapFenceConfigurationException("CapFence: cannot read policy " + location + ": "
                    + e.getMessage(), "Make the policy readable.", e);
        }
    }

    private static Path filePath(Resource resource, String location) {
        try {
            return resource.getFile().toPath();
        } catch (IOException e) {
            throw new CapFenceConfigurationException("CapFence: cannot read policy " + location + ": "
                    + e.getMessage(), "Make the policy readable.", e);
        }
    }

    private static Map<String, Object> inlineDocument(CapFenceProperties.PolicySettings s) {
        Map<String, Object> doc = new LinkedHashMap<>();
        if (s.getMode() != null) {
            doc.put("mode", s.getMode());
        }
        putIfNotEmpty(doc, "approval", s.getApproval());
        putIfNotEmpty(doc, "deny", s.getDeny());
        putIfNotEmpty(doc, "require_approval", s.getRequireApproval());
        putIfNotEmpty(doc, "allow", s.getAllow());
        putIfNotEmpty(doc, "limits", s.getLimits());
        return doc;
    }

    private static void putIfNotEmpty(Map<String, Object> doc, String key, Object value) {
        if (value instanceof Map<?, ?> m && !m.isEmpty() || value instanceof java.util.List<?> l && !l.isEmpty()) {
            doc.put(key, value);
        }
    }
}
